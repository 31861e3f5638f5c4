-- A home battery's history per quarter hour, from the readings its address's control loop takes every few seconds:
-- the energy it took in (charged_wh) and gave out (delivered_wh), its power integrated over time by the trapezoid rule
-- between readings, and its state of charge at the quarter's end (the last reading, or the two readings around the
-- boundary interpolated) with the lowest and highest seen. measured_ms is the time the readings covered (a gap of more
-- than two minutes between readings is not integrated); first_ms and last_ms bound them, so that a quarter written in
-- two parts (before and after a restart) is added up, and one written twice is not.
CREATE TABLE battery_quarter (
    location_id   INTEGER NOT NULL REFERENCES location (id) ON DELETE CASCADE,
    device        TEXT    NOT NULL CHECK (length(device) BETWEEN 1 AND 40),
    start_epoch   INTEGER NOT NULL CHECK (start_epoch % 900 = 0),
    charged_wh    INTEGER NOT NULL CHECK (charged_wh >= 0),
    delivered_wh  INTEGER NOT NULL CHECK (delivered_wh >= 0),
    soc_end       REAL    NOT NULL CHECK (soc_end BETWEEN 0 AND 100),
    soc_min       REAL    NOT NULL CHECK (soc_min BETWEEN 0 AND 100),
    soc_max       REAL    NOT NULL CHECK (soc_max BETWEEN 0 AND 100),
    measured_ms   INTEGER NOT NULL CHECK (measured_ms BETWEEN 0 AND 900000),
    first_ms      INTEGER NOT NULL,
    last_ms       INTEGER NOT NULL CHECK (last_ms >= first_ms),
    PRIMARY KEY (location_id, device, start_epoch)
) WITHOUT ROWID;
