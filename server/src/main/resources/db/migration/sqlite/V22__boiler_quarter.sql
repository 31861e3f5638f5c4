-- A boiler's (heat battery's) history per quarter hour, from the readings its address's control loop takes: the
-- element's energy (its power integrated by the trapezoid rule between readings), and the water's temperature
-- averaged over time (temperature_ms: the time with a temperature on both sides, its weight when two parts of a
-- quarter are added up), with the lowest and highest seen; null where the boiler reports no temperature.
-- measured_ms, first_ms and last_ms as in battery_quarter.
CREATE TABLE boiler_quarter (
    location_id     INTEGER NOT NULL REFERENCES location (id) ON DELETE CASCADE,
    device          TEXT    NOT NULL CHECK (length(device) BETWEEN 1 AND 40),
    start_epoch     INTEGER NOT NULL CHECK (start_epoch % 900 = 0),
    energy_wh       INTEGER NOT NULL CHECK (energy_wh >= 0),
    temperature_avg REAL,
    temperature_min REAL,
    temperature_max REAL,
    temperature_ms  INTEGER NOT NULL CHECK (temperature_ms BETWEEN 0 AND 900000),
    measured_ms     INTEGER NOT NULL CHECK (measured_ms BETWEEN 0 AND 900000),
    first_ms        INTEGER NOT NULL,
    last_ms         INTEGER NOT NULL CHECK (last_ms >= first_ms),
    PRIMARY KEY (location_id, device, start_epoch)
) WITHOUT ROWID;
