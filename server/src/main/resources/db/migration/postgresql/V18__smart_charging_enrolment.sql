-- Each address's enrolment in the smart-charging programme (a new address is a new enrolment): the days it runs,
-- its one EV, and the answers to the conditions Meterkast cannot check itself. It goes with its address.
CREATE TABLE smart_charging_enrolment (
    location_id              INTEGER PRIMARY KEY REFERENCES location (id) ON DELETE CASCADE,
    first_day                TEXT    NOT NULL CHECK (length(first_day) = 10),
    last_day                 TEXT    CHECK (last_day IS NULL OR (length(last_day) = 10 AND last_day >= first_day)),
    vehicle_name             TEXT    CHECK (vehicle_name IS NULL OR length(vehicle_name) BETWEEN 1 AND 100),
    vehicle_id_tag           TEXT    CHECK (vehicle_id_tag IS NULL OR length(vehicle_id_tag) BETWEEN 1 AND 20),
    supply_contract          BOOLEAN NOT NULL,
    quarter_hour_metering    BOOLEAN NOT NULL,
    only_this_app            BOOLEAN NOT NULL,
    normal_charging_percent  INTEGER CHECK (normal_charging_percent BETWEEN 0 AND 100),
    target_percent           INTEGER CHECK (target_percent BETWEEN 0 AND 100),
    saved_epoch              BIGINT  NOT NULL
);
