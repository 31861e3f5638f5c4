-- A Prepaid household's terms (JSON as the API takes them, from a Brussels date) and the top-ups it recorded.
CREATE TABLE prepaid_terms (
    meter_id     INTEGER PRIMARY KEY REFERENCES meter (id),
    since        TEXT    NOT NULL CHECK (length(since) = 10),
    terms        TEXT    NOT NULL,
    saved_epoch  INTEGER NOT NULL
);

CREATE TABLE prepaid_top_up (
    meter_id     INTEGER NOT NULL REFERENCES meter (id),
    seq          INTEGER NOT NULL,
    at_epoch     INTEGER NOT NULL,
    amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
    channel      TEXT    NOT NULL,
    PRIMARY KEY (meter_id, seq)
) WITHOUT ROWID;
