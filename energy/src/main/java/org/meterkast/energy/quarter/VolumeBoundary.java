package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/** A gas or water meter's index in litres at the start of an hour, in a meter segment: where a builder resumes. */
public record VolumeBoundary(Instant at, long litres, int segment) {
    public VolumeBoundary {
        Objects.requireNonNull(at, "at");
        if (Math.floorMod(at.getEpochSecond(), 3600) != 0 || at.getNano() != 0) {
            throw new IllegalArgumentException("not an hour boundary: " + at);
        }
        if (litres < 0) {
            throw new IllegalArgumentException("an index cannot be negative: " + litres + " litres");
        }
    }
}
