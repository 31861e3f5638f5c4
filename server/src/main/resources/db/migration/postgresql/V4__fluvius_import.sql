-- Where a quarter's energy comes from, ranked: 0 P1 estimated (interpolated across a gap), 1 P1 measured,
-- 2 Fluvius estimate (Geschat), 3 Fluvius read or validated. A write replaces a stored row of a lower rank, never
-- of a higher one; among Fluvius rows the later export wins, as Fluvius revises its own data.
ALTER TABLE quarter ADD COLUMN origin INTEGER NOT NULL DEFAULT 1 CHECK (origin BETWEEN 0 AND 3);
UPDATE quarter SET origin = 0 WHERE estimated;

-- The same ranks for gas and water hours; a Fluvius gas hour also carries its energy (Wh, from Fluvius' kWh row)
-- and whether the calorific value behind it is final ('provisional', 'final', or null when not said).
ALTER TABLE hourly_volume ADD COLUMN origin INTEGER NOT NULL DEFAULT 1 CHECK (origin BETWEEN 0 AND 3);
UPDATE hourly_volume SET origin = 0 WHERE estimated;
ALTER TABLE hourly_volume ADD COLUMN energy_wh BIGINT CHECK (energy_wh >= 0);
ALTER TABLE hourly_volume ADD COLUMN calorific TEXT CHECK (calorific IN ('provisional', 'final'));

-- The P1 quarters a Fluvius import replaced, kept as they were (import and export Wh), so the difference between
-- what the P1 port gave and what Fluvius bills stays visible.
CREATE TABLE p1_quarter (
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    start_epoch BIGINT  NOT NULL,
    import_wh   BIGINT  NOT NULL,
    export_wh   BIGINT  NOT NULL,
    estimated   BOOLEAN NOT NULL,
    PRIMARY KEY (meter_id, start_epoch)
);

-- Per Brussels day (start_epoch: local midnight), the P1 sums of the replaced quarters beside the Fluvius sums of
-- the same quarters; refreshed in the import's transaction for every day it touches.
CREATE TABLE reconciliation_day (
    meter_id          INTEGER NOT NULL REFERENCES meter (id),
    start_epoch       BIGINT  NOT NULL,
    quarters          INTEGER NOT NULL,
    p1_import_wh      BIGINT  NOT NULL,
    p1_export_wh      BIGINT  NOT NULL,
    fluvius_import_wh BIGINT  NOT NULL,
    fluvius_export_wh BIGINT  NOT NULL,
    PRIMARY KEY (meter_id, start_epoch)
);

-- Every import, kept for the list of recent imports and the counts per meter.
CREATE TABLE fluvius_import (
    id          TEXT    NOT NULL PRIMARY KEY,
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    started_epoch BIGINT NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('done', 'failed')),
    kind        TEXT,
    ean         TEXT,
    rows_read   BIGINT  NOT NULL,
    stored      INTEGER NOT NULL,
    missing     INTEGER NOT NULL,
    estimates   INTEGER NOT NULL,
    first_epoch BIGINT,
    last_epoch  BIGINT,
    error_line  INTEGER,
    error       TEXT
);
CREATE INDEX fluvius_import_meter ON fluvius_import (meter_id, started_epoch);
