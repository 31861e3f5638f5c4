-- Where a quarter's energy comes from, ranked: 0 P1 estimated (interpolated across a gap), 1 P1 measured,
-- 2 Fluvius estimate (Geschat), 3 Fluvius read or validated. A write replaces a stored row of a lower rank, never
-- of a higher one; among Fluvius rows the later export wins, as Fluvius revises its own data.
-- (SQLite checks a CHECK on an added column against every stored row and prints the check; the values here
-- come only from the code, so the added columns go without.)
ALTER TABLE quarter ADD COLUMN origin INTEGER NOT NULL DEFAULT 1;
UPDATE quarter SET origin = 0 WHERE estimated = 1;

-- The same ranks for gas and water hours; a Fluvius gas hour also carries its energy (Wh, from Fluvius' kWh row)
-- and whether the calorific value behind it is final ('provisional', 'final', or null when not said).
ALTER TABLE hourly_volume ADD COLUMN origin INTEGER NOT NULL DEFAULT 1;
UPDATE hourly_volume SET origin = 0 WHERE estimated = 1;
ALTER TABLE hourly_volume ADD COLUMN energy_wh INTEGER;
ALTER TABLE hourly_volume ADD COLUMN calorific TEXT;

-- The P1 quarters a Fluvius import replaced, kept as they were (import and export Wh), so the difference between
-- what the P1 port gave and what Fluvius bills stays visible.
CREATE TABLE p1_quarter (
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    start_epoch INTEGER NOT NULL,
    import_wh   INTEGER NOT NULL,
    export_wh   INTEGER NOT NULL,
    estimated   INTEGER NOT NULL CHECK (estimated IN (0, 1)),
    PRIMARY KEY (meter_id, start_epoch)
) WITHOUT ROWID;

-- Per Brussels day (start_epoch: local midnight), the P1 sums of the replaced quarters beside the Fluvius sums of
-- the same quarters; refreshed in the import's transaction for every day it touches.
CREATE TABLE reconciliation_day (
    meter_id          INTEGER NOT NULL REFERENCES meter (id),
    start_epoch       INTEGER NOT NULL,
    quarters          INTEGER NOT NULL,
    p1_import_wh      INTEGER NOT NULL,
    p1_export_wh      INTEGER NOT NULL,
    fluvius_import_wh INTEGER NOT NULL,
    fluvius_export_wh INTEGER NOT NULL,
    PRIMARY KEY (meter_id, start_epoch)
) WITHOUT ROWID;

-- Every import, kept for the list of recent imports and the counts per meter.
CREATE TABLE fluvius_import (
    id          TEXT    NOT NULL PRIMARY KEY,
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    started_epoch INTEGER NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('done', 'failed')),
    kind        TEXT,
    ean         TEXT,
    rows_read   INTEGER NOT NULL,
    stored      INTEGER NOT NULL,
    missing     INTEGER NOT NULL,
    estimates   INTEGER NOT NULL,
    first_epoch INTEGER,
    last_epoch  INTEGER,
    error_line  INTEGER,
    error       TEXT
);
CREATE INDEX fluvius_import_meter ON fluvius_import (meter_id, started_epoch);
