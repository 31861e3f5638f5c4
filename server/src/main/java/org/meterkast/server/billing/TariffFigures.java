package org.meterkast.server.billing;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.advice.CheapestTariff;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.BillLine;
import org.meterkast.energy.bill.BillLineKind;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.NetworkTariffs;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;
import org.meterkast.server.store.Meter;
import org.meterkast.server.tariff.TariffService;
import org.springframework.stereotype.Service;

/**
 * What other features need of a location's tariffs without a bill of their own: the prices a kWh really cost and
 * earned over a period, the capacity tariff's terms on a day, and the what-if comparison of the tariffs the
 * household has saved.
 */
@Service
public class TariffFigures {
    /** The average price of a kWh bought (all its per-kWh lines, with VAT) and of one injected, €/kWh. */
    public record KwhPrices(BigDecimal offtakePerKwh, BigDecimal injectionPerKwh) {
    }

    /** The capacity tariff of the area on a day, €/kW/year excl. VAT (null without an area), and its rule. */
    public record CapacityTerms(BigDecimal ratePerKwYear, CapacityRule rule) {
    }

    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    private final BillService bills;
    private final TariffService tariffs;
    private final NetworkTariffs network;

    TariffFigures(BillService bills, TariffService tariffs, NetworkTariffs network) {
        this.bills = bills;
        this.tariffs = tariffs;
        this.network = network;
    }

    /**
     * The household's own average €/kWh over [from, to), from its bill: the per-kWh lines of offtake (energy,
     * certificates, kWh network tariff, levies) with their VAT over the kWh bought, and the injection lines over the
     * kWh injected (0 when nothing was). Empty without a tariff or without offtake.
     */
    public Optional<KwhPrices> kwhPrices(Meter meter, Instant from, Instant to) {
        Optional<TariffHistory> history = tariffs.history(meter.id());
        if (history.isEmpty()) {
            return Optional.empty();
        }
        Bill bill = bills.bills(meter, from, to, List.of(history.get()), false).get(0);
        if (bill.coverage().noData() || bill.offtakeWh() == 0) {
            return Optional.empty();
        }
        BigDecimal vatRate = bill.lines().stream().filter(l -> l.kind() == BillLineKind.VAT).map(BillLine::rate)
                .findFirst().orElse(BigDecimal.ZERO);
        BigDecimal offtake = BigDecimal.ZERO;
        BigDecimal injection = BigDecimal.ZERO;
        for (BillLine line : bill.lines()) {
            if (line.unit() != BillLine.Unit.KWH || line.kind() == BillLineKind.GAS_ENERGY
                    || line.kind() == BillLineKind.VAT_INCLUDED) {
                continue;
            }
            if (line.kind().name().startsWith("INJECTION")) {
                injection = injection.add(line.amount());
            } else {
                offtake = offtake.add(line.vatApplies() ? line.amount().multiply(BigDecimal.ONE.add(vatRate))
                        : line.amount());
            }
        }
        BigDecimal boughtKwh = BigDecimal.valueOf(bill.offtakeWh()).divide(THOUSAND);
        BigDecimal injectedKwh = BigDecimal.valueOf(bill.injectionWh()).divide(THOUSAND);
        return Optional.of(new KwhPrices(offtake.divide(boughtKwh, 4, RoundingMode.HALF_UP),
                bill.injectionWh() == 0 ? BigDecimal.ZERO
                        : injection.negate().divide(injectedKwh, 4, RoundingMode.HALF_UP)));
    }

    /** The capacity tariff in force on the day for the location's tariff; a null rate without a tariff or area. */
    public CapacityTerms capacityTerms(Meter meter, LocalDate day) {
        Tariff tariff = tariffs.history(meter.id()).map(h -> h.inForce(day).tariff()).orElse(null);
        CapacityRule rule = tariff instanceof FlemishTariff f ? f.capacityRule() : CapacityRule.MEAN_OF_AVAILABLE;
        // as the capacity page: an all-in price with its area pays that area's tariff; the social tariff none
        DistributionArea area = tariff instanceof FlemishTariff f ? (f.socialTariff() ? null : f.area())
                : tariff instanceof SimpleTariff s ? s.area() : null;
        return new CapacityTerms(area == null ? null : network.inForce(area, day).capacityPerKwYear(), rule);
    }

    /**
     * The what-if comparison over [from, to): the household's own tariff history beside each other version it has
     * saved, each as if in force over the whole period, named by the date it applies from. Empty without a tariff.
     */
    public Optional<Comparison> compareSaved(Meter meter, Instant from, Instant to) {
        Optional<TariffHistory> own = tariffs.history(meter.id());
        if (own.isEmpty()) {
            return Optional.empty();
        }
        Map<String, TariffHistory> others = new LinkedHashMap<>();
        LocalDate firstDay = LocalDate.ofInstant(from, BillService.BRUSSELS);
        LocalDate lastDay = LocalDate.ofInstant(to.minusSeconds(1), BillService.BRUSSELS);
        TariffVersion first = own.get().inForce(firstDay);
        TariffVersion last = own.get().inForce(lastDay);
        for (TariffVersion v : own.get().versions()) {
            // the version in force all through the period is the household's own bill already
            if (first == last && v == first) {
                continue;
            }
            others.put(v.validFrom().toString(),
                    new TariffHistory(List.of(new TariffVersion(LocalDate.MIN, v.tariff(), v.gas()))));
        }
        var histories = new ArrayList<TariffHistory>();
        histories.add(own.get());
        histories.addAll(others.values());
        List<Bill> costed = bills.bills(meter, from, to, histories, false);
        Bill mine = costed.get(0);
        var totals = new ArrayList<CheapestTariff.Total>();
        int i = 1;
        for (String name : others.keySet()) {
            Bill b = costed.get(i++);
            if (!b.coverage().noData()) {
                totals.add(new CheapestTariff.Total(name, b.totalInclVat()));
            }
        }
        return Optional.of(new Comparison(mine, totals));
    }

    /** The household's own bill and the others' totals. */
    public record Comparison(Bill own, List<CheapestTariff.Total> others) {
    }
}
