package org.meterkast.server.control;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.PlanPrices;
import org.meterkast.energy.ev.QuarterOutlook;
import org.meterkast.energy.ev.QuarterProduction;
import org.meterkast.energy.ev.SolarForecast;
import org.meterkast.energy.ev.SolarQuarter;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.server.billing.PriceLookup;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.tariff.TariffService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the quarters ahead hold for an address, as its charge plans weigh them: each quarter's prices under the
 * address's own tariff ({@link PlanPrices}), the solar production to expect from its own last
 * {@link #SOLAR_HISTORY} of production ({@link SolarForecast}, at Belgium's centre: addresses carry no
 * coordinates), and its household load, the mean of the same quarter of the day over the last
 * {@link #LOAD_HISTORY} of measured quarters.
 */
@Component
class PlanOutlook {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** Belgium's centre, where the sun is reckoned for an address without coordinates. */
    static final double LATITUDE = 50.85;
    static final double LONGITUDE = 4.35;
    static final Duration SOLAR_HISTORY = Duration.ofDays(14);
    static final Duration LOAD_HISTORY = Duration.ofDays(7);
    private static final int QUARTERS_A_DAY = 96;

    /**
     * The outlook of a span of quarters.
     *
     * @param quarters the planner's input, one per quarter in order
     * @param prices   each quarter's prices and where they come from, in order; empty without a tariff, when every
     *                 quarter's price is taken as zero (the plan then charges as early as its limits allow)
     */
    record Outlook(List<QuarterOutlook> quarters, List<PlanPrices.QuarterPrice> prices) {
        boolean priced() {
            return !prices.isEmpty();
        }
    }

    private final MeterRepository meters;
    private final TariffService tariffs;
    private final ObjectProvider<PriceLookup> dayAhead;
    private final BillCalculator calculator;
    private final QuarterRepository quarters;
    private final ProductionRepository production;
    private final SolarForecast sun = new SolarForecast(LATITUDE, LONGITUDE);

    PlanOutlook(MeterRepository meters, TariffService tariffs, ObjectProvider<PriceLookup> dayAhead,
                BillCalculator calculator, QuarterRepository quarters, ProductionRepository production) {
        this.meters = meters;
        this.tariffs = tariffs;
        this.dayAhead = dayAhead;
        this.calculator = calculator;
        this.quarters = quarters;
        this.production = production;
    }

    /** The outlook of {@code count} quarters from {@code first}, for the address of {@code meter}, at {@code now}. */
    Outlook of(String meter, Quarter first, int count, Instant now) {
        Optional<Meter> stored = meters.find(meter);
        List<PlanPrices.QuarterPrice> prices = List.of();
        List<ProductionQuarter> produced = List.of();
        List<ClosedQuarter> measured = List.of();
        if (stored.isPresent()) {
            int id = stored.get().id();
            Optional<TariffHistory> history = tariffs.history(id);
            if (history.isPresent()) {
                prices = PlanPrices.of(calculator, history.get(), dayAhead(history.get(), first, count), first, count,
                        BRUSSELS);
            }
            produced = production.quarters(id, now.minus(SOLAR_HISTORY), now);
            measured = quarters.quarters(id, now.minus(LOAD_HISTORY), now);
        }
        List<QuarterProduction> recent = produced.stream().filter(p -> p.wh() >= 0)
                .map(p -> new QuarterProduction(new Quarter(p.start()), p.wh())).toList();
        List<SolarQuarter> solar = sun.forecast(first, count, recent, List.of());
        Map<Instant, Long> producedWh = new HashMap<>();
        produced.forEach(p -> producedWh.put(p.start(), Math.max(0, p.wh())));
        long[] load = loadWatts(measured, producedWh, first, count, BRUSSELS);
        var out = new ArrayList<QuarterOutlook>(count);
        for (int i = 0; i < count; i++) {
            BigDecimal price = prices.isEmpty() ? BigDecimal.ZERO : prices.get(i).offtake();
            BigDecimal injection = prices.isEmpty() ? BigDecimal.ZERO : prices.get(i).injection();
            out.add(new QuarterOutlook(first.plus(i), price, injection, solar.get(i).expectedWh(),
                    Power.ofWatts(load[i])));
        }
        return new Outlook(out, prices);
    }

    /** The day-ahead prices a dynamic tariff needs: the quarters ahead and the week before, for the estimates. */
    private DayAheadPrices dayAhead(TariffHistory history, Quarter first, int count) {
        boolean dynamic = history.versions().stream().anyMatch(v -> BillCalculator.isDynamic(v.tariff()));
        PriceLookup lookup = dayAhead.getIfAvailable();
        if (!dynamic || lookup == null) {
            return DayAheadPrices.NONE;
        }
        return lookup.between(first.start().minus(Duration.ofDays(PlanPrices.LOOK_BACK_DAYS + 1)),
                first.plus(count).start());
    }

    /**
     * The household's load to expect in each of {@code count} quarters from {@code first}, W: the mean consumption
     * (import − export + production, never below zero) of the measured quarters at the same local time of day; a
     * time of day without any takes the mean of all measured quarters, and without any measured quarter it is 0.
     * The quarters' consumption includes whatever charged in them, a car's charging too.
     */
    static long[] loadWatts(List<ClosedQuarter> measured, Map<Instant, Long> producedWh, Quarter first, int count,
                            ZoneId zone) {
        long[] sum = new long[QUARTERS_A_DAY];
        int[] n = new int[QUARTERS_A_DAY];
        long total = 0;
        int all = 0;
        for (ClosedQuarter q : measured) {
            long wh = Math.max(0, q.energy().imported() - q.energy().exported()
                    + producedWh.getOrDefault(q.quarter().start(), 0L));
            int slot = slot(q.quarter(), zone);
            sum[slot] += wh;
            n[slot]++;
            total += wh;
            all++;
        }
        long[] watts = new long[count];
        for (int i = 0; i < count; i++) {
            int slot = slot(first.plus(i), zone);
            long s = n[slot] > 0 ? sum[slot] : total;
            int k = n[slot] > 0 ? n[slot] : all;
            // Wh in a quarter × 4 is its average W, rounded to the nearest
            watts[i] = k == 0 ? 0 : (s * 4 * 2 + k) / (2L * k);
        }
        return watts;
    }

    /** The quarter's place in its local day, 0 (00:00) to 95 (23:45); the hour repeated in October shares it. */
    private static int slot(Quarter q, ZoneId zone) {
        LocalTime t = q.start().atZone(zone).toLocalTime();
        return t.getHour() * 4 + t.getMinute() / 15;
    }
}
