-- Quarters are kept forever: the tables are keyed by what a row is (meter, start), with no row id of their own
-- (WITHOUT ROWID), so a year of one meter is 35,040 compact rows.
CREATE TABLE meter (
    id     INTEGER PRIMARY KEY,
    name   TEXT    NOT NULL UNIQUE,
    source TEXT    NOT NULL
);

CREATE TABLE quarter (
    meter_id        INTEGER NOT NULL REFERENCES meter (id),
    start_epoch     INTEGER NOT NULL,          -- seconds since 1970-01-01T00:00Z, a multiple of 900
    segment         INTEGER NOT NULL,
    import_day_wh   INTEGER NOT NULL CHECK (import_day_wh >= 0),
    import_night_wh INTEGER NOT NULL CHECK (import_night_wh >= 0),
    export_day_wh   INTEGER NOT NULL CHECK (export_day_wh >= 0),
    export_night_wh INTEGER NOT NULL CHECK (export_night_wh >= 0),
    estimated       INTEGER NOT NULL CHECK (estimated IN (0, 1)),
    PRIMARY KEY (meter_id, start_epoch)
) WITHOUT ROWID;

CREATE TABLE hourly_volume (
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    medium      TEXT    NOT NULL CHECK (medium IN ('gas', 'water')),
    start_epoch INTEGER NOT NULL,              -- a multiple of 3600
    segment     INTEGER NOT NULL,
    litres      INTEGER NOT NULL CHECK (litres >= 0),
    estimated   INTEGER NOT NULL CHECK (estimated IN (0, 1)),
    PRIMARY KEY (meter_id, medium, start_epoch)
) WITHOUT ROWID;

-- The registers at the start of the quarter in progress: a restart resumes there, so that quarter still closes whole.
CREATE TABLE meter_state (
    meter_id        INTEGER PRIMARY KEY REFERENCES meter (id),
    boundary_epoch  INTEGER NOT NULL,
    segment         INTEGER NOT NULL,
    import_day_wh   INTEGER NOT NULL,
    import_night_wh INTEGER NOT NULL,
    export_day_wh   INTEGER NOT NULL,
    export_night_wh INTEGER NOT NULL
);
