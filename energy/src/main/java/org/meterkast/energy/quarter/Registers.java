package org.meterkast.energy.quarter;

/**
 * The four energy registers of a meter at one moment, in Wh: import and export, each for the day and the night
 * tariff period. Registers only grow while the meter stays the same.
 */
public record Registers(long importDay, long importNight, long exportDay, long exportNight) {
    public static final Registers ZERO = new Registers(0, 0, 0, 0);

    public Registers {
        if (importDay < 0 || importNight < 0 || exportDay < 0 || exportNight < 0) {
            throw new IllegalArgumentException("registers cannot be negative: " + importDay + ", " + importNight
                    + ", " + exportDay + ", " + exportNight);
        }
    }

    /** Total import in Wh. */
    public long imported() {
        return importDay + importNight;
    }

    /** Total export in Wh. */
    public long exported() {
        return exportDay + exportNight;
    }

    /** Whether any register is lower than in {@code earlier}: a meter swap or reset, never negative energy. */
    public boolean anyBelow(Registers earlier) {
        return importDay < earlier.importDay || importNight < earlier.importNight
                || exportDay < earlier.exportDay || exportNight < earlier.exportNight;
    }

    /** The energy from {@code earlier} to this reading, register by register. */
    public QuarterEnergy minus(Registers earlier) {
        return new QuarterEnergy(importDay - earlier.importDay, importNight - earlier.importNight,
                exportDay - earlier.exportDay, exportNight - earlier.exportNight);
    }

    /**
     * The registers at a moment between {@code this} (at t0) and {@code later} (at t1), by straight-line
     * interpolation; {@code elapsed} and {@code span} are seconds from t0. Exact to the Wh, rounding down, so
     * consecutive interpolations never decrease and the pieces of an interval add up to its whole.
     */
    public Registers interpolate(Registers later, long elapsed, long span) {
        return new Registers(between(importDay, later.importDay, elapsed, span),
                between(importNight, later.importNight, elapsed, span),
                between(exportDay, later.exportDay, elapsed, span),
                between(exportNight, later.exportNight, elapsed, span));
    }

    private static long between(long from, long to, long elapsed, long span) {
        return from + Math.floorDiv(Math.multiplyExact(to - from, elapsed), span);
    }
}
