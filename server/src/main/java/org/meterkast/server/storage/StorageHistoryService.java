package org.meterkast.server.storage;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.ev.PlanPrices;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.server.billing.PriceLookup;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.tariff.TariffService;
import org.meterkast.server.web.BadParameterException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * A battery's and a boiler's days, weeks, months and years from their stored quarters, and what the battery saved.
 *
 * <p>The saving, the manual's "économies calculées sur la base du tarif de prélèvement": per quarter, the energy the
 * battery delivered × what a kWh taken from the grid costs in that quarter (the offtake it displaced), less the energy
 * it stored × what a kWh injected earns in that quarter (the surplus it kept rather than sold). Both prices are the
 * household's own, incl. VAT, as its bill counts one kWh more or less ({@link PlanPrices}: the tariff version in force
 * that day, day or night, the day-ahead formula with that quarter's price, the kWh network tariff and levies; fixed
 * fees and the capacity tariff are left out). A battery charged from the grid rather than from surplus saved less
 * than this says: its quarters are not told apart.
 */
@Service
class StorageHistoryService {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final BigDecimal WH_PER_KWH = BigDecimal.valueOf(1000);

    /** How many of a span's quarters were measured (a reading covered some of it). */
    record Coverage(int quarters, int measuredQuarters, long measuredSeconds) {
    }

    /**
     * A battery's quarter as the day's curve shows it; the figures are null when none of it was measured.
     *
     * @param savingEuros the quarter's saving, € (6 decimals); null unmeasured or without a tariff
     */
    record BatteryQuarterView(Instant start, Instant end, boolean measured, Double socPercent, Double socMin,
                              Double socMax, Long chargedWh, Long deliveredWh, BigDecimal savingEuros) {
    }

    /**
     * What a battery saved in a span.
     *
     * @param euros            displaced − forgone, €, to the cent
     * @param displacedEuros   the delivered kWh at the quarters' offtake prices
     * @param forgoneEuros     the stored kWh at the quarters' injection prices
     */
    record Saving(BigDecimal euros, BigDecimal displacedEuros, BigDecimal forgoneEuros) {
    }

    /**
     * A battery's day: its quarters (92, 96 or 100), the energy stored and delivered, the saving; {@code noData}
     * when no quarter was measured (the figures are then null), {@code priced} false without a tariff (saving null).
     */
    record BatteryDay(LocalDate date, String device, List<BatteryQuarterView> quarters, Long chargedWh,
                      Long deliveredWh, Saving saving, boolean priced, Coverage coverage, boolean noData,
                      String savingRule) {
    }

    /** One day (of a week or month) or month (of a year) of a battery. */
    record BatteryBucket(LocalDate start, Instant from, Instant to, Long chargedWh, Long deliveredWh, Saving saving,
                         Coverage coverage, boolean noData) {
    }

    /** A battery's week, month or year. */
    record BatteryPeriod(String period, LocalDate from, LocalDate to, String device, List<BatteryBucket> buckets,
                         Long chargedWh, Long deliveredWh, Saving saving, boolean priced, Coverage coverage,
                         boolean noData, String savingRule) {
    }

    /** A boiler's quarter; its figures null when unmeasured, its temperatures null when the boiler reports none. */
    record BoilerQuarterView(Instant start, Instant end, boolean measured, Long energyWh, Double temperatureC,
                             Double temperatureMin, Double temperatureMax) {
    }

    /** A boiler's day: per quarter its consumption and average temperature, and the day's (time-weighted). */
    record BoilerDay(LocalDate date, String device, List<BoilerQuarterView> quarters, Long energyWh,
                     Double temperatureC, Double temperatureMin, Double temperatureMax, Coverage coverage,
                     boolean noData) {
    }

    /** One day or month of a boiler. */
    record BoilerBucket(LocalDate start, Instant from, Instant to, Long energyWh, Double temperatureC,
                        Coverage coverage, boolean noData) {
    }

