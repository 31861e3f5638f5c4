-- Notifications shown in the app (and mailed): one per change of state worth telling, its text built when read, in
-- the reader's language, from the message keys of its kind and state and the arguments kept here (a JSON array).
CREATE TABLE notification (
    id            INTEGER PRIMARY KEY,
    meter_id      INTEGER NOT NULL REFERENCES meter (id),
    kind          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    arguments     TEXT    NOT NULL,
    created_epoch INTEGER NOT NULL,
    read_epoch    INTEGER
);
CREATE INDEX notification_meter ON notification (meter_id, created_epoch);

-- The last state told per meter and kind, so that a restart, or another node, never tells the same change twice.
CREATE TABLE notified_state (
    meter_id      INTEGER NOT NULL REFERENCES meter (id),
    kind          TEXT    NOT NULL,
    state         TEXT    NOT NULL,
    changed_epoch INTEGER NOT NULL,
    PRIMARY KEY (meter_id, kind)
) WITHOUT ROWID;
