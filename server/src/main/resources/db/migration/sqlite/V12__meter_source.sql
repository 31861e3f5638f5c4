-- A live source given to an address in the app (a TCP dongle's host:port, a HomeWizard P1 meter's host), read
-- again at every start beside the meters of meterkast.meters.*.
CREATE TABLE meter_source (
    meter_id     INTEGER PRIMARY KEY REFERENCES meter (id),
    kind         TEXT    NOT NULL CHECK (kind IN ('tcp', 'homewizard')),
    address      TEXT    NOT NULL,
    saved_epoch  INTEGER  NOT NULL
);
