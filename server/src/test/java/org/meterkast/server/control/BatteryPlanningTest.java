package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.PlanPrices;
import org.meterkast.energy.ev.QuarterOutlook;
import org.meterkast.energy.quarter.Quarter;

/** A battery's plan: only with dynamic prices, made once a quarter, and a failure leaves self-consumption. */
class BatteryPlanningTest {
    private static final BatteryLimits LIMITS = new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000),
            10, 100);
    private static final Instant AT = Instant.parse("2026-11-24T02:05:00Z");

    /** The running quarter at 0.10 €/kWh, the rest of the day at 0.40; the house takes 2 kW; no sun. */
    static final class CheapNowOutlook extends PlanOutlook {
        final AtomicInteger asked = new AtomicInteger();
        final PlanPrices.Source source;
        volatile RuntimeException failure;

        CheapNowOutlook(PlanPrices.Source source) {
            super(null, null, null, null, null, null);
            this.source = source;
        }

        @Override
        Outlook of(String meter, Quarter first, int count, Instant now) {
            asked.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            List<QuarterOutlook> quarters = new ArrayList<>();
            List<PlanPrices.QuarterPrice> prices = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                BigDecimal price = new BigDecimal(i == 0 ? "0.10" : "0.40");
                quarters.add(new QuarterOutlook(first.plus(i), price, BigDecimal.ZERO, 0, Power.ofWatts(2000)));
                prices.add(new PlanPrices.QuarterPrice(first.plus(i), price, BigDecimal.ZERO, source, false));
            }
            return new Outlook(quarters, prices);
        }
    }

    @Test
    void withDynamicPricesTheCheapQuarterChargesAtTheLimit() {
        // at the reserve; each dear quarter lacks 500 Wh, 554 Wh from the grid now (500 / 0.9025): the first
        // three dear quarters take the 1,250 Wh that 5 kW charge in a quarter: 5,000 W
        var planning = new BatteryPlanning(new CheapNowOutlook(PlanPrices.Source.DAY_AHEAD));

        assertThat(planning.planned("home", "battery", LIMITS, 10, 95, Power.ofWatts(10_000), AT))
                .contains(Power.ofWatts(5000));
    }

    @Test
    void aFixedTariffHasNoPlan() {
        var planning = new BatteryPlanning(new CheapNowOutlook(PlanPrices.Source.TARIFF));

        assertThat(planning.planned("home", "battery", LIMITS, 10, 95, Power.ofWatts(10_000), AT)).isEmpty();
    }

    @Test
    void thePlanIsMadeOnceAQuarter() {
        var outlook = new CheapNowOutlook(PlanPrices.Source.DAY_AHEAD);
        var planning = new BatteryPlanning(outlook);

        planning.planned("home", "battery", LIMITS, 10, 95, Power.ofWatts(10_000), AT);
        planning.planned("home", "battery", LIMITS, 12, 95, Power.ofWatts(10_000), AT.plusSeconds(300));
        assertThat(outlook.asked).hasValue(1);
        planning.planned("home", "battery", LIMITS, 12, 95, Power.ofWatts(10_000), AT.plusSeconds(900));
        assertThat(outlook.asked).hasValue(2);
    }

    @Test
    void aPlanThatCannotBeMadeLeavesSelfConsumptionAndIsCounted() {
        var outlook = new CheapNowOutlook(PlanPrices.Source.DAY_AHEAD);
        outlook.failure = new IllegalStateException("the store is gone");
        var planning = new BatteryPlanning(outlook);

        assertThat(planning.planned("home", "battery", LIMITS, 10, 95, Power.ofWatts(10_000), AT))
                .isEqualTo(Optional.empty());
        assertThat(planning.failures()).isEqualTo(1);
    }
}
