package org.meterkast.server.advice;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meterkast.energy.advice.Advice;
import org.meterkast.energy.advice.BaseLoad;
import org.meterkast.energy.advice.CapacityPeaks;
import org.meterkast.energy.advice.CheapestTariff;
import org.meterkast.energy.advice.EveningPeak;
import org.meterkast.energy.advice.FlexibleAppliance;
import org.meterkast.energy.advice.QuarterFlow;
import org.meterkast.energy.advice.SelfConsumption;
import org.meterkast.energy.advice.SelfSufficiency;
import org.meterkast.energy.advice.StorageSaving;
import org.meterkast.energy.advice.SurplusHours;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.Coverage;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.MonthPeak;
import org.meterkast.server.billing.TariffFigures;
import org.meterkast.server.location.Location;
import org.meterkast.server.location.LocationService;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.MonthPeakRepository;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.web.BadParameterException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;

/**
 * Reads an address's quarters, production, peaks and tariffs for a month and hands them to the advice of
 * {@code energy.advice}; words nothing itself (each piece carries its text key).
 */
@Service
class AdviceService {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final List<FlexibleAppliance> APPLIANCES = FlexibleAppliance.table();

    /** One piece: what it is about, its text key, the days it covers and its figures (the whole record). */
    record Piece(String kind, String key, Coverage coverage, Advice figures) {
        static Piece of(String kind, Advice advice) {
            return new Piece(kind, advice.key(), advice.coverage(), advice);
        }
    }

    /** The month's advice, in the order the page shows it. */
    record AdviceView(long location, YearMonth month, boolean solarMeasured, List<Piece> advice) {
    }

    private final LocationService locations;
    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final ProductionRepository production;
    private final MonthPeakRepository peaks;
    private final TariffFigures tariffs;
    private final ObjectProvider<StorageHistory> storage;
    private final Clock clock;

    AdviceService(LocationService locations, MeterRepository meters, QuarterRepository quarters,
                  ProductionRepository production, MonthPeakRepository peaks, TariffFigures tariffs,
                  ObjectProvider<StorageHistory> storage, Clock clock) {
        this.locations = locations;
        this.meters = meters;
        this.quarters = quarters;
        this.production = production;
        this.peaks = peaks;
        this.tariffs = tariffs;
        this.storage = storage;
        this.clock = clock;
    }

    AdviceView advice(long accountId, long locationId, String monthText) {
        Location location = locations.require(accountId, locationId);
        YearMonth month = month(monthText);
        Optional<Meter> meter = location.meter() == null ? Optional.empty() : meters.find(location.meter());
        Instant from = month.minusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant();
        Instant start = month.atDay(1).atStartOfDay(BRUSSELS).toInstant();
        Instant end = month.plusMonths(1).atDay(1).atStartOfDay(BRUSSELS).toInstant();
        List<QuarterFlow> flows = meter.map(m -> flows(m, from, end)).orElse(List.of());
        var pieces = new ArrayList<Piece>();
        pieces.add(Piece.of("selfConsumption", SelfConsumption.of(month, BRUSSELS, flows)));
        pieces.add(Piece.of("selfSufficiency", SelfSufficiency.of(month, BRUSSELS, flows)));
        pieces.add(Piece.of("baseLoad", BaseLoad.of(month, BRUSSELS, flows)));

        LocalDate lastDay = lastDay(month, flows, start, end);
        Optional<TariffFigures.KwhPrices> prices = meter.flatMap(m -> tariffs.kwhPrices(m,
                lastDay.minusDays(SurplusHours.DAYS - 1L).atStartOfDay(BRUSSELS).toInstant(),
                lastDay.plusDays(1).atStartOfDay(BRUSSELS).toInstant()));
        pieces.add(Piece.of("surplusHours", SurplusHours.of(lastDay, BRUSSELS, flows, APPLIANCES,
                prices.map(TariffFigures.KwhPrices::offtakePerKwh).orElse(null),
                prices.map(TariffFigures.KwhPrices::injectionPerKwh).orElse(null))));
        pieces.add(Piece.of("eveningPeak", EveningPeak.of(month, BRUSSELS, flows)));

        TariffFigures.CapacityTerms terms = meter.map(m -> tariffs.capacityTerms(m, month.atDay(1)))
                .orElse(new TariffFigures.CapacityTerms(null, CapacityRule.MEAN_OF_AVAILABLE));
        Map<YearMonth, Long> earlier = meter.map(m -> earlierPeaks(m, month)).orElse(Map.of());
        pieces.add(Piece.of("capacityPeaks", CapacityPeaks.of(month, BRUSSELS, flows, earlier, terms.rule(),
                terms.ratePerKwYear())));

        Optional<TariffFigures.Comparison> comparison = meter.flatMap(m -> tariffs.compareSaved(m, start, end));
        if (comparison.isPresent()) {
            Bill own = comparison.get().own();
            pieces.add(Piece.of("cheapestTariff", CheapestTariff.of(
                    new CheapestTariff.Total("current", own.coverage().noData() ? BigDecimal.ZERO
                            : own.totalInclVat()), comparison.get().others(), own.coverage())));
        }
        for (StorageHistory history : storage) {
            if (meter.isEmpty()) {
                break;
            }
            for (StorageSaving saving : history.savings(locationId, meter.get().name(), month.minusMonths(1))) {
                pieces.add(Piece.of("storageSaving", saving));
            }
        }
        boolean solarMeasured = flows.stream().anyMatch(QuarterFlow::hasProduction);
        return new AdviceView(locationId, month, solarMeasured, pieces);
    }

    private YearMonth month(String text) {
        if (text == null || text.isBlank()) {
            return YearMonth.now(clock.withZone(BRUSSELS));
        }
        try {
            return YearMonth.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new BadParameterException("month", "error.parameter.not-month", "month", text);
        }
    }

    /** The meter's quarters of [from, to) with the production of the same quarters where it is stored. */
    private List<QuarterFlow> flows(Meter meter, Instant from, Instant to) {
        Map<Long, Long> produced = new HashMap<>();
        for (ProductionQuarter p : production.quarters(meter.id(), from, to)) {
            produced.put(p.start().getEpochSecond(), p.wh());
        }
        List<ClosedQuarter> stored = quarters.quarters(meter.id(), from, to);
        var flows = new ArrayList<QuarterFlow>(stored.size());
        for (ClosedQuarter q : stored) {
            Long wh = produced.get(q.quarter().start().getEpochSecond());
            flows.add(new QuarterFlow(q.quarter().start(), q.energy().imported(), q.energy().exported(),
                    wh == null ? QuarterFlow.UNKNOWN : wh));
        }
        return flows;
    }

    /** The last day the surplus hours look back from: the month's last measured day, or its last day. */
    private static LocalDate lastDay(YearMonth month, List<QuarterFlow> flows, Instant start, Instant end) {
        LocalDate last = null;
        for (QuarterFlow f : flows) {
            if (!f.start().isBefore(start) && f.start().isBefore(end)) {
                last = LocalDate.ofInstant(f.start(), BRUSSELS);
            }
        }
        return last != null ? last : month.atEndOfMonth();
    }

    /** The peaks of the 11 months before, W. */
    private Map<YearMonth, Long> earlierPeaks(Meter meter, YearMonth month) {
        SortedMap<YearMonth, MonthPeak> found = peaks.peaks(meter.id(), month.minusMonths(11), month.minusMonths(1),
                BRUSSELS);
        Map<YearMonth, Long> watts = new TreeMap<>();
        found.forEach((m, p) -> watts.put(m, p.watts()));
        return watts;
    }
}
