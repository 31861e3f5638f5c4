package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import org.meterkast.energy.bill.Coverage;

/**
 * How much of the month's solar production the household used itself: (production − injection) ÷ production, over
 * the quarters whose production is measured.
 *
 * @param producedWh     production of the quarters with production measured
 * @param exportedWh     injection of those quarters
 * @param selfConsumedWh production − injection, never below 0
 * @param ratio          selfConsumedWh ÷ producedWh, 0 to 1; null when nothing was produced or production is unknown
 */
public record SelfConsumption(String key, long producedWh, long exportedWh, long selfConsumedWh, BigDecimal ratio,
                              Coverage coverage) implements Advice {
    /** Below this share, most of the production leaves at the injection price: worth moving loads into the sun. */
    public static final BigDecimal LOW = new BigDecimal("0.40");

    public static final String KEY_LOW = "advice.selfConsumption.low";
    public static final String KEY_GOOD = "advice.selfConsumption.good";
    /** No production and no injection: the household has no solar panels, or they make nothing the meter sees. */
    public static final String KEY_NO_SOLAR = "advice.selfConsumption.noSolar";
    /** Injection without a measured production: an inverter is needed to know. */
    public static final String KEY_UNMEASURED = "advice.selfConsumption.unmeasured";
    /** The inverter is read but made nothing this month. */
    public static final String KEY_NO_PRODUCTION = "advice.selfConsumption.noProduction";

    /** The month's self-consumption from its quarters, in the zone's local time. */
    public static SelfConsumption of(YearMonth month, ZoneId zone, List<QuarterFlow> flows) {
        return of(MonthQuarters.of(month, zone, flows));
    }

    static SelfConsumption of(MonthQuarters m) {
        if (m.isEmpty()) {
            return new SelfConsumption(NO_DATA, 0, 0, 0, null, m.coverage);
        }
        long produced = 0;
        long exported = 0;
        boolean measured = false;
        long exportedAll = 0;
        for (QuarterFlow f : m.flows) {
            exportedAll += f.exportWh();
            if (f.hasProduction()) {
                measured = true;
                produced += f.productionWh();
                exported += f.exportWh();
            }
        }
        if (!measured) {
            return new SelfConsumption(exportedAll > 0 ? KEY_UNMEASURED : KEY_NO_SOLAR, 0, exportedAll, 0, null,
                    m.coverage);
        }
        if (produced == 0) {
            return new SelfConsumption(KEY_NO_PRODUCTION, 0, exported, 0, null, m.coverage);
        }
        long self = Math.max(0, produced - exported);
        BigDecimal ratio = MonthQuarters.ratio(self, produced);
        return new SelfConsumption(ratio.compareTo(LOW) < 0 ? KEY_LOW : KEY_GOOD, produced, exported, self, ratio,
                m.coverage);
    }
}