    /** A boiler's week, month or year. */
    record BoilerPeriod(String period, LocalDate from, LocalDate to, String device, List<BoilerBucket> buckets,
                        Long energyWh, Double temperatureC, Coverage coverage, boolean noData) {
    }

    /** The rule of the saving, for whoever reads the API. */
    static final String SAVING_RULE = "per quarter: delivered kWh × that quarter's offtake price incl. VAT − stored kWh"
            + " × its injection price, under the address's tariff (fixed fees and capacity tariff left out)";

    private final StorageHistoryRepository repository;
    private final MeterRepository meters;
    private final TariffService tariffs;
    private final BillCalculator calculator;
    private final ObjectProvider<PriceLookup> dayAhead;
    private final QuarterRepository quarters;

    StorageHistoryService(StorageHistoryRepository repository, MeterRepository meters, TariffService tariffs,
                          BillCalculator calculator, ObjectProvider<PriceLookup> dayAhead,
                          QuarterRepository quarters) {
        this.repository = repository;
        this.meters = meters;
        this.tariffs = tariffs;
        this.calculator = calculator;
        this.dayAhead = dayAhead;
        this.quarters = quarters;
    }

    /** A week (Monday to Sunday), month or year around a date, or a 400 naming the parameter. */
    record Span(String period, LocalDate from, LocalDate to, boolean byMonth) {
        static Span of(String period, LocalDate date) {
            return switch (period == null ? "" : period.toLowerCase(Locale.ROOT)) {
                case "week" -> {
                    LocalDate monday = date.with(DayOfWeek.MONDAY);
                    yield new Span("week", monday, monday.plusWeeks(1), false);
                }
                case "month" -> new Span("month", date.withDayOfMonth(1), date.withDayOfMonth(1).plusMonths(1),
                        false);
                case "year" -> new Span("year", date.withDayOfYear(1), date.withDayOfYear(1).plusYears(1), true);
                default -> throw new BadParameterException("period", "error.parameter.not-one-of", "period",
                        String.valueOf(period), "week, month, year");
            };
        }

        List<LocalDate> starts() {
            List<LocalDate> out = new ArrayList<>();
            for (LocalDate d = from; d.isBefore(to); d = byMonth ? d.plusMonths(1) : d.plusDays(1)) {
                out.add(d);
            }
            return out;
        }

        LocalDate next(LocalDate start) {
            return byMonth ? start.plusMonths(1) : start.plusDays(1);
        }
    }

    static Instant midnight(LocalDate date) {
        return date.atStartOfDay(BRUSSELS).toInstant();
    }

    static int quartersBetween(Instant from, Instant to) {
        return (int) (Duration.between(from, to).getSeconds() / 900);
    }

    BatteryDay batteryDay(long locationId, String meter, String device, LocalDate date) {
        Instant from = midnight(date);
        Instant to = midnight(date.plusDays(1));
        List<BatteryQuarter> stored = repository.batteryQuarters(locationId, device, from, to);
        Optional<Map<Instant, PlanPrices.QuarterPrice>> prices = prices(meter, stored);
        Map<Instant, BatteryQuarter> byStart = new HashMap<>();
        stored.forEach(q -> byStart.put(q.start(), q));
        List<BatteryQuarterView> views = new ArrayList<>();
        for (Instant s = from; s.isBefore(to); s = s.plusSeconds(900)) {
            BatteryQuarter q = byStart.get(s);
            if (q == null) {
                views.add(new BatteryQuarterView(s, s.plusSeconds(900), false, null, null, null, null, null, null));
            } else {
                BigDecimal saving = prices.map(p -> displaced(q, p).subtract(forgone(q, p))
                        .setScale(6, RoundingMode.HALF_UP)).orElse(null);
                views.add(new BatteryQuarterView(s, s.plusSeconds(900), true, q.socEnd(), q.socMin(), q.socMax(),
                        q.chargedWh(), q.deliveredWh(), saving));
            }
        }
        Coverage coverage = coverage(quartersBetween(from, to), stored);
        boolean noData = stored.isEmpty();
        return new BatteryDay(date, device, views, noData ? null : charged(stored), noData ? null : delivered(stored),
                noData ? null : prices.map(p -> saving(stored, p)).orElse(null), prices.isPresent(), coverage, noData,
                SAVING_RULE);
    }

