-- What the device layer needs of a device entered in the app: the adapter that reaches it (its type, e.g. sunspec,
-- sim, ocpp16) and that type's settings as a JSON object of strings by name. A secret among them (a password the
-- device presents) is kept only as the PasswordEncoder's hash. A device without an adapter is only listed.
ALTER TABLE device ADD COLUMN adapter_type TEXT;
ALTER TABLE device ADD COLUMN adapter_settings TEXT;

-- How the household wants each charger of an address to charge, and the goal of its plan. The charger is named as
-- the control loop names it: the device's id for one entered in the app, its name for one of the properties.
-- Energy in Wh: the car's battery, and the car's consumption per 100 km (25 kWh/100 km is 25000).
CREATE TABLE charger_preference (
    location_id              INTEGER NOT NULL REFERENCES location (id),
    device                   TEXT    NOT NULL,
    mode                     TEXT    NOT NULL CHECK (mode IN ('off', 'now', 'min_solar', 'solar', 'plan')),
    target_soc               INTEGER CHECK (target_soc BETWEEN 1 AND 100),
    departure                TEXT    CHECK (length(departure) = 5),
    normal_up_to             INTEGER CHECK (normal_up_to BETWEEN 0 AND 100),
    battery_wh               INTEGER CHECK (battery_wh > 0),
    soc_entered              INTEGER CHECK (soc_entered BETWEEN 0 AND 100),
    consumption_wh_per_100km INTEGER NOT NULL CHECK (consumption_wh_per_100km BETWEEN 5000 AND 60000),
    saved_epoch              BIGINT  NOT NULL,
    PRIMARY KEY (location_id, device)
);
