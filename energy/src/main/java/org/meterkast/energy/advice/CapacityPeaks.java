package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meterkast.energy.bill.Coverage;
import org.meterkast.energy.tariff.CapacityAverage;
import org.meterkast.energy.tariff.CapacityRule;

/**
 * The quarters that set the month's capacity peak and what they cost under the capacity tariff.
 *
 * <p>A month's peak (its highest quarter's offtake × 4, at least 2.5 kW) counts for 1/12 in the rolling average of
 * that month and the 11 after it, and each month bills the average × the area's €/kW/year ÷ 12. So one month's peak
 * costs, over the 12 months it counts in, peak × rate ÷ 12: {@code peakCost}. Had the highest quarter stayed at the
 * level of the second, the saving is (peak − second, both at least 2.5 kW) × rate ÷ 12: {@code saving}. The month's
 * own capacity share is its rolling average ({@link CapacityAverage}) × rate ÷ 12: {@code monthCost}. Amounts are
 * excl. VAT, to the cent.
 *
 * @param top           the month's {@value #TOP} highest quarters, highest first (the earliest first on a tie)
 * @param averageKw     the month's rolling 12-month average, kW
 * @param ratePerKwYear the network area's capacity tariff, €/kW/year excl. VAT; null without a tariff with an area
 */
public record CapacityPeaks(String key, List<Peak> top, BigDecimal averageKw, int monthsInAverage,
                            BigDecimal ratePerKwYear, BigDecimal monthCost, BigDecimal peakCost, BigDecimal saving,
                            Coverage coverage) implements Advice {
    /** How many of the month's highest quarters are listed. */
    public static final int TOP = 3;
    private static final BigDecimal TWELVE = BigDecimal.valueOf(12);

    public static final String KEY = "advice.capacity.peaks";
    /** The peak stayed at or under the 2.5 kW every month counts anyway: nothing to gain. */
    public static final String KEY_MINIMUM = "advice.capacity.minimum";
    public static final String KEY_NO_TARIFF = "advice.capacity.noTariff";

    /** A quarter and its average offtake, W. */
    public record Peak(Instant start, long watts) {
    }

    public CapacityPeaks {
        top = List.copyOf(top);
    }

    /**
     * The month's peaks and their cost.
     *
     * @param earlierPeaks  the peaks of earlier months in W (the 11 before count); the month's own is taken from flows
     * @param ratePerKwYear the area's capacity tariff in force, €/kW/year excl. VAT; null when unknown
     */
    public static CapacityPeaks of(YearMonth month, ZoneId zone, List<QuarterFlow> flows,
                                   Map<YearMonth, Long> earlierPeaks, CapacityRule rule, BigDecimal ratePerKwYear) {
        MonthQuarters m = MonthQuarters.of(month, zone, flows);
        if (m.isEmpty()) {
            return new CapacityPeaks(NO_DATA, List.of(), null, 0, ratePerKwYear, null, null, null, m.coverage);
        }
        List<Peak> top = new ArrayList<>();
        m.flows.stream()
                .sorted(Comparator.comparingLong(QuarterFlow::importWh).reversed()
                        .thenComparing(QuarterFlow::start))
                .limit(TOP)
                .forEach(f -> top.add(new Peak(f.start(), f.importWh() * 4)));
        long peak = top.get(0).watts();
        var peaks = new TreeMap<YearMonth, Long>(earlierPeaks);
        peaks.put(month, peak);
        CapacityAverage average = CapacityAverage.of(month, peaks, rule);
        String key = peak <= CapacityAverage.MINIMUM_WATTS ? KEY_MINIMUM : ratePerKwYear == null ? KEY_NO_TARIFF : KEY;
        if (ratePerKwYear == null) {
            return new CapacityPeaks(key, top, average.kilowatts(), average.monthsKnown(), null, null, null, null,
                    m.coverage);
        }
        long floored = Math.max(peak, CapacityAverage.MINIMUM_WATTS);
        long second = Math.max(top.size() > 1 ? top.get(1).watts() : peak, CapacityAverage.MINIMUM_WATTS);
        return new CapacityPeaks(key, top, average.kilowatts(), average.monthsKnown(), ratePerKwYear,
                twelfth(average.kilowatts(), ratePerKwYear), twelfth(BigDecimal.valueOf(floored, 3), ratePerKwYear),
                twelfth(BigDecimal.valueOf(floored - second, 3), ratePerKwYear), m.coverage);
    }

    private static BigDecimal twelfth(BigDecimal kw, BigDecimal rate) {
        return kw.multiply(rate).divide(TWELVE, 2, RoundingMode.HALF_UP);
    }
}
