package org.meterkast.energy.quarter;

import java.util.Objects;

/**
 * A step in the registers larger than the connection can carry, kept aside instead of billed, with the readings
 * on either side of it.
 *
 * @param quarter    the first quarter hour the step falls in
 * @param before     the last reading before the step that was taken
 * @param after      the reading after the step (for {@link Resolution#OVER_LIMIT}: the quarter's boundaries)
 * @param energy     what the step implies, {@code after} minus {@code before}
 * @param limitW     the connection's limit the step was above
 * @param resolution what the following readings showed
 */
public record Quarantine(Quarter quarter, RegisterSnapshot before, RegisterSnapshot after, QuarterEnergy energy,
                         long limitW, Resolution resolution) {
    /** What became of a step above the limit. */
    public enum Resolution {
        /**
         * The registers came back to where they were heading before: the reading(s) after the step were a glitch,
         * dropped; the quarters were made from the readings around them.
         */
        SPIKE_DISCARDED,
        /**
         * The registers stayed at the new level: the meter was replaced or really jumped. The quarter(s) of the step
         * are never billed; the meter goes on from the new level as a new segment.
         */
        NEW_LEVEL,
        /** A quarter made of steps each within the limit, together above it: not billed. */
        OVER_LIMIT
    }

    public Quarantine {
        Objects.requireNonNull(quarter, "quarter");
        Objects.requireNonNull(before, "before");
        Objects.requireNonNull(after, "after");
        Objects.requireNonNull(energy, "energy");
        Objects.requireNonNull(resolution, "resolution");
    }
}
