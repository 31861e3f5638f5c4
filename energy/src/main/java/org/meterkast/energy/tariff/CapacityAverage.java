package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The average the capacity tariff bills for a month: the peaks of that month and the 11 before it, each floored at
 * 2.5 kW, averaged. With fewer than 12 months known, {@link CapacityRule} says how the missing ones count.
 *
 * @param month      the month billed
 * @param kilowatts  the average in kW, to the watt
 * @param monthsKnown how many of the 12 months had a peak
 * @param rule       the rule used for the months not known
 * @param floored    the 12 months' values as counted, in W, oldest first; null for a month left out
 */
public record CapacityAverage(YearMonth month, BigDecimal kilowatts, int monthsKnown, CapacityRule rule,
                              List<Long> floored) {
    /** The minimum monthly peak billed, in W. */
    public static final long MINIMUM_WATTS = 2500;
    /** The same minimum in kW: also the fixed capacity term of a classic meter. */
    public static final BigDecimal MINIMUM_KW = BigDecimal.valueOf(MINIMUM_WATTS, 3);
    public static final int MONTHS = 12;

    public CapacityAverage {
        Objects.requireNonNull(month, "month");
        Objects.requireNonNull(kilowatts, "kilowatts");
        Objects.requireNonNull(rule, "rule");
        floored = java.util.Collections.unmodifiableList(new ArrayList<>(floored));
    }

    /**
     * The average billed for the month.
     *
     * @param peaksWatts each month's peak in W; a month absent from the map is unknown. With no month known at all
     *                   the minimum is billed.
     */
    public static CapacityAverage of(YearMonth month, Map<YearMonth, Long> peaksWatts, CapacityRule rule) {
        var counted = new ArrayList<Long>(MONTHS);
        long sum = 0;
        int known = 0;
        for (int back = MONTHS - 1; back >= 0; back--) {
            Long peak = peaksWatts.get(month.minusMonths(back));
            if (peak != null) {
                long value = Math.max(MINIMUM_WATTS, peak);
                counted.add(value);
                sum += value;
                known++;
            } else if (rule == CapacityRule.FILL_WITH_MINIMUM) {
                counted.add(MINIMUM_WATTS);
                sum += MINIMUM_WATTS;
            } else {
                counted.add(null);
            }
        }
        int divisor = rule == CapacityRule.FILL_WITH_MINIMUM ? MONTHS : known;
        BigDecimal watts = divisor == 0 ? BigDecimal.valueOf(MINIMUM_WATTS)
                : BigDecimal.valueOf(sum).divide(BigDecimal.valueOf(divisor), 0, RoundingMode.HALF_UP);
        return new CapacityAverage(month, watts.movePointLeft(3), known, rule, counted);
    }
}
