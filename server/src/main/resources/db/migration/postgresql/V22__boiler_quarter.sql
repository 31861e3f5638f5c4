-- A boiler's (heat battery's) history per quarter hour, from the readings its address's control loop takes: the
-- element's energy (its power integrated by the trapezoid rule between readings), and the water's temperature
-- averaged over time (temperature_ms: the time with a temperature on both sides, its weight when two parts of a
-- quarter are added up), with the lowest and highest seen; null where the boiler reports no temperature.
-- measured_ms, first_ms and last_ms as in battery_quarter.
CREATE TABLE boiler_quarter (
    location_id     INTEGER          NOT NULL REFERENCES location (id) ON DELETE CASCADE,
    device          TEXT             NOT NULL CHECK (length(device) BETWEEN 1 AND 40),
    start_epoch     BIGINT           NOT NULL CHECK (start_epoch % 900 = 0),
    energy_wh       BIGINT           NOT NULL CHECK (energy_wh >= 0),
    temperature_avg DOUBLE PRECISION,
    temperature_min DOUBLE PRECISION,
    temperature_max DOUBLE PRECISION,
    temperature_ms  BIGINT           NOT NULL CHECK (temperature_ms BETWEEN 0 AND 900000),
    measured_ms     BIGINT           NOT NULL CHECK (measured_ms BETWEEN 0 AND 900000),
    first_ms        BIGINT           NOT NULL,
    last_ms         BIGINT           NOT NULL CHECK (last_ms >= first_ms),
    PRIMARY KEY (location_id, device, start_epoch)
);
