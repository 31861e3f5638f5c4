package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.time.LocalTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.meterkast.energy.bill.Coverage;

/**
 * The share of the month's consumption used from 17:00 to 22:00 local time, when there is no sun left and the
 * capacity peaks of most households fall. Five hours of 24 are 21 % of the day: an even use gives 0.21; from
 * {@value #HIGH_TEXT} on, the evening carries well more than its hours and moving a load earlier (into the sun) or
 * later (the night) pays.
 *
 * @param eveningWh the consumption of the quarters that start from 17:00 to 21:45
 * @param consumedWh the consumption of all the quarters counted
 * @param share     eveningWh ÷ consumedWh; null when nothing was used
 * @param gridOnly  true when solar was injected but its production is not measured: the figures are the offtake
 */
public record EveningPeak(String key, long eveningWh, long consumedWh, BigDecimal share, boolean gridOnly,
                          Coverage coverage) implements Advice {
    public static final LocalTime FROM = LocalTime.of(17, 0);
    public static final LocalTime TO = LocalTime.of(22, 0);
    static final String HIGH_TEXT = "0.35";
    public static final BigDecimal HIGH = new BigDecimal(HIGH_TEXT);

    public static final String KEY_HIGH = "advice.evening.high";
    public static final String KEY_NORMAL = "advice.evening.normal";

    /** The month's evening share from its quarters, in the zone's local time. */
    public static EveningPeak of(YearMonth month, ZoneId zone, List<QuarterFlow> flows) {
        MonthQuarters m = MonthQuarters.of(month, zone, flows);
        if (m.isEmpty()) {
            return new EveningPeak(NO_DATA, 0, 0, null, false, m.coverage);
        }
        boolean gridOnly = m.solarUnmeasured();
        boolean solar = m.flows.stream().anyMatch(QuarterFlow::hasProduction);
        long evening = 0;
        long total = 0;
        for (QuarterFlow f : m.flows) {
            long used = gridOnly ? f.importWh() : f.consumptionWh();
            if (used == QuarterFlow.UNKNOWN || (solar && !f.hasProduction())) {
                continue;       // as for self-sufficiency: with an inverter, its unread quarters are not known
            }
            LocalTime t = LocalTime.ofInstant(f.start(), zone);
            if (!t.isBefore(FROM) && t.isBefore(TO)) {
                evening += used;
            }
            total += used;
        }
        BigDecimal share = MonthQuarters.ratio(evening, total);
        String key = share == null ? NO_DATA : share.compareTo(HIGH) >= 0 ? KEY_HIGH : KEY_NORMAL;
        return new EveningPeak(key, evening, total, share, gridOnly, m.coverage);
    }
}
