-- Fleet mode (docs/CLUSTER.md): per meter and quarter boundary, the nearest reading known before it (strictly) and
-- the nearest at or after it, with the four registers of each (Wh); the boundary's registers are interpolated between
-- the two. Nodes write here with a keep-the-nearest upsert, so whichever node wrote what in which order, a row
-- converges to the nearest readings of all offered, and the quarters are computed again from the rows. Times are epoch
-- seconds; a side not known yet is all NULL.
CREATE TABLE register_boundary (
    meter_id                INTEGER NOT NULL REFERENCES meter (id),
    boundary_epoch          BIGINT  NOT NULL CHECK (boundary_epoch % 900 = 0),
    before_epoch            BIGINT  CHECK (before_epoch < boundary_epoch),
    before_import_day_wh    BIGINT,
    before_import_night_wh  BIGINT,
    before_export_day_wh    BIGINT,
    before_export_night_wh  BIGINT,
    after_epoch             BIGINT  CHECK (after_epoch >= boundary_epoch),
    after_import_day_wh     BIGINT,
    after_import_night_wh   BIGINT,
    after_export_day_wh     BIGINT,
    after_export_night_wh   BIGINT,
    PRIMARY KEY (meter_id, boundary_epoch)
);
