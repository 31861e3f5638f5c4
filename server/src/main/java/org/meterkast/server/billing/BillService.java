package org.meterkast.server.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.bill.BillLine;
import org.meterkast.energy.bill.BillLineKind;
import org.meterkast.energy.bill.Coverage;
import org.meterkast.energy.bill.QuarterForecast;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.QuarterSeries;
import org.meterkast.energy.tariff.CapacityAverage;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.MonthPeak;
import org.meterkast.energy.tariff.MonthlyPeaks;
import org.meterkast.energy.tariff.NetworkTariffs;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterMonthPeak;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.MonthPeakRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.tariff.TariffService;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/** Bills, monthly costs and capacity peaks of a location, from its stored quarters and tariffs. */
@Service
class BillService {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** How far back the forecast looks for the household's usual day. */
    static final Duration RECENT = Duration.ofDays(28);

    /**
     * A month's net offtake and what it cost, as the dashboard's history lists it; the cost covers the measured days
     * only ({@code coverage}), and a month without any ({@code noData}) has no cost (null), not a zero one.
     */
    record MonthCost(YearMonth month, long offtakeWh, long injectionWh, long netOfftakeWh, BigDecimal costInclVat,
                     BigDecimal costExclVat, BigDecimal energyCostInclVat, int quarters, int estimatedQuarters,
                     Coverage coverage, boolean noData) {
    }

    /**
     * What the month's kWh cost, as the iLusmart app's monthly rows show it (+129,44 kWh at 0,30 €/kWh → € 38,83):
     * the bill's electricity lines counted per kWh (energy, green certificates, CHP, the kWh network tariff, the
     * levies per kWh, less the injection), each with its VAT; without the fixed fees, the capacity tariff and gas.
     */
    static BigDecimal energyCost(Bill bill) {
        BigDecimal vatRate = bill.lines().stream().filter(l -> l.kind() == BillLineKind.VAT).map(BillLine::rate)
                .findFirst().orElse(BigDecimal.ZERO);
        BigDecimal sum = BigDecimal.ZERO;
        for (BillLine line : bill.lines()) {
            if (line.unit() != BillLine.Unit.KWH || line.kind() == BillLineKind.GAS_ENERGY
                    || line.kind() == BillLineKind.VAT_INCLUDED) {
                continue;
            }
            sum = sum.add(line.vatApplies() ? line.amount().multiply(BigDecimal.ONE.add(vatRate)) : line.amount());
        }
        return sum.setScale(2, RoundingMode.HALF_UP);
    }

    /**
     * A month of the capacity tariff: our peak beside the meter's own, the rolling average billed, and its cost.
     *
     * @param peakW           our peak: the month's highest quarter × 4, in W; null without quarters
     * @param meterPeakW      the meter's own 1-0:1.6.0 / 0-0:98.1.0 value for the month, in W; null when not read
     * @param differenceW     ours minus the meter's, when both are known
     * @param monthlyExclVat  the month's capacity share, average × tariff ÷ 12, € excl. VAT; null without a Flemish
     *                        tariff
     * @param yearlyExclVat   what the average costs over a year at this month's tariff, average × tariff, € excl.
     *                        VAT; null without a Flemish tariff
     */
    record CapacityMonth(YearMonth month, Long peakW, Instant peakQuarter, Long meterPeakW, Instant meterPeakAt,
                         Long differenceW, BigDecimal averageKw, int monthsInAverage, CapacityRule rule,
                         BigDecimal tariffPerKwYear, BigDecimal monthlyExclVat, BigDecimal monthlyInclVat,
                         BigDecimal yearlyExclVat, BigDecimal yearlyInclVat) {
    }

    /**
     * The month in progress: its bill so far, and the whole month with the quarters still to come foreseen from the
     * last four weeks ({@link QuarterForecast}).
     */
    record MonthForecast(YearMonth month, Instant now, Bill soFar, Bill forecast, int foreseenQuarters) {
    }

    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final MonthPeakRepository peaks;
    private final TariffService tariffs;
    private final BillCalculator calculator;
    private final NetworkTariffs network;
    private final Levies levies;
    private final ObjectProvider<PriceLookup> prices;
    private final java.time.Clock clock;

    BillService(MeterRepository meters, QuarterRepository quarters, MonthPeakRepository peaks, TariffService tariffs,
                BillCalculator calculator, NetworkTariffs network, Levies levies, ObjectProvider<PriceLookup> prices,
                java.time.Clock clock) {
        this.clock = clock;
        this.meters = meters;
        this.quarters = quarters;
        this.peaks = peaks;
        this.tariffs = tariffs;
        this.calculator = calculator;
        this.network = network;
        this.levies = levies;
        this.prices = prices;
    }

    /** The location's tariff history; {@link NoTariffException} when none was saved. */
    TariffHistory history(Meter meter) {
        return tariffs.history(meter.id()).orElseThrow(() -> new NoTariffException(meter.name()));
    }

