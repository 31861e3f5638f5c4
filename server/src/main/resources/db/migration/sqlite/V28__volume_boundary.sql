-- Fleet mode (docs/CLUSTER.md): per meter, gas or water, and hour boundary, the nearest reading of the meter's index
-- known before it (strictly) and the nearest at or after it (litres, with the time the meter took the reading); the
-- index at the boundary is interpolated between the two. As register_boundary is for the quarters: nodes write here
-- with a keep-the-nearest upsert, and the hourly volumes are computed again from the rows. Times are epoch seconds; a
-- side not known yet is NULL.
CREATE TABLE volume_boundary (
    meter_id        INTEGER NOT NULL REFERENCES meter (id),
    medium          TEXT    NOT NULL CHECK (medium IN ('gas', 'water')),
    boundary_epoch  BIGINT  NOT NULL CHECK (boundary_epoch % 3600 = 0),
    before_epoch    BIGINT  CHECK (before_epoch < boundary_epoch),
    before_litres   BIGINT  CHECK (before_litres >= 0),
    after_epoch     BIGINT  CHECK (after_epoch >= boundary_epoch),
    after_litres    BIGINT  CHECK (after_litres >= 0),
    PRIMARY KEY (meter_id, medium, boundary_epoch)
);
