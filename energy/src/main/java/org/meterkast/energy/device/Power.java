package org.meterkast.energy.device;

/**
 * An electrical power in whole watts, with one sign convention for every device and the grid: <b>positive flows
 * into the thing named (the household takes from the grid, a charger or boiler consumes, a battery charges),
 * negative flows out of it (the household injects into the grid, an inverter produces, a battery discharges).</b>
 * So the grid's power is import minus export, and an inverter's production is a negative device power, read as
 * {@link #negated()} where a positive production figure is wanted.
 *
 * @param watts the power, W
 */
public record Power(long watts) implements Comparable<Power> {
    /** No power. */
    public static final Power ZERO = new Power(0);

    /** A power of {@code watts} W. */
    public static Power ofWatts(long watts) {
        return watts == 0 ? ZERO : new Power(watts);
    }

    /** A power of {@code kilowatts} kW, rounded to the watt. */
    public static Power ofKilowatts(double kilowatts) {
        return ofWatts(Math.round(kilowatts * 1000));
    }

    /**
     * The power of {@code amps} A on each of {@code phases} phases at the nominal 230 V, as a charger's limit is
     * turned into power (6 A on one phase is 1,380 W; 16 A on three phases 11,040 W).
     */
    public static Power ofAmps(double amps, int phases) {
        if (phases < 1 || phases > 3) {
            throw new IllegalArgumentException("phases must be 1, 2 or 3, not " + phases);
        }
        return ofWatts(Math.round(amps * NOMINAL_VOLTS * phases));
    }

    /** The nominal voltage of a Belgian low-voltage phase, V. */
    public static final int NOMINAL_VOLTS = 230;

    public Power plus(Power other) {
        return ofWatts(Math.addExact(watts, other.watts));
    }

    public Power minus(Power other) {
        return ofWatts(Math.subtractExact(watts, other.watts));
    }

    public Power negated() {
        return ofWatts(Math.negateExact(watts));
    }

    /** The amps per phase this power draws on {@code phases} phases at 230 V, not rounded. */
    public double ampsPerPhase(int phases) {
        return (double) watts / (NOMINAL_VOLTS * phases);
    }

    public boolean isPositive() {
        return watts > 0;
    }

    public boolean isNegative() {
        return watts < 0;
    }

    public Power max(Power other) {
        return watts >= other.watts ? this : other;
    }

    public Power min(Power other) {
        return watts <= other.watts ? this : other;
    }

    @Override
    public int compareTo(Power other) {
        return Long.compare(watts, other.watts);
    }

    @Override
    public String toString() {
        return watts + " W";
    }
}
