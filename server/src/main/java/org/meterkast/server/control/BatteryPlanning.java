package org.meterkast.server.control;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.PlanPrices;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.storage.BatteryPlanner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;

/**
 * The home batteries' price plans, for an address whose tariff has dynamic prices: each made by the {@link
 * BatteryPlanner} over the next day of quarters from the address's {@link PlanOutlook} (the car plan's prices, sun
 * and load), once per quarter and battery, and read by the loop as the running quarter's planned power ({@code
 * BatterySnapshot.planned}). With a fixed tariff (no quarter priced by the day-ahead market) there is no plan and the
 * battery runs self-consumption. A plan that cannot be made (the store failing) is counted and logged, and the
 * battery runs self-consumption until the next quarter tries again: it never stops the loop.
 */
@Service
class BatteryPlanning {
    private static final Logger log = LoggerFactory.getLogger(BatteryPlanning.class);
    /** How far a plan looks ahead: a day of quarters, as far as tomorrow's day-ahead prices go. */
    static final int QUARTERS = 96;

    private record Key(String meter, String battery) {
    }

    private record Made(Quarter quarter, Optional<Power> planned) {
    }

    private final PlanOutlook outlook;
    private final Map<Key, Made> made = new ConcurrentHashMap<>();
    private final AtomicLong failures = new AtomicLong();

    BatteryPlanning(PlanOutlook outlook) {
        this.outlook = outlook;
    }

    /**
     * The running quarter's planned power for this battery of the address of {@code meter} at {@code at}: positive
     * charge from the grid, negative discharge to cover the house, zero keep the charge; empty without dynamic prices.
     *
     * @param socPercent        the battery's charge now
     * @param efficiencyPercent its one-way efficiency
     * @param peakLimit         the quarter average the household should not exceed
     */
    Optional<Power> planned(String meter, String battery, BatteryLimits limits, double socPercent,
                            int efficiencyPercent, Power peakLimit, Instant at) {
        Quarter now = Quarter.containing(at);
        Key key = new Key(meter, battery);
        Made known = made.get(key);
        if (known != null && known.quarter().equals(now)) {
            return known.planned();
        }
        Optional<Power> planned;
        try {
            PlanOutlook.Outlook ahead = outlook.of(meter, now, QUARTERS, at);
            if (!dynamic(ahead.prices())) {
                planned = Optional.empty();
            } else {
                planned = Optional.of(BatteryPlanner.plan(new BatteryPlanner.Request(ahead.quarters(), limits,
                        socPercent, efficiencyPercent, peakLimit)).get(0).planned());
            }
        } catch (RuntimeException e) {
            failures.incrementAndGet();
            log.warn("meter '{}': the plan of battery {} could not be made: {}", meter, battery, e.toString());
            planned = Optional.empty();
        }
        made.put(key, new Made(now, planned));
        return planned;
    }

    /** How many plans could not be made. */
    long failures() {
        return failures.get();
    }

    private static boolean dynamic(List<PlanPrices.QuarterPrice> prices) {
        return prices.stream().anyMatch(p -> p.source() == PlanPrices.Source.DAY_AHEAD
                || p.source() == PlanPrices.Source.ESTIMATED);
    }
}