    BatteryPeriod batteryPeriod(long locationId, String meter, String device, String period, LocalDate date) {
        Span span = Span.of(period, date);
        List<BatteryQuarter> stored = repository.batteryQuarters(locationId, device, midnight(span.from()),
                midnight(span.to()));
        Optional<Map<Instant, PlanPrices.QuarterPrice>> prices = prices(meter, stored);
        List<BatteryBucket> buckets = new ArrayList<>();
        int i = 0;
        for (LocalDate start : span.starts()) {
            Instant from = midnight(start);
            Instant to = midnight(span.next(start));
            List<BatteryQuarter> in = new ArrayList<>();
            while (i < stored.size() && stored.get(i).start().isBefore(to)) {
                in.add(stored.get(i++));
            }
            boolean noData = in.isEmpty();
            buckets.add(new BatteryBucket(start, from, to, noData ? null : charged(in), noData ? null : delivered(in),
                    noData ? null : prices.map(p -> saving(in, p)).orElse(null),
                    coverage(quartersBetween(from, to), in), noData));
        }
        boolean noData = stored.isEmpty();
        return new BatteryPeriod(span.period(), span.from(), span.to(), device, buckets,
                noData ? null : charged(stored), noData ? null : delivered(stored),
                noData ? null : prices.map(p -> saving(stored, p)).orElse(null), prices.isPresent(),
                coverage(quartersBetween(midnight(span.from()), midnight(span.to())), stored), noData, SAVING_RULE);
    }

    BoilerDay boilerDay(long locationId, String device, LocalDate date) {
        Instant from = midnight(date);
        Instant to = midnight(date.plusDays(1));
        List<BoilerQuarter> stored = repository.boilerQuarters(locationId, device, from, to);
        Map<Instant, BoilerQuarter> byStart = new HashMap<>();
        stored.forEach(q -> byStart.put(q.start(), q));
        List<BoilerQuarterView> views = new ArrayList<>();
        for (Instant s = from; s.isBefore(to); s = s.plusSeconds(900)) {
            BoilerQuarter q = byStart.get(s);
            views.add(q == null ? new BoilerQuarterView(s, s.plusSeconds(900), false, null, null, null, null)
                    : new BoilerQuarterView(s, s.plusSeconds(900), true, q.energyWh(), round1(q.temperatureAvg()),
                    round1(q.temperatureMin()), round1(q.temperatureMax())));
        }
        boolean noData = stored.isEmpty();
        return new BoilerDay(date, device, views, noData ? null : energy(stored), round1(average(stored)),
                round1(stored.stream().map(BoilerQuarter::temperatureMin).filter(t -> t != null)
                        .min(Double::compare).orElse(null)),
                round1(stored.stream().map(BoilerQuarter::temperatureMax).filter(t -> t != null)
                        .max(Double::compare).orElse(null)),
                boilerCoverage(quartersBetween(from, to), stored), noData);
    }

    BoilerPeriod boilerPeriod(long locationId, String device, String period, LocalDate date) {
        Span span = Span.of(period, date);
        List<BoilerQuarter> stored = repository.boilerQuarters(locationId, device, midnight(span.from()),
                midnight(span.to()));
        List<BoilerBucket> buckets = new ArrayList<>();
        int i = 0;
        for (LocalDate start : span.starts()) {
            Instant from = midnight(start);
            Instant to = midnight(span.next(start));
            List<BoilerQuarter> in = new ArrayList<>();
            while (i < stored.size() && stored.get(i).start().isBefore(to)) {
                in.add(stored.get(i++));
            }
            boolean noData = in.isEmpty();
            buckets.add(new BoilerBucket(start, from, to, noData ? null : energy(in), round1(average(in)),
                    boilerCoverage(quartersBetween(from, to), in), noData));
        }
        boolean noData = stored.isEmpty();
        return new BoilerPeriod(span.period(), span.from(), span.to(), device, buckets,
                noData ? null : energy(stored), round1(average(stored)),
                boilerCoverage(quartersBetween(midnight(span.from()), midnight(span.to())), stored), noData);
    }

