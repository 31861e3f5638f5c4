-- What each node heard from each fleet meter (a dongle publishing on the provider's broker), by the meter id in the
-- topic, whether or not a meter of that name exists (an unknown one is listed, not dropped): one row per meter and
-- node, as a shared subscription may hand one meter's telegrams to several nodes; the operator's page sums them.
-- Times are epoch milliseconds. Written by each node every few seconds for the meters it heard since (docs/CLUSTER.md).
CREATE TABLE fleet_meter_status (
    meter_name        TEXT    NOT NULL,
    node              TEXT    NOT NULL,
    first_heard_ms    BIGINT  NOT NULL,
    last_telegram_ms  BIGINT,
    telegrams         BIGINT  NOT NULL DEFAULT 0,
    rejected          BIGINT  NOT NULL DEFAULT 0,
    last_problem      TEXT,
    last_problem_ms   BIGINT,
    updated_ms        BIGINT  NOT NULL,
    PRIMARY KEY (meter_name, node)
);
CREATE INDEX fleet_meter_status_last ON fleet_meter_status (last_telegram_ms);
