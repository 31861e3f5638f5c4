package org.meterkast.sim;

import java.util.List;

/**
 * One local day of the household, drawn from the seed and the date alone: the appliance runs, the water draws,
 * the heating profile and the car's session. The boiler's and battery's plans depend on the day's solar surplus
 * and are filled in by {@link Household} when first needed; they too depend only on the seed and the date.
 */
final class DayPlan {
    static final int MINUTES = 1_440;

    /** Where a load sits: 0, 1, 2 for L1, L2, L3. */
    static final int L1 = 0;
    static final int L2 = 1;
    static final int L3 = 2;

    /**
     * An appliance drawing {@code watts} from {@code start} (second of the local day) for {@code seconds}; when
     * {@code period} is above 0 it cycles, on for the first {@code onSeconds} of every period (a thermostat).
     * A {@code dark} run (lights) draws only while the sun is low.
     */
    record Run(int start, int seconds, long watts, int phase, int period, int onSeconds, boolean dark) {
        long wattsAt(int secondOfDay, boolean isDark) {
            int into = secondOfDay - start;
            if (into < 0 || into >= seconds || dark && !isDark) {
                return 0;
            }
            return period == 0 || into % period < onSeconds ? watts : 0;
        }
    }

    /** Water flowing at {@code litresPerHour} from {@code start} for {@code seconds}; {@code hot} draws burn gas. */
    record Draw(int start, int seconds, long litresPerHour, boolean hot) {
        boolean covers(int secondOfDay) {
            return secondOfDay >= start && secondOfDay < start + seconds;
        }
    }

    /**
     * The car, home at {@code start}, charging {@code wh} at the household's charger for {@code seconds}, possibly
     * past midnight.
     */
    record Session(int start, int seconds, long wh) {
        boolean covers(long secondOfDay) {
            return secondOfDay >= start && secondOfDay < (long) start + seconds;
        }
    }

    /**
     * The boiler's day: on in the minutes marked (solar surplus), and from {@code catchUpStart} for
     * {@code catchUpSeconds} (what the surplus did not cover, at night tariff, possibly past midnight).
     */
    record BoilerPlan(boolean[] onMinutes, int catchUpStart, int catchUpSeconds) {
        boolean covers(int secondOfDay) {
            return onMinutes[secondOfDay / 60] || secondOfDay >= catchUpStart
                    && secondOfDay < (long) catchUpStart + catchUpSeconds;
        }

        boolean catchUpCovers(long secondOfDay) {
            return secondOfDay >= catchUpStart && secondOfDay < (long) catchUpStart + catchUpSeconds;
        }
    }

    final long day;
    final boolean weekend;
    final Run[] runs;
    final Draw[] draws;
    /** Heating gas, L/h, for each local hour. */
    final long[] heatingLitresPerHour;
    final Session car;
    /** When the household leaves in the morning (second of the day), or -1 on a day it stays at home. */
    final int leave;
    final long boilerNeedWh;

    // derived lazily by Household; each is a pure function of the seed and the day, so a race computes it twice
    volatile BoilerPlan boiler;
    /** Net power before the battery at the start of each local minute, W. */
    volatile long[] minuteNet;
    /** The battery's charge at the start of each local minute (and at the end of the day), in W·s. */
    volatile long[] batteryCharge;

    DayPlan(long day, boolean weekend, List<Run> runs, List<Draw> draws, long[] heatingLitresPerHour, Session car,
            int leave, long boilerNeedWh) {
        this.day = day;
        this.weekend = weekend;
        this.runs = runs.toArray(new Run[0]);
        this.draws = draws.toArray(new Draw[0]);
        this.heatingLitresPerHour = heatingLitresPerHour;
        this.car = car;
        this.leave = leave;
        this.boilerNeedWh = boilerNeedWh;
    }
}