    /**
     * Each stored quarter's prices under the address's tariff, by start; empty without a tariff. Asked month by
     * month over the span from the first stored quarter to the last, so a year is twelve small bills.
     */
    private Optional<Map<Instant, PlanPrices.QuarterPrice>> prices(String meter, List<BatteryQuarter> stored) {
        return pricesAt(meter, stored.stream().map(BatteryQuarter::start).toList());
    }

    /** The household's own price of each of these quarter starts (sorted), empty without a tariff. */
    private Optional<Map<Instant, PlanPrices.QuarterPrice>> pricesAt(String meter, List<Instant> stored) {
        Optional<Meter> m = meters.find(meter);
        if (m.isEmpty()) {
            return Optional.empty();
        }
        Optional<TariffHistory> history = tariffs.history(m.get().id());
        if (history.isEmpty()) {
            return Optional.empty();
        }
        Map<Instant, PlanPrices.QuarterPrice> out = new HashMap<>();
        int i = 0;
        while (i < stored.size()) {
            Instant first = stored.get(i);
            LocalDate month = LocalDate.ofInstant(first, BRUSSELS).withDayOfMonth(1);
            Instant monthEnd = midnight(month.plusMonths(1));
            int j = i;
            while (j + 1 < stored.size() && stored.get(j + 1).isBefore(monthEnd)) {
                j++;
            }
            Instant last = stored.get(j);
            int count = quartersBetween(first, last) + 1;
            Quarter q = new Quarter(first);
            for (PlanPrices.QuarterPrice p : PlanPrices.of(calculator, history.get(),
                    dayAhead(history.get(), first, last.plusSeconds(900)), q, count, BRUSSELS)) {
                out.put(p.quarter().start(), p);
            }
            i = j + 1;
        }
        return Optional.of(out);
    }

    /**
     * What a boiler heated with the household's own power in a month, and what that saved: per quarter, the part of
     * the boiler's energy the grid did not deliver (its energy less the quarter's import, at least 0), at the
     * quarter's offtake price less the injection price that power would otherwise have earned. Quarters without the
     * meter's quarter are left out.
     *
     * @return empty without a tariff or without any measured quarter
     */
    Optional<BoilerSolar> boilerSolar(long locationId, int meterId, String meter, String device, YearMonth month) {
        Instant from = midnight(month.atDay(1));
        Instant to = midnight(month.plusMonths(1).atDay(1));
        List<BoilerQuarter> stored = repository.boilerQuarters(locationId, device, from, to);
        Map<Instant, ClosedQuarter> grid = new HashMap<>();
        for (ClosedQuarter q : quarters.quarters(meterId, from, to)) {
            grid.put(q.quarter().start(), q);
        }
        List<BoilerQuarter> known = stored.stream().filter(q -> grid.containsKey(q.start())).toList();
        if (known.isEmpty()) {
            return Optional.empty();
        }
        Optional<Map<Instant, PlanPrices.QuarterPrice>> prices = pricesAt(meter,
                known.stream().map(BoilerQuarter::start).toList());
        if (prices.isEmpty()) {
            return Optional.empty();
        }
        long solarWh = 0;
        BigDecimal saved = BigDecimal.ZERO;
        java.util.TreeSet<LocalDate> days = new java.util.TreeSet<>();
        for (BoilerQuarter q : known) {
            days.add(LocalDate.ofInstant(q.start(), BRUSSELS));
            long own = Math.max(0, Math.min(q.energyWh(), q.energyWh() - grid.get(q.start()).energy().imported()));
            if (own == 0) {
                continue;
            }
            PlanPrices.QuarterPrice price = prices.get().get(q.start());
            solarWh += own;
            saved = saved.add(kwh(own).multiply(price.offtake().subtract(price.injection())));
        }
        return Optional.of(new BoilerSolar(solarWh, saved.setScale(2, RoundingMode.HALF_UP), days.size(),
                days.first(), days.last()));
    }

