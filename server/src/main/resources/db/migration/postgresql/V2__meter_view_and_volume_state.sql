-- The meter's own view beside ours. meter_demand_w: the last current average demand (1-0:1.4.0) the meter showed
-- in the quarter, in W, null when no telegram of the quarter carried it (an estimated quarter, an older meter).
ALTER TABLE quarter ADD COLUMN meter_demand_w BIGINT;

-- The meter's own monthly peaks: 1-0:1.6.0 for the month in progress, 0-0:98.1.0 for the months before; the
-- latest value read for a month wins. month is the Brussels calendar month, 'YYYY-MM'.
CREATE TABLE meter_month_peak (
    meter_id       INTEGER NOT NULL REFERENCES meter (id),
    month          TEXT    NOT NULL CHECK (length(month) = 7),
    peak_w         BIGINT  NOT NULL CHECK (peak_w >= 0),
    occurred_epoch BIGINT,                     -- null when the meter sent no valid stamp
    PRIMARY KEY (meter_id, month)
);

-- The gas and water index at the start of the hour in progress: a restart resumes there, so that hour still
-- closes whole (as meter_state does for the quarter).
CREATE TABLE volume_state (
    meter_id       INTEGER NOT NULL REFERENCES meter (id),
    medium         TEXT    NOT NULL CHECK (medium IN ('gas', 'water')),
    boundary_epoch BIGINT  NOT NULL,
    segment        INTEGER NOT NULL,
    litres         BIGINT  NOT NULL,
    PRIMARY KEY (meter_id, medium)
);
