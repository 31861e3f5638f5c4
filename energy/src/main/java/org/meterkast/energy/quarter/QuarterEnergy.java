package org.meterkast.energy.quarter;

/** Energy in Wh over an interval, per direction and tariff period; never negative. */
public record QuarterEnergy(long importDay, long importNight, long exportDay, long exportNight) {
    public static final QuarterEnergy ZERO = new QuarterEnergy(0, 0, 0, 0);

    public QuarterEnergy {
        if (importDay < 0 || importNight < 0 || exportDay < 0 || exportNight < 0) {
            throw new IllegalArgumentException("energy cannot be negative: " + importDay + ", " + importNight
                    + ", " + exportDay + ", " + exportNight);
        }
    }

    public long imported() {
        return importDay + importNight;
    }

    public long exported() {
        return exportDay + exportNight;
    }

    public QuarterEnergy plus(QuarterEnergy other) {
        return new QuarterEnergy(Math.addExact(importDay, other.importDay), Math.addExact(importNight, other.importNight),
                Math.addExact(exportDay, other.exportDay), Math.addExact(exportNight, other.exportNight));
    }

    /** The average import power over a quarter hour in W: the capacity tariff's measure (Wh × 4). */
    public long averageImportWatts() {
        return imported() * 4;
    }
}