    /** A boiler's month heated with the household's own power: its energy, the saving, the days measured. */
    record BoilerSolar(long solarWh, BigDecimal saved, int measuredDays, LocalDate first, LocalDate last) {
    }

    private DayAheadPrices dayAhead(TariffHistory history, Instant from, Instant to) {
        boolean dynamic = history.versions().stream().anyMatch(v -> BillCalculator.isDynamic(v.tariff()));
        PriceLookup lookup = dayAhead.getIfAvailable();
        if (!dynamic || lookup == null) {
            return DayAheadPrices.NONE;
        }
        return lookup.between(from.minus(Duration.ofDays(PlanPrices.LOOK_BACK_DAYS + 1)), to);
    }

    private static BigDecimal displaced(BatteryQuarter q, Map<Instant, PlanPrices.QuarterPrice> prices) {
        return kwh(q.deliveredWh()).multiply(prices.get(q.start()).offtake());
    }

    private static BigDecimal forgone(BatteryQuarter q, Map<Instant, PlanPrices.QuarterPrice> prices) {
        return kwh(q.chargedWh()).multiply(prices.get(q.start()).injection());
    }

    static Saving saving(List<BatteryQuarter> quarters, Map<Instant, PlanPrices.QuarterPrice> prices) {
        BigDecimal displaced = BigDecimal.ZERO;
        BigDecimal forgone = BigDecimal.ZERO;
        for (BatteryQuarter q : quarters) {
            displaced = displaced.add(displaced(q, prices));
            forgone = forgone.add(forgone(q, prices));
        }
        return new Saving(displaced.subtract(forgone).setScale(2, RoundingMode.HALF_UP),
                displaced.setScale(2, RoundingMode.HALF_UP), forgone.setScale(2, RoundingMode.HALF_UP));
    }

    private static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh).divide(WH_PER_KWH, 3, RoundingMode.UNNECESSARY);
    }

    private static long charged(List<BatteryQuarter> quarters) {
        return quarters.stream().mapToLong(BatteryQuarter::chargedWh).sum();
    }

    private static long delivered(List<BatteryQuarter> quarters) {
        return quarters.stream().mapToLong(BatteryQuarter::deliveredWh).sum();
    }

    private static long energy(List<BoilerQuarter> quarters) {
        return quarters.stream().mapToLong(BoilerQuarter::energyWh).sum();
    }

    /** The temperature averaged over the time each quarter's average covers; null when none has one. */
    static Double average(List<BoilerQuarter> quarters) {
        double sum = 0;
        long ms = 0;
        double plain = 0;
        int n = 0;
        for (BoilerQuarter q : quarters) {
            if (q.temperatureAvg() == null) {
                continue;
            }
            sum += q.temperatureAvg() * q.temperatureMs();
            ms += q.temperatureMs();
            plain += q.temperatureAvg();
            n++;
        }
        if (n == 0) {
            return null;
        }
        return ms > 0 ? sum / ms : plain / n;
    }

    private static Double round1(Double v) {
        return v == null ? null : Math.round(v * 10) / 10.0;
    }

    private static Coverage coverage(int quarters, List<BatteryQuarter> stored) {
        return new Coverage(quarters, stored.size(), stored.stream().mapToLong(BatteryQuarter::measuredMs).sum() / 1000);
    }

    private static Coverage boilerCoverage(int quarters, List<BoilerQuarter> stored) {
        return new Coverage(quarters, stored.size(), stored.stream().mapToLong(BoilerQuarter::measuredMs).sum() / 1000);
    }
}
