package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/**
 * The sum of the quarters in [start, end): their energy, how many of the bucket's quarters were there, and how
 * many of those were estimated. {@code expected} is the number of quarters the bucket spans (92 to 100 for a
 * Brussels day), so a chart can tell a quiet day from a missing one.
 */
public record Bucket(Instant start, Instant end, QuarterEnergy energy, int quarters, int estimated, int expected) {
    public Bucket {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
        Objects.requireNonNull(energy, "energy");
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("bucket end " + end + " is not after its start " + start);
        }
    }

    /** Whether every quarter of the bucket is present. */
    public boolean complete() {
        return quarters == expected;
    }
}
