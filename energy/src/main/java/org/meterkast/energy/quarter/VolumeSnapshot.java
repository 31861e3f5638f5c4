package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/** A gas or water meter's index in litres, with the time the meter took it (its M-Bus capture time). */
public record VolumeSnapshot(Instant at, long litres) {
    public VolumeSnapshot {
        Objects.requireNonNull(at, "at");
        if (litres < 0) {
            throw new IllegalArgumentException("an index cannot be negative: " + litres + " litres");
        }
    }
}
