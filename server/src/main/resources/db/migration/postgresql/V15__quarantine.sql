-- Register steps above what the connection carries (QuarterBuilder): their quarters are never billed; each is kept
-- with the readings on either side of it and what the readings after it showed. One row a step, keyed by the
-- reading after it, so a replay writes nothing new.
CREATE TABLE quarantine (
    meter_id                INTEGER NOT NULL REFERENCES meter (id),
    after_epoch             BIGINT NOT NULL,
    start_epoch             BIGINT NOT NULL,          -- the first quarter the step falls in
    before_epoch            BIGINT NOT NULL,
    before_import_day_wh    BIGINT NOT NULL,
    before_import_night_wh  BIGINT NOT NULL,
    before_export_day_wh    BIGINT NOT NULL,
    before_export_night_wh  BIGINT NOT NULL,
    after_import_day_wh     BIGINT NOT NULL,
    after_import_night_wh   BIGINT NOT NULL,
    after_export_day_wh     BIGINT NOT NULL,
    after_export_night_wh   BIGINT NOT NULL,
    limit_w                 BIGINT NOT NULL,
    resolution              TEXT NOT NULL CHECK (resolution IN ('spike_discarded', 'new_level', 'over_limit')),
    PRIMARY KEY (meter_id, after_epoch)
);
