-- Solar production per quarter hour, in Wh, for meters with an inverter: the difference of the inverter's lifetime
-- counter (SunSpec WH) interpolated at the quarter's boundaries, so a missed poll loses nothing. counter_wh is the
-- counter at the quarter's end: after a restart the next quarter continues from it. Kept beside the meter's
-- quarters, not in them: the grid meter and the inverter are two devices, and either may be missing.
CREATE TABLE production_quarter (
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    start_epoch BIGINT NOT NULL,               -- a multiple of 900
    wh          BIGINT NOT NULL CHECK (wh >= 0),
    counter_wh  BIGINT NOT NULL,
    PRIMARY KEY (meter_id, start_epoch)
);

-- Each Brussels day's production (start_epoch: the day's local midnight), kept with the quarters in the same
-- transaction as day_total is: a chart of weeks to years reads one row a day.
CREATE TABLE production_day (
    meter_id    INTEGER NOT NULL REFERENCES meter (id),
    start_epoch BIGINT NOT NULL,
    wh          BIGINT NOT NULL,
    quarters    INTEGER NOT NULL,
    PRIMARY KEY (meter_id, start_epoch)
);
