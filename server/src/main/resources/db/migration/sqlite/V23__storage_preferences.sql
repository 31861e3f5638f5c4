-- Who gets the solar surplus first at an address, as the household ordered the flexible loads: every one of EV,
-- BATTERY and BOILER once, comma-separated. No row: the car, the battery, the boiler.
CREATE TABLE surplus_order (
    location_id  INTEGER PRIMARY KEY REFERENCES location (id),
    uses         TEXT    NOT NULL CHECK (length(uses) BETWEEN 10 AND 20),
    saved_epoch  INTEGER NOT NULL
);

-- How the household wants each boiler (heat battery) of its address kept: above floor_c whatever the sun, heated by
-- surplus up to max_c, and once a week to 60 °C against legionella unless turned off. last_legionella_epoch is when
-- the water was last seen at 60 °C or more, kept so that a restart does not forget the weekly cycle; a row may hold
-- only that (the household's choices then their defaults).
CREATE TABLE boiler_preference (
    location_id            INTEGER NOT NULL REFERENCES location (id),
    device                 TEXT    NOT NULL,
    floor_c                REAL    CHECK (floor_c BETWEEN 10 AND 90),
    max_c                  REAL    CHECK (max_c BETWEEN 10 AND 95),
    legionella             INTEGER CHECK (legionella IN (0, 1)),
    last_legionella_epoch  INTEGER,
    saved_epoch            INTEGER NOT NULL,
    PRIMARY KEY (location_id, device)
);
