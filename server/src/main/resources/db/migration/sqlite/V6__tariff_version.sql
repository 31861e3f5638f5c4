-- A location's tariff versions with the history of every change: each save is a row, never updated. The version in
-- force from a date is the latest save for that date that was not deleted. valid_from is the Brussels date
-- 'YYYY-MM-DD'; tariff is the tariff as the API takes it (JSON).
CREATE TABLE tariff_change (
    meter_id      INTEGER NOT NULL REFERENCES meter (id),
    valid_from    TEXT    NOT NULL CHECK (length(valid_from) = 10),
    saved_epoch   INTEGER NOT NULL,
    seq           INTEGER NOT NULL,            -- orders saves made in the same second
    deleted       INTEGER NOT NULL CHECK (deleted IN (0, 1)),
    tariff        TEXT,                        -- null for a deletion
    PRIMARY KEY (meter_id, seq)
) WITHOUT ROWID;
CREATE INDEX tariff_change_by_date ON tariff_change (meter_id, valid_from, seq);
