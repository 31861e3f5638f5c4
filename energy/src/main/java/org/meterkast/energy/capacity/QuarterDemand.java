package org.meterkast.energy.capacity;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.tariff.CapacityAverage;

/**
 * The quarter hour in progress as the capacity tariff counts it, at one telegram: the average offtake so far and
 * the average it is heading to by the quarter's end. Powers in W, offtake only, never negative.
 *
 * <p>The average so far is the offtake since the quarter started divided by the whole quarter (15 minutes), so it
 * starts at 0 and rises to the quarter's own value at its end. That is how a Fluvius meter's {@code 1-0:1.4.0}
 * behaves: a real telegram at 23:17:55, 175 s into its quarter, drawing 134 W, shows 25 W
 * (134 W × 175 s ÷ 900 s = 26 W). The projection adds the power drawn now for the seconds left: what the quarter
 * will count if nothing is switched on or off.
 *
 * @param quarter    the quarter in progress
 * @param at         the telegram's time
 * @param averageW   offtake since the quarter started ÷ 15 min, W
 * @param source     where {@code averageW} comes from
 * @param powerW     offtake power now ({@code 1-0:1.7.0}), W
 * @param projectedW {@code averageW} + {@code powerW} × seconds left ÷ 900 s, W
 */
public record QuarterDemand(Quarter quarter, Instant at, long averageW, DemandSource source, long powerW,
                            long projectedW) {
    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();
    private static final long SECONDS_PER_HOUR = 3600;

    public QuarterDemand {
        Objects.requireNonNull(quarter, "quarter");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(source, "source");
        // the arithmetic of Quarter.containing, without making one: a live meter makes this for every telegram
        if (Math.floorDiv(at.getEpochSecond(), QUARTER_SECONDS) * QUARTER_SECONDS != quarter.start().getEpochSecond()) {
            throw new IllegalArgumentException(at + " is not in the quarter starting " + quarter.start());
        }
        if (averageW < 0 || powerW < 0 || projectedW < 0) {
            throw new IllegalArgumentException("offtake cannot be negative: average " + averageW + " W, power "
                    + powerW + " W, projected " + projectedW + " W");
        }
    }

    /** From the meter's own running average ({@code 1-0:1.4.0}, W) and the power drawn now (W). */
    public static QuarterDemand ofMeter(Instant at, long meterAverageW, long powerW) {
        requireNotNegative(meterAverageW, powerW);
        return project(at, Math.multiplyExact(meterAverageW, QUARTER_SECONDS), DemandSource.METER, powerW);
    }

    /** From the offtake since the quarter started (Wh, from the registers) and the power drawn now (W). */
    public static QuarterDemand ofRegisters(Instant at, long importedWh, long powerW) {
        requireNotNegative(importedWh, powerW);
        return project(at, Math.multiplyExact(importedWh, SECONDS_PER_HOUR), DemandSource.REGISTERS, powerW);
    }

    private static QuarterDemand project(Instant at, long joules, DemandSource source, long powerW) {
        Quarter quarter = Quarter.containing(at);
        long left = secondsLeft(quarter, at);
        long projectedJoules = Math.addExact(joules, Math.multiplyExact(powerW, left));
        return new QuarterDemand(quarter, at, joules / QUARTER_SECONDS, source, powerW,
                projectedJoules / QUARTER_SECONDS);
    }

    private static void requireNotNegative(long energy, long powerW) {
        if (energy < 0 || powerW < 0) {
            throw new IllegalArgumentException("offtake cannot be negative: " + energy + ", power " + powerW + " W");
        }
    }

    private static long secondsLeft(Quarter quarter, Instant at) {
        return quarter.end().getEpochSecond() - at.getEpochSecond();
    }

    /** Seconds from the telegram to the quarter's end, 1 to 900. */
    public long secondsLeft() {
        return secondsLeft(quarter, at);
    }

    /**
     * Whether the quarter is heading where it would raise the capacity bill: above this month's peak so far, and
     * above the 2.5 kW that every month counts anyway ({@link CapacityAverage#MINIMUM_WATTS}).
     */
    public boolean isHeadingAbove(long monthPeakW) {
        return projectedW > Math.max(monthPeakW, CapacityAverage.MINIMUM_WATTS);
    }
}