    /** The bills of [from, to) under each tariff history, from one read of the quarters, peaks and prices. */
    List<Bill> bills(Meter meter, Instant from, Instant to, List<TariffHistory> histories, boolean withQuarters) {
        boolean dynamic = histories.stream().anyMatch(BillService::isDynamic);
        QuarterSeries stored = read(meter, from, to, dynamic || withQuarters);
        Map<YearMonth, Long> monthPeaks = peakWatts(meter, from, to);
        DayAheadPrices dayAhead = dynamic ? prices(from, to) : DayAheadPrices.NONE;
        Map<LocalDate, Long> gas = histories.stream().anyMatch(BillService::hasGas)
                ? quarters.gasWhByDay(meter.id(), from, to) : Map.of();
        var bills = new ArrayList<Bill>(histories.size());
        for (TariffHistory history : histories) {
            bills.add(calculator.bill(history, from, to, stored, monthPeaks, dayAhead, withQuarters, gas));
        }
        return bills;
    }

    /** Each month's net offtake and cost incl. VAT under the location's tariffs, oldest first. */
    List<MonthCost> months(Meter meter, YearMonth first, YearMonth last) {
        TariffHistory history = history(meter);
        Instant from = first.atDay(1).atStartOfDay(BRUSSELS).toInstant();
        Instant to = last.plusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant();
        QuarterSeries stored = read(meter, from, to, isDynamic(history));
        Map<YearMonth, Long> monthPeaks = peakWatts(meter, from, to);
        DayAheadPrices dayAhead = isDynamic(history) ? prices(from, to) : DayAheadPrices.NONE;
        Map<LocalDate, Long> gas = hasGas(history) ? quarters.gasWhByDay(meter.id(), from, to) : Map.of();
        var out = new ArrayList<MonthCost>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            Instant start = m.atDay(1).atStartOfDay(BRUSSELS).toInstant();
            Instant end = m.plusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant();
            Bill bill = calculator.bill(history, start, end, stored, monthPeaks, dayAhead, false, gas);
            boolean noData = bill.coverage().noData();
            out.add(new MonthCost(m, bill.offtakeWh(), bill.injectionWh(), bill.netOfftakeWh(),
                    noData ? null : bill.totalInclVat(), noData ? null : bill.totalExclVat(),
                    noData ? null : energyCost(bill), bill.quarters(),
                    bill.estimatedQuarters(), bill.coverage(), noData));
        }
        return out;
    }

    /** The bill of the month in progress so far, and foreseen to its end. */
    MonthForecast forecast(Meter meter) {
        TariffHistory history = history(meter);
        Instant now = clock.instant();
        YearMonth month = YearMonth.from(now.atZone(BRUSSELS));
        Instant start = month.atDay(1).atStartOfDay(BRUSSELS).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant();
        List<ClosedQuarter> stored = quarters.quarters(meter.id(), start.minus(RECENT), end);
        List<ClosedQuarter> recent = stored.stream().filter(q -> q.quarter().start().isAfter(now.minus(RECENT)))
                .toList();
        List<ClosedQuarter> inMonth = stored.stream().filter(q -> !q.quarter().start().isBefore(start)).toList();
        Instant next = inMonth.isEmpty() ? start : inMonth.get(inMonth.size() - 1).quarter().end();
        Tariff tariff = history.inForce(LocalDate.ofInstant(now, BRUSSELS)).tariff();
        DayNightSchedule schedule = tariff instanceof FlemishTariff f ? f.schedule() : DayNightSchedule.STANDARD;
        List<ClosedQuarter> foreseen = QuarterForecast.project(recent, next, end, schedule, BRUSSELS);
        var whole = new ArrayList<ClosedQuarter>(inMonth.size() + foreseen.size());
        whole.addAll(inMonth);
        whole.addAll(foreseen);
        Map<YearMonth, Long> storedPeaks = peakWatts(meter, start, end);
        Map<YearMonth, Long> monthPeaks = new TreeMap<>(storedPeaks);
        MonthlyPeaks.of(whole, BRUSSELS).forEach((m, p) -> monthPeaks.merge(m, p.watts(), Math::max));
        DayAheadPrices dayAhead = isDynamic(history) ? prices(start, end) : DayAheadPrices.NONE;
        Instant soFarEnd = now.isAfter(start) ? now : end;
        Bill soFar = calculator.bill(history, start, soFarEnd, inMonth, storedPeaks, dayAhead, false);
        Bill forecast = calculator.bill(history, start, end, whole, monthPeaks, dayAhead, false);
        return new MonthForecast(month, now, soFar, forecast, foreseen.size());
    }

    /** The capacity tariff month by month, oldest first, ending with {@code last}. */
    List<CapacityMonth> capacity(Meter meter, YearMonth last, int count) {
        YearMonth first = last.minusMonths(count - 1L);
        SortedMap<YearMonth, MonthPeak> ours = peaks.peaks(meter.id(), first.minusMonths(11), last, BRUSSELS);
        Map<YearMonth, Long> watts = watts(ours);
        var theirs = new TreeMap<YearMonth, MeterMonthPeak>();
        for (MeterMonthPeak p : meters.monthPeaks(meter.id())) {
            theirs.put(p.month(), p);
        }
        TariffHistory history = tariffs.history(meter.id()).orElse(null);
        var out = new ArrayList<CapacityMonth>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            LocalDate day = m.atDay(1);
            Tariff tariff = history == null ? null : history.inForce(day).tariff();
            CapacityRule rule = tariff instanceof FlemishTariff f ? f.capacityRule() : CapacityRule.MEAN_OF_AVAILABLE;
            CapacityAverage average = CapacityAverage.of(m, watts, rule);
            MonthPeak peak = ours.get(m);
            MeterMonthPeak meterPeak = theirs.get(m);
            BigDecimal rate = null;
            BigDecimal exclVat = null;
            BigDecimal inclVat = null;
            BigDecimal yearlyExclVat = null;
            BigDecimal yearlyInclVat = null;
            // an all-in price with the address's area pays that area's capacity tariff, as the bill does
            DistributionArea area = tariff instanceof FlemishTariff f ? (f.socialTariff() ? null : f.area())
                    : tariff instanceof SimpleTariff s ? s.area() : null;
            if (area != null) {
                rate = network.inForce(area, day).capacityPerKwYear();
                // a classic meter pays the fixed 2.5 kW whatever its peaks
                BigDecimal billedKw = tariff instanceof FlemishTariff f && f.meter() != MeterKind.DIGITAL
                        ? CapacityAverage.MINIMUM_KW : average.kilowatts();
                BigDecimal vat = BigDecimal.ONE.add(levies.inForce(day).vatRate());
                BigDecimal yearly = billedKw.multiply(rate);
                BigDecimal exact = yearly.divide(BigDecimal.valueOf(12), 10, RoundingMode.HALF_UP);
                exclVat = exact.setScale(2, RoundingMode.HALF_UP);
                inclVat = exact.multiply(vat).setScale(2, RoundingMode.HALF_UP);
                yearlyExclVat = yearly.setScale(2, RoundingMode.HALF_UP);
                yearlyInclVat = yearly.multiply(vat).setScale(2, RoundingMode.HALF_UP);
            }
            out.add(new CapacityMonth(m, peak == null ? null : peak.watts(), peak == null ? null : peak.quarterStart(),
                    meterPeak == null ? null : meterPeak.watts(), meterPeak == null ? null : meterPeak.occurredAt(),
                    peak != null && meterPeak != null ? peak.watts() - meterPeak.watts() : null,
                    average.kilowatts(), average.monthsKnown(), rule, rate, exclVat, inclVat, yearlyExclVat,
                    yearlyInclVat));
        }
        return out;
    }

    /**
     * The quarters of [from, to): one by one where a dynamic price or each quarter's cost needs them, otherwise the
     * stored daily sums when the period is whole Brussels days (the same bill from 365 rows instead of 35,040).
     */
    private QuarterSeries read(Meter meter, Instant from, Instant to, boolean singleQuarters) {
        if (!singleQuarters && isMidnight(from) && isMidnight(to)) {
            return quarters.daySeries(meter.id(), from, to);
        }
        return quarters.series(meter.id(), from, to);
    }

    private static boolean isMidnight(Instant t) {
        return t.atZone(BRUSSELS).toLocalTime().equals(java.time.LocalTime.MIDNIGHT);
    }

    private Map<YearMonth, Long> peakWatts(Meter meter, Instant from, Instant to) {
        YearMonth first = YearMonth.from(from.atZone(BRUSSELS)).minusMonths(11);
        YearMonth last = YearMonth.from(to.minusNanos(1).atZone(BRUSSELS));
        return watts(peaks.peaks(meter.id(), first, last, BRUSSELS));
    }

    /** Each month's peak in W, as the capacity average takes it. */
    private static Map<YearMonth, Long> watts(SortedMap<YearMonth, MonthPeak> peaks) {
        Map<YearMonth, Long> watts = new TreeMap<>();
        peaks.forEach((m, p) -> watts.put(m, p.watts()));
        return watts;
    }

    private DayAheadPrices prices(Instant from, Instant to) {
        PriceLookup lookup = prices.getIfAvailable();
        return lookup == null ? DayAheadPrices.NONE : lookup.between(from, to);
    }

    static boolean hasGas(TariffHistory history) {
        return history.versions().stream().anyMatch(v -> v.gas() != null);
    }

    static boolean isDynamic(TariffHistory history) {
        return history.versions().stream().anyMatch(v -> BillCalculator.isDynamic(v.tariff()));
    }
}
