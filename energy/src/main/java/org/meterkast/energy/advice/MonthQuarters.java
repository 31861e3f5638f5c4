package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedSet;
import java.util.TreeSet;
import org.meterkast.energy.bill.Coverage;

/** The quarters of one local month and the days they cover; shared by the advice that reads a month. */
final class MonthQuarters {
    /** Ratios are given to 1/10,000 (a percentage with two decimals). */
    static final int RATIO_SCALE = 4;

    final YearMonth month;
    final ZoneId zone;
    final List<QuarterFlow> flows;
    final Coverage coverage;

    private MonthQuarters(YearMonth month, ZoneId zone, List<QuarterFlow> flows, Coverage coverage) {
        this.month = month;
        this.zone = zone;
        this.flows = flows;
        this.coverage = coverage;
    }

    /** The flows that start in the month, in the zone's local time; the others are left out. */
    static MonthQuarters of(YearMonth month, ZoneId zone, List<QuarterFlow> all) {
        Instant from = month.atDay(1).atStartOfDay(zone).toInstant();
        Instant to = month.plusMonths(1).atDay(1).atStartOfDay(zone).toInstant();
        var in = new ArrayList<QuarterFlow>();
        for (QuarterFlow f : all) {
            if (!f.start().isBefore(from) && f.start().isBefore(to)) {
                in.add(f);
            }
        }
        return new MonthQuarters(month, zone, in, coverage(month.lengthOfMonth(), in, zone));
    }

    /** Which of {@code days} days have at least one of the flows. */
    static Coverage coverage(int days, List<QuarterFlow> flows, ZoneId zone) {
        SortedSet<LocalDate> measured = new TreeSet<>();
        for (QuarterFlow f : flows) {
            measured.add(LocalDate.ofInstant(f.start(), zone));
        }
        return new Coverage(days, measured.size(), measured.isEmpty() ? null : measured.first(),
                measured.isEmpty() ? null : measured.last());
    }

    boolean isEmpty() {
        return flows.isEmpty();
    }

    /** Whether solar was injected but its production not measured in any quarter of the month. */
    boolean solarUnmeasured() {
        return flows.stream().noneMatch(QuarterFlow::hasProduction) && flows.stream().anyMatch(f -> f.exportWh() > 0);
    }

    /** part ÷ whole to {@link #RATIO_SCALE} decimals, half up; null when whole is 0. */
    static BigDecimal ratio(long part, long whole) {
        return whole == 0 ? null
                : BigDecimal.valueOf(part).divide(BigDecimal.valueOf(whole), RATIO_SCALE, RoundingMode.HALF_UP);
    }
}
