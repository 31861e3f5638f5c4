-- The sums of each meter's quarters per Brussels calendar day (start_epoch: the day's local midnight), kept with
-- the quarters in the same transaction: a chart of days, weeks, months or years reads one row a day instead of up
-- to 100 quarters. A database that has quarters and no daily sums gets them at the next start.
CREATE TABLE day_total (
    meter_id        INTEGER NOT NULL REFERENCES meter (id),
    start_epoch     BIGINT NOT NULL,
    import_day_wh   BIGINT NOT NULL,
    import_night_wh BIGINT NOT NULL,
    export_day_wh   BIGINT NOT NULL,
    export_night_wh BIGINT NOT NULL,
    quarters        INTEGER NOT NULL,
    estimated       INTEGER NOT NULL,
    PRIMARY KEY (meter_id, start_epoch)
);
