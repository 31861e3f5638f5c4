package org.meterkast.energy.quarter;

import java.util.Objects;

/**
 * A quarter hour whose energy is known: the registers at its end minus at its start. {@code segment} counts
 * meter segments (a register that went down started a new one); {@code estimated} marks a quarter whose
 * boundaries were interpolated across a gap in the readings, to be replaced by Fluvius' data when it comes.
 */
public record ClosedQuarter(Quarter quarter, int segment, QuarterEnergy energy, boolean estimated) {
    public ClosedQuarter {
        Objects.requireNonNull(quarter, "quarter");
        Objects.requireNonNull(energy, "energy");
    }
}
