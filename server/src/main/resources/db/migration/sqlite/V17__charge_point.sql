-- EV chargers speaking OCPP 1.6J to this server. A charge point is registered for one address by its device's
-- settings (its id is the last segment of the URL it connects to, its password checked at the handshake); its
-- sessions (transactions, whose ids this server hands out) and the energy each charged per quarter hour, from the
-- charger's energy register, cut at the quarter boundaries so that a session's quarters add up to its meter stop
-- minus its meter start. An address removed takes its chargers, their sessions and quarters with it.
CREATE TABLE charge_point (
    charge_point_id   TEXT    PRIMARY KEY,
    location_id       INTEGER NOT NULL REFERENCES location (id) ON DELETE CASCADE,
    device            TEXT    NOT NULL,
    password_hash     TEXT    NOT NULL,
    phases            INTEGER NOT NULL CHECK (phases IN (1, 3)),
    vendor            TEXT,
    model             TEXT,
    serial_number     TEXT,
    firmware          TEXT,
    last_seen_epoch   INTEGER,
    UNIQUE (location_id, device)
);

CREATE TABLE charge_session (
    transaction_id    INTEGER PRIMARY KEY AUTOINCREMENT,
    charge_point_id   TEXT    NOT NULL REFERENCES charge_point (charge_point_id) ON DELETE CASCADE,
    connector_id      INTEGER NOT NULL,
    id_tag            TEXT    NOT NULL,
    start_epoch       INTEGER NOT NULL,
    meter_start_wh    INTEGER NOT NULL CHECK (meter_start_wh >= 0),
    stop_epoch        INTEGER,
    meter_stop_wh     INTEGER,
    stop_reason       TEXT
);
CREATE INDEX charge_session_point ON charge_session (charge_point_id, start_epoch);

-- One row a quarter hour in which a session charged (or was open): the energy in it and the register at its end
-- (or at the session's stop, in its last quarter), from which a restarted server carries on.
CREATE TABLE charge_quarter (
    transaction_id    INTEGER NOT NULL REFERENCES charge_session (transaction_id) ON DELETE CASCADE,
    start_epoch       INTEGER NOT NULL,
    wh                INTEGER NOT NULL CHECK (wh >= 0),
    end_register_wh   INTEGER NOT NULL,
    PRIMARY KEY (transaction_id, start_epoch)
) WITHOUT ROWID;
CREATE INDEX charge_quarter_start ON charge_quarter (start_epoch);
