package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.meterkast.energy.bill.Coverage;

/**
 * How much of what the household used came from its own panels: (consumption − offtake) ÷ consumption, with
 * consumption = offtake + production − injection ({@link QuarterFlow#consumptionWh()}). Without solar panels it is
 * 0; with injection but no measured production it cannot be known.
 *
 * @param consumedWh the month's consumption over the quarters counted
 * @param importedWh the offtake of those quarters
 * @param ratio      (consumedWh − importedWh) ÷ consumedWh, 0 to 1; null when unknown or nothing was used
 */
public record SelfSufficiency(String key, long consumedWh, long importedWh, BigDecimal ratio, Coverage coverage)
        implements Advice {
    public static final String KEY = "advice.selfSufficiency";
    public static final String KEY_NO_SOLAR = "advice.selfSufficiency.noSolar";
    public static final String KEY_UNMEASURED = "advice.selfSufficiency.unmeasured";

    /** The month's self-sufficiency from its quarters, in the zone's local time. */
    public static SelfSufficiency of(YearMonth month, ZoneId zone, List<QuarterFlow> flows) {
        return of(MonthQuarters.of(month, zone, flows));
    }

    static SelfSufficiency of(MonthQuarters m) {
        if (m.isEmpty()) {
            return new SelfSufficiency(NO_DATA, 0, 0, null, m.coverage);
        }
        if (m.solarUnmeasured()) {
            long imported = m.flows.stream().mapToLong(QuarterFlow::importWh).sum();
            return new SelfSufficiency(KEY_UNMEASURED, 0, imported, null, m.coverage);
        }
        boolean solar = m.flows.stream().anyMatch(QuarterFlow::hasProduction);
        long consumed = 0;
        long imported = 0;
        for (QuarterFlow f : m.flows) {
            // with an inverter, the quarters it was not read in are left out: their consumption is not known
            if (!solar || f.hasProduction()) {
                consumed += f.consumptionWh();
                imported += f.importWh();
            }
        }
        return new SelfSufficiency(solar ? KEY : KEY_NO_SOLAR, consumed, imported,
                MonthQuarters.ratio(consumed - imported, consumed), m.coverage);
    }
}
