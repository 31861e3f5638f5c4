package org.meterkast.energy.advice;

import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.meterkast.energy.bill.Coverage;

/**
 * The household's standby consumption: what it draws when nobody uses anything, the fridge, the router, devices on
 * standby. Measured as the 10th percentile (nearest rank) of the consumption of the night quarters that start from
 * 01:00 to 04:45 local time, in W (the quarter's Wh × 4), this month beside last month.
 *
 * <p>Why these: at night there is no sun, so the offtake is the consumption even without an inverter, and few
 * appliances run. The lowest night quarter would be one odd quarter (a meter's estimate, a power cut); the 10th
 * percentile of a month's ~480 night quarters is the level the house comes down to on most nights, while a fridge or
 * a boiler that switches on now and then stays above it.
 *
 * @param watts          this month's base load, W; null without a night quarter
 * @param lastMonthWatts last month's, W; null without a night quarter last month (the first month measured)
 * @param changeWatts    watts − lastMonthWatts; null when either is unknown
 * @param yearlyWh       the base load through a whole year, watts × 8760 h, Wh; null when unknown
 * @param nightQuarters  the night quarters counted this month
 */
public record BaseLoad(String key, Long watts, Long lastMonthWatts, Long changeWatts, Long yearlyWh,
                       int nightQuarters, Coverage coverage) implements Advice {
    /** The percentile taken of the night quarters. */
    public static final int PERCENTILE = 10;
    public static final LocalTime NIGHT_FROM = LocalTime.of(1, 0);
    public static final LocalTime NIGHT_TO = LocalTime.of(5, 0);
    /** A change smaller than both this and {@link #SAME_PERCENT} of last month is no change: noise of a month. */
    public static final long SAME_WATTS = 20;
    public static final long SAME_PERCENT = 10;
    private static final long HOURS_PER_YEAR = 8760;

    public static final String KEY_FIRST = "advice.baseLoad.first";
    public static final String KEY_UP = "advice.baseLoad.up";
    public static final String KEY_DOWN = "advice.baseLoad.down";
    public static final String KEY_SAME = "advice.baseLoad.same";

    /** This month's base load beside last month's, from quarters of both months (others are left out). */
    public static BaseLoad of(YearMonth month, ZoneId zone, List<QuarterFlow> flows) {
        MonthQuarters now = MonthQuarters.of(month, zone, flows);
        long[] night = nightWatts(now);
        if (night.length == 0) {
            return new BaseLoad(NO_DATA, null, null, null, null, 0, now.coverage);
        }
        long watts = percentile(night, PERCENTILE);
        long[] before = nightWatts(MonthQuarters.of(month.minusMonths(1), zone, flows));
        if (before.length == 0) {
            return new BaseLoad(KEY_FIRST, watts, null, null, watts * HOURS_PER_YEAR, night.length, now.coverage);
        }
        long last = percentile(before, PERCENTILE);
        long change = watts - last;
        boolean same = Math.abs(change) < SAME_WATTS || Math.abs(change) * 100 < SAME_PERCENT * last;
        String key = same ? KEY_SAME : change > 0 ? KEY_UP : KEY_DOWN;
        return new BaseLoad(key, watts, last, change, watts * HOURS_PER_YEAR, night.length, now.coverage);
    }

    /** The consumption of each night quarter of the month in W, sorted. */
    private static long[] nightWatts(MonthQuarters m) {
        return m.flows.stream()
                .filter(f -> {
                    LocalTime t = LocalTime.ofInstant(f.start(), m.zone);
                    return !t.isBefore(NIGHT_FROM) && t.isBefore(NIGHT_TO);
                })
                // a quarter that injected without a measured production (a battery at night) counts its offtake
                .mapToLong(f -> (f.consumptionWh() == QuarterFlow.UNKNOWN ? f.importWh() : f.consumptionWh()) * 4)
                .sorted().toArray();
    }

    /** The nearest-rank percentile of sorted values: the value at rank ⌈p/100 × n⌉. */
    static long percentile(long[] sorted, int p) {
        int rank = (p * sorted.length + 99) / 100;     // ⌈p × n ÷ 100⌉ in integers
        return sorted[Math.max(rank, 1) - 1];
    }
}
