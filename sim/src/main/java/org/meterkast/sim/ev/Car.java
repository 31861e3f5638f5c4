package org.meterkast.sim.ev;

import java.time.Duration;
import java.util.Objects;
import org.meterkast.sim.Ranges;

/**
 * An electric car's battery as an AC charger sees it: it takes what it is offered up to its on-board charger's
 * power, stores that less the charging losses, and takes less near full.
 *
 * <p>The taper is evcc's estimator's: the car takes at most {@code 1 kW + 980 W × (100 − SoC)} (49 kW over the
 * top 50 %), so an 11 kW car starts to slow at about 90 % and a 7.4 kW car at about 93.5 %, and takes nothing
 * once full. Within a second the power is that of the second's start.
 *
 * <p>Energy is kept in joules (W·s), exactly: each second at power P stores {@code P × efficiency / 100} J
 * (rounded down), and the second that fills the battery takes from the grid only what it still needs.
 * Not thread-safe: one charge point drives it.
 */
public final class Car {
    /** The nominal voltage between a phase and neutral, V. */
    public static final long VOLTS = 230;
    /** What a car still takes just below full, W. */
    public static final long TAPER_FLOOR_WATTS = 1_000;
    /** How much less a car takes for every percent of charge above the taper's start, W. */
    public static final long TAPER_WATTS_PER_PERCENT = 980;

    private final long capacityWh;
    private final long maxWatts;
    private final int phases;
    private final int efficiencyPercent;
    private final long capacityJoules;
    private long storedJoules;

    /**
     * @param capacityWh        the battery's usable capacity, 5 to 200 kWh
     * @param maxWatts          the on-board charger's most AC power, 1.4 to 22 kW
     * @param phases            the phases the on-board charger uses, 1 or 3
     * @param efficiencyPercent the share of the grid's energy that reaches the battery, 50 to 100 %
     * @param socPercent        the charge it has now, 0 to 100 %
     */
    public Car(long capacityWh, long maxWatts, int phases, int efficiencyPercent, int socPercent) {
        Ranges.check("capacityWh", capacityWh, 5_000, 200_000, "Wh");
        Ranges.check("maxWatts", maxWatts, 1_400, 22_000, "W");
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException("phases must be 1 or 3, not " + phases);
        }
        Ranges.check("efficiencyPercent", efficiencyPercent, 50, 100, "%");
        this.capacityWh = capacityWh;
        this.maxWatts = maxWatts;
        this.phases = phases;
        this.efficiencyPercent = efficiencyPercent;
        this.capacityJoules = capacityWh * 3_600;
        arriveWith(socPercent);
    }

    /** A 60 kWh car with an 11 kW three-phase on-board charger, 90 % efficient, at this charge. */
    public static Car typical(int socPercent) {
        return new Car(60_000, 11_000, 3, 90, socPercent);
    }

    /** Sets the charge the car comes home with. */
    public void arriveWith(int socPercent) {
        Ranges.check("socPercent", socPercent, 0, 100, "%");
        storedJoules = capacityJoules * socPercent / 100;
    }

    public long capacityWh() {
        return capacityWh;
    }

    public long maxWatts() {
        return maxWatts;
    }

    public int phases() {
        return phases;
    }

    public int efficiencyPercent() {
        return efficiencyPercent;
    }

    /**
     * The most the on-board charger draws when the charger gives it {@code chargerPhases} phases, W: a
     * three-phase car on one phase takes a third of its power.
     */
    public long maxWattsOn(int chargerPhases) {
        return maxWatts * Math.min(chargerPhases, phases) / phases;
    }

    /** The charge, in whole percent (rounded down). */
    public int socPercent() {
        return (int) (storedJoules * 100 / capacityJoules);
    }

    /** The energy in the battery, Wh (rounded down). */
    public long storedWh() {
        return storedJoules / 3_600;
    }

    public long storedJoules() {
        return storedJoules;
    }

    public boolean isFull() {
        return storedJoules >= capacityJoules;
    }

    /** The most the car takes now, W: its on-board charger's power, less near full, 0 when full. */
    public long acceptableWatts() {
        return acceptableWatts(storedJoules);
    }

    private long acceptableWatts(long stored) {
        if (stored >= capacityJoules) {
            return 0;
        }
        long taper = TAPER_FLOOR_WATTS + TAPER_WATTS_PER_PERCENT * 100 * (capacityJoules - stored) / capacityJoules;
        return Math.min(maxWatts, taper);
    }

    /**
     * Charges for {@code duration} with {@code offeredWatts} on offer; returns the energy taken from the grid,
     * in joules (W·s; 3,600 J is 1 Wh).
     *
     * @param offeredWatts what the charger allows, W, at least 0
     * @param duration     how long, in whole seconds
     */
    public long accept(long offeredWatts, Duration duration) {
        if (offeredWatts < 0) {
            throw new IllegalArgumentException("offeredWatts must not be negative, not " + offeredWatts);
        }
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.getNano() != 0) {
            throw new IllegalArgumentException("duration must be whole seconds, not negative: " + duration);
        }
        long seconds = duration.getSeconds();
        long grid = 0;
        while (seconds > 0) {
            long watts = Math.min(offeredWatts, acceptableWatts());
            if (watts <= 0) {
                break;
            }
            long gain = watts * efficiencyPercent / 100;
            // the whole seconds at this power before the taper lowers it
            long steady = gain == 0 ? seconds : Math.min(seconds, (lastStoredAt(watts) - storedJoules) / gain + 1);
            // the second that would overfill the battery is the last, and takes only what is missing
            long fitting = gain == 0 ? steady : Math.min(steady, (capacityJoules - storedJoules) / gain);
            grid += fitting * watts;
            storedJoules += fitting * gain;
            seconds -= fitting;
            if (fitting < steady) {
                long missing = capacityJoules - storedJoules;
                grid += (missing * 100 + efficiencyPercent - 1) / efficiencyPercent;
                storedJoules = capacityJoules;
                break;
            }
        }
        return grid;
    }

    /** The highest charge, J, at which the car still takes {@code watts}. */
    private long lastStoredAt(long watts) {
        if (watts <= TAPER_FLOOR_WATTS) {
            return capacityJoules - 1;
        }
        long over = (watts - TAPER_FLOOR_WATTS) * capacityJoules;
        long perCapacity = TAPER_WATTS_PER_PERCENT * 100;
        return capacityJoules - (over + perCapacity - 1) / perCapacity;
    }

    @Override
    public String toString() {
        return "Car[" + capacityWh / 1000 + " kWh at " + socPercent() + " %, " + maxWatts + " W on " + phases
                + (phases == 1 ? " phase]" : " phases]");
    }
}
