package org.meterkast.energy.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.MonthlyPeaks;
import org.meterkast.energy.tariff.PriceIndex;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;

class BillCalculatorTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final BillCalculator CALCULATOR = BillCalculator.shipped();

    private static Instant local(String date) {
        return LocalDate.parse(date).atStartOfDay(BRUSSELS).toInstant();
    }

    private static ClosedQuarter quarter(String start, long importDay, long importNight, long exportDay,
                                         long exportNight) {
        return new ClosedQuarter(Quarter.parse(start), 0,
                new QuarterEnergy(importDay, importNight, exportDay, exportNight), false);
    }

    private static Map<BillLineKind, BigDecimal> amounts(Bill bill) {
        return bill.lines().stream().collect(Collectors.toMap(BillLine::kind, BillLine::amount, BigDecimal::add));
    }

    private static BigDecimal dec(String value) {
        return new BigDecimal(value);
    }

    @Test
    void theManualsMonthlyLinesComeOutToTheCent() {
        TariffHistory tariff = TariffHistory.of(new SimpleTariff(dec("0.30"), dec("0.30")));
        // January 2021: 200.00 kWh taken, 70.56 kWh injected: net +129.44 kWh
        Bill january = CALCULATOR.bill(tariff, local("2021-01-01"), local("2021-02-01"), List.of(
                        quarter("2021-01-10T11:00:00Z", 150_000, 0, 70_560, 0),
                        quarter("2021-01-20T20:00:00Z", 0, 50_000, 0, 0)),
                Map.of(), DayAheadPrices.NONE, false);
        // December 2020: only offtake, 144.83 kWh
        Bill december = CALCULATOR.bill(tariff, local("2020-12-01"), local("2021-01-01"),
                List.of(quarter("2020-12-05T12:00:00Z", 144_830, 0, 0, 0)), Map.of(), DayAheadPrices.NONE, false);

        assertThat(january.netOfftakeWh()).isEqualTo(129_440);
        assertThat(january.totalInclVat()).isEqualByComparingTo("38.83");
        assertThat(amounts(january)).containsEntry(BillLineKind.OFFTAKE_ALL_IN, dec("60.00"))
                .containsEntry(BillLineKind.INJECTION_ALL_IN, dec("-21.17"))
                .containsEntry(BillLineKind.VAT_INCLUDED, dec("3.40"));
        assertThat(january.totalExclVat()).isEqualByComparingTo("35.43");
        assertThat(december.netOfftakeWh()).isEqualTo(144_830);
        assertThat(december.totalInclVat()).isEqualByComparingTo("43.45");
    }

    @Test
    void aFlemishMonthHasEveryLineAtItsRate() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO,
                        new EnergyPrice.DayAndNight(dec("0.30"), dec("0.25")), new EnergyPrice.Single(dec("0.03")))
                .withSupplierCosts(dec("60"), dec("0.011"), dec("0.00392"));
        List<ClosedQuarter> quarters = List.of(
                quarter("2026-02-10T10:00:00Z", 60_000, 0, 50_000, 0),
                quarter("2026-02-11T10:00:00Z", 40_000, 0, 0, 0),
                quarter("2026-02-14T01:00:00Z", 0, 80_000, 0, 0));

        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-02-01"), local("2026-03-01"), quarters,
                Map.of(YearMonth.of(2026, 2), 3000L), DayAheadPrices.NONE, false);

        assertThat(amounts(bill))
                .containsEntry(BillLineKind.ENERGY_DAY, dec("30.00"))          // 100 kWh × 0.30
                .containsEntry(BillLineKind.ENERGY_NIGHT, dec("20.00"))        // 80 kWh × 0.25
                .containsEntry(BillLineKind.GREEN_CERTIFICATES, dec("1.98"))   // 180 × 0.011
                .containsEntry(BillLineKind.CHP, dec("0.71"))                  // 180 × 0.00392 = 0.7056
                .containsEntry(BillLineKind.SUPPLIER_FIXED_FEE, dec("4.60"))   // 60 × 28 / 365 = 4.6027
                .containsEntry(BillLineKind.NETWORK_KWH, dec("9.41"))          // 180 × 0.0522864 = 9.411552
                .containsEntry(BillLineKind.CAPACITY, dec("13.55"))            // 3 kW × 54.2009816 / 12 = 13.5502
                .containsEntry(BillLineKind.DATA_MANAGEMENT, dec("1.37"))      // 17.85 × 28 / 365 = 1.3693
                .containsEntry(BillLineKind.EXCISE, dec("8.55"))               // 180 × 0.04748 = 8.5464
                .containsEntry(BillLineKind.ENERGY_CONTRIBUTION, dec("0.35"))  // 180 × 0.0019261 = 0.3467
                .containsEntry(BillLineKind.VAT, dec("5.43"))                  // 6 % of 90.52
                .containsEntry(BillLineKind.INJECTION, dec("-1.50"))           // 50 kWh × 0.03, no VAT
                .doesNotContainKeys(BillLineKind.MAXIMUM_TARIFF, BillLineKind.ENERGIEFONDS);
        assertThat(bill.totalExclVat()).isEqualByComparingTo("89.02");
        assertThat(bill.totalInclVat()).isEqualByComparingTo("94.45");
        BillLine capacity = bill.lines().stream().filter(l -> l.kind() == BillLineKind.CAPACITY).findFirst().orElseThrow();
        assertThat(capacity.quantity()).isEqualByComparingTo("3.000");
        assertThat(capacity.rate()).isEqualByComparingTo("54.2009816");
        assertThat(bill.capacity()).singleElement().satisfies(c -> assertThat(c.kilowatts()).isEqualByComparingTo("3"));
    }

    @Test
    void theMaximumTariffCapsCapacityAndKwhTariffAt16381() {
        // every quarter of 2026 metered: 500 of them 1 kWh (4 kW), one day in each month first, the others nothing;
        // so 500 kWh in the year and every month's peak 4 kW
        var energetic = new java.util.HashSet<Instant>();
        for (int i = 0; i < 500; i++) {
            int month = i % 12 + 1;
            int day = i / 12 % 28 + 1;
            int hour = 10 + i / 12 / 28;
            energetic.add(Instant.parse(String.format("2026-%02d-%02dT%02d:00:00Z", month, day, hour)));
        }
        var quarters = new ArrayList<ClosedQuarter>();
        for (Quarter q = Quarter.containing(local("2026-01-01")); q.start().isBefore(local("2027-01-01")); q = q.plus(1)) {
            long wh = energetic.contains(q.start()) ? 1000 : 0;
            quarters.add(new ClosedQuarter(q, 0, new QuarterEnergy(wh, 0, 0, 0), false));
        }
        Map<YearMonth, Long> peaks = MonthlyPeaks.of(quarters, BRUSSELS).entrySet().stream()
                .collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().watts()));
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(BigDecimal.ZERO));

        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-01-01"), local("2027-01-01"), quarters,
                peaks, DayAheadPrices.NONE, false);

        Map<BillLineKind, BigDecimal> lines = amounts(bill);
        assertThat(peaks).hasSize(12).allSatisfy((m, w) -> assertThat(w).isEqualTo(4000));
        assertThat(lines).containsEntry(BillLineKind.CAPACITY, dec("216.80"))    // 4 × 54.2009816
                .containsEntry(BillLineKind.NETWORK_KWH, dec("26.14"))           // 500 × 0.0522864
                .containsEntry(BillLineKind.MAXIMUM_TARIFF, dec("-79.13"));
        assertThat(lines.get(BillLineKind.CAPACITY).add(lines.get(BillLineKind.NETWORK_KWH))
                .add(lines.get(BillLineKind.MAXIMUM_TARIFF))).isEqualByComparingTo("163.81");   // 0.3276168 × 500
        assertThat(lines).containsEntry(BillLineKind.DATA_MANAGEMENT, dec("17.85"));
        assertThat(bill.quarters()).isEqualTo(35_040);
    }

    @Test
    void aDaysSumsBillExactlyAsItsQuartersWithoutADynamicPrice() {
        // 3 days around the October change (25 October 2026 has 100 quarters), a gap on the 26th, energy that
        // differs per quarter, a tariff change on the 25th: each day's sums give the same bill as its quarters
        var quarters = new ArrayList<ClosedQuarter>();
        var random = new java.util.SplittableRandom(7);
        for (Quarter q = Quarter.containing(local("2026-10-24")); q.start().isBefore(local("2026-10-27")); q = q.plus(1)) {
            if (q.start().isAfter(local("2026-10-26").plusSeconds(3600)) && q.start().isBefore(local("2026-10-26")
                    .plusSeconds(7200))) {
                continue;
            }
            quarters.add(new ClosedQuarter(q, 0, new QuarterEnergy(random.nextLong(0, 900), random.nextLong(0, 300),
                    random.nextLong(0, 500), 0), random.nextInt(10) == 0));
        }
        var days = new org.meterkast.energy.quarter.QuarterSeries.Builder(3);
        for (String day : List.of("2026-10-24", "2026-10-25", "2026-10-26")) {
            List<ClosedQuarter> of = quarters.stream().filter(q -> !q.quarter().start().isBefore(local(day))
                    && q.quarter().start().isBefore(local(LocalDate.parse(day).plusDays(1).toString()))).toList();
            days.addSums(local(day).getEpochSecond(), of.stream().mapToLong(q -> q.energy().importDay()).sum(),
                    of.stream().mapToLong(q -> q.energy().importNight()).sum(),
                    of.stream().mapToLong(q -> q.energy().exportDay()).sum(),
                    of.stream().mapToLong(q -> q.energy().exportNight()).sum(), of.size(),
                    (int) of.stream().filter(ClosedQuarter::estimated).count());
        }
        TariffHistory history = new TariffHistory(List.of(
                new TariffVersion(LocalDate.of(2026, 1, 1), FlemishTariff.digital(DistributionArea.WEST,
                        new EnergyPrice.DayAndNight(dec("0.31"), dec("0.22")), new EnergyPrice.Single(dec("0.04")))),
                new TariffVersion(LocalDate.of(2026, 10, 25), new SimpleTariff(dec("0.29"), dec("0.05")))));
        Map<YearMonth, Long> peaks = Map.of(YearMonth.of(2026, 10), 3600L);

        Bill fromQuarters = CALCULATOR.bill(history, local("2026-10-24"), local("2026-10-27"), quarters, peaks,
                DayAheadPrices.NONE, false);
        Bill fromDays = CALCULATOR.bill(history, local("2026-10-24"), local("2026-10-27"), days.build(), peaks,
                DayAheadPrices.NONE, false);

        assertThat(fromDays).isEqualTo(fromQuarters);
        assertThat(fromDays.quarters()).isEqualTo(quarters.size()).isEqualTo(96 + 100 + 96 - 3);
    }

    @Test
    void daysWithoutMeteredQuartersPayTheirCapacityWhole() {
        // March 2026 metered only on the 1st (96 quarters, 2 kWh); the maximum tariff compares that day only
        var quarters = new ArrayList<ClosedQuarter>();
        for (Quarter q = Quarter.containing(local("2026-03-01")); q.start().isBefore(local("2026-03-02")); q = q.plus(1)) {
            quarters.add(new ClosedQuarter(q, 0, new QuarterEnergy(q.start().equals(local("2026-03-01")) ? 2000 : 0,
                    0, 0, 0), false));
        }
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(BigDecimal.ZERO));

        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-03-01"), local("2026-04-01"), quarters,
                Map.of(YearMonth.of(2026, 3), 8000L), DayAheadPrices.NONE, false);

        // capacity 8 kW × 54.2009816 / 12 = 36.13; the 1st's share 1.17 + 2 kWh × 0.0522864 = 1.27 is above
        // 2 kWh × 0.3276168 = 0.66, so the 1st is capped (−0.61); the other 30 days pay in full
        Map<BillLineKind, BigDecimal> lines = amounts(bill);
        assertThat(lines).containsEntry(BillLineKind.CAPACITY, dec("36.13"))
                .containsEntry(BillLineKind.MAXIMUM_TARIFF, dec("-0.61"));
    }

    @Test
    void aSocialTariffPaysNoCapacityOnAClassicMeterEither() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.ANTWERPEN, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(BigDecimal.ZERO)).withMeter(MeterKind.ANALOGUE, BigDecimal.ZERO)
                .withHousehold(true, true, org.meterkast.energy.tariff.CapacityRule.MEAN_OF_AVAILABLE,
                        org.meterkast.energy.tariff.DayNightSchedule.STANDARD);
        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-03-01"), local("2026-04-01"), List.of(),
                Map.of(), DayAheadPrices.NONE, false);

        assertThat(amounts(bill)).doesNotContainKeys(BillLineKind.CAPACITY_FIXED, BillLineKind.CAPACITY);
    }

    @Test
    void aClassicMeterWhoseKwhTariffIsNotPublishedIsNamed() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(BigDecimal.ZERO)).withMeter(MeterKind.ANALOGUE, BigDecimal.ZERO);

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> CALCULATOR.bill(TariffHistory.of(tariff),
                        local("2026-03-01"), local("2026-04-01"), List.of(quarter("2026-03-10T10:00:00Z", 100, 0, 0, 0)),
                        Map.of(), DayAheadPrices.NONE, false))
                .isInstanceOf(org.meterkast.energy.tariff.MissingNetworkTariffException.class)
                .hasMessageContaining("IMEWO from 2026-01-01");
    }

    @Test
    void aQuarterWithoutPriceCountsOnceAndANegativeAverageKeepsItsSign() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, dec("0.001"), BigDecimal.ZERO),
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, dec("0.001"), BigDecimal.ZERO));
        DayAheadPrices prices = DayAheadPrices.of(List.of(
                new DayAheadPrice(Instant.parse("2026-05-10T11:00:00Z"), DayAheadPrice.QUARTER, dec("-100"))));

        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-05-10"), local("2026-05-11"), List.of(
                        quarter("2026-05-10T11:00:00Z", 10_000, 0, 5_000, 0),
                        quarter("2026-05-10T11:15:00Z", 1_000, 0, 1_000, 0)),
                Map.of(), prices, false);

        assertThat(bill.quartersWithoutPrice()).isEqualTo(1);
        // 10 kWh at −0.1 €/kWh: paid −1.00; 5 kWh injected at −0.1 €/kWh: earned −0.50, a charge of 0.50
        assertThat(bill.lines()).filteredOn(l -> l.kind() == BillLineKind.ENERGY_DYNAMIC).singleElement()
                .satisfies(l -> {
                    assertThat(l.amount()).isEqualByComparingTo("-1.00");
                    assertThat(l.rate()).isEqualByComparingTo("-0.1");
                });
        assertThat(bill.lines()).filteredOn(l -> l.kind() == BillLineKind.INJECTION_DYNAMIC).singleElement()
                .satisfies(l -> {
                    assertThat(l.amount()).isEqualByComparingTo("0.50");
                    assertThat(l.rate()).isEqualByComparingTo("-0.1");
                });
    }

    @Test
    void aDynamicFormulaPricesEachQuarterAtItsIndex() {
        // ENGIE: 0.8702 + 0.1039 × eSpot_15 c€/kWh; injection −1.3135 + 0.1000 × eSpot_15 c€/kWh
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, dec("0.001039"), dec("0.008702")),
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, dec("0.001"), dec("-0.013135")));
        DayAheadPrices prices = DayAheadPrices.of(List.of(
                new DayAheadPrice(Instant.parse("2026-02-17T10:00:00Z"), DayAheadPrice.QUARTER, dec("73.24")),
                new DayAheadPrice(Instant.parse("2026-02-17T10:15:00Z"), DayAheadPrice.QUARTER, dec("-5.00"))));
        List<ClosedQuarter> quarters = List.of(
                quarter("2026-02-17T10:00:00Z", 100_000, 0, 10_000, 0),
                quarter("2026-02-17T10:15:00Z", 200_000, 0, 0, 0),
                quarter("2026-02-17T10:30:00Z", 5_000, 0, 0, 0));

        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-02-17"), local("2026-02-18"), quarters,
                Map.of(), prices, true);

        // 100 kWh × (0.001039 × 73.24 + 0.008702) + 200 kWh × (0.001039 × −5 + 0.008702) = 8.479836 + 0.7014
        assertThat(amounts(bill)).containsEntry(BillLineKind.ENERGY_DYNAMIC, dec("9.18"))
                .containsEntry(BillLineKind.INJECTION_DYNAMIC, dec("-0.60"));        // 10 kWh × 0.060105
        BillLine energy = bill.lines().stream().filter(l -> l.kind() == BillLineKind.ENERGY_DYNAMIC).findFirst()
                .orElseThrow();
        assertThat(energy.quantity()).isEqualByComparingTo("300");
        assertThat(energy.rate()).isEqualByComparingTo("0.0306041");
        assertThat(bill.quartersWithoutPrice()).isEqualTo(1);
        // the quarter's energy, network and levies (0.0522864 + 0.04748 + 0.0019261) incl. VAT, less injection
        BigDecimal first = dec("100").multiply(dec("0.08479836").add(dec("0.1016925"))).multiply(dec("1.06"))
                .subtract(dec("0.60105"));
        assertThat(bill.quarterCosts()).hasSize(3);
        assertThat(bill.quarterCosts().get(0).euros()).isEqualByComparingTo(first.setScale(6,
                java.math.RoundingMode.HALF_UP));
    }

    @Test
    void theHourlyIndexIsTheMeanOfTheFourQuarters() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.Dynamic(PriceIndex.HOURLY, dec("0.001"), BigDecimal.ZERO),
                new EnergyPrice.Single(BigDecimal.ZERO));
        var prices = new ArrayList<DayAheadPrice>();
        String[] values = {"10", "20", "30", "41"};
        for (int i = 0; i < 4; i++) {
            prices.add(new DayAheadPrice(Instant.parse("2026-02-17T10:00:00Z").plusSeconds(900L * i),
                    DayAheadPrice.QUARTER, dec(values[i])));
        }
        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-02-17"), local("2026-02-18"),
                List.of(quarter("2026-02-17T10:00:00Z", 100_000, 0, 0, 0)), Map.of(), DayAheadPrices.of(prices),
                false);

        assertThat(amounts(bill)).containsEntry(BillLineKind.ENERGY_DYNAMIC, dec("2.53"));   // 100 × 25.25 / 1000
    }

    @Test
    void theExciseAndEnergyContributionChangeOnTheFirstOfAugust2026() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.IMEWO, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(BigDecimal.ZERO));
        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-07-31"), local("2026-08-02"), List.of(
                        quarter("2026-07-31T10:00:00Z", 10_000, 0, 0, 0),
                        quarter("2026-08-01T10:00:00Z", 20_000, 0, 0, 0)),
                Map.of(), DayAheadPrices.NONE, false);

        List<BillLine> excise = bill.lines().stream().filter(l -> l.kind() == BillLineKind.EXCISE).toList();
        assertThat(excise).extracting(BillLine::rate).containsExactly(dec("0.04748"), dec("0.04600"));
        assertThat(excise).extracting(BillLine::amount).containsExactly(dec("0.47"), dec("0.92"));
        assertThat(amounts(bill)).containsEntry(BillLineKind.ENERGY_CONTRIBUTION, dec("0.02"));   // July only
    }

    @Test
    void aNewTariffVersionAppliesFromItsDay() {
        TariffHistory history = new TariffHistory(List.of(
                new TariffVersion(LocalDate.of(2026, 1, 1), new SimpleTariff(dec("0.30"), dec("0.05"))),
                new TariffVersion(LocalDate.of(2026, 3, 15), new SimpleTariff(dec("0.24"), dec("0.03")))));
        // 14 March 23:30 Brussels is still the old tariff; 15 March 00:00 Brussels (14 March 23:00Z) the new one
        Bill bill = CALCULATOR.bill(history, local("2026-03-01"), local("2026-04-01"), List.of(
                        quarter("2026-03-14T22:30:00Z", 10_000, 0, 0, 0),
                        quarter("2026-03-14T23:00:00Z", 10_000, 0, 0, 0)),
                Map.of(), DayAheadPrices.NONE, false);

        assertThat(bill.lines()).filteredOn(l -> l.kind() == BillLineKind.OFFTAKE_ALL_IN)
                .extracting(BillLine::rate, BillLine::amount)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(dec("0.30"), dec("3.00")),
                        org.assertj.core.groups.Tuple.tuple(dec("0.24"), dec("2.40")));
    }

    @Test
    void aReversingMeterNetsAndPaysTheProsumerTariff() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.ANTWERPEN, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(dec("0.05"))).withMeter(MeterKind.ANALOGUE_REVERSING, dec("4"));
        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-06-01"), local("2026-07-01"), List.of(
                        quarter("2026-06-10T10:00:00Z", 300_000, 0, 200_000, 0)),
                Map.of(), DayAheadPrices.NONE, false);

        assertThat(amounts(bill)).containsEntry(BillLineKind.ENERGY, dec("30.00"))     // net 100 kWh × 0.30
                .containsEntry(BillLineKind.NETWORK_KWH, dec("7.63"))                 // 100 × 0.0762962
                .containsEntry(BillLineKind.CAPACITY_FIXED, dec("10.29"))             // 2.5 × 49.4036563 / 12
                .containsEntry(BillLineKind.PROSUMER, dec("25.62"))                   // 4 × 51.54 × 12.42595 %
                .doesNotContainKeys(BillLineKind.INJECTION, BillLineKind.CAPACITY);
    }

    @Test
    void aSecondHomePaysTheEnergiefondsLevyWithoutVat() {
        FlemishTariff tariff = FlemishTariff.digital(DistributionArea.WEST, new EnergyPrice.Single(dec("0.30")),
                new EnergyPrice.Single(BigDecimal.ZERO)).withHousehold(false, true,
                org.meterkast.energy.tariff.CapacityRule.MEAN_OF_AVAILABLE,
                org.meterkast.energy.tariff.DayNightSchedule.STANDARD);
        Bill bill = CALCULATOR.bill(TariffHistory.of(tariff), local("2026-04-01"), local("2026-05-01"),
                List.of(), Map.of(), DayAheadPrices.NONE, false);

        BillLine fund = bill.lines().stream().filter(l -> l.kind() == BillLineKind.ENERGIEFONDS).findFirst()
                .orElseThrow();
        assertThat(fund.amount()).isEqualByComparingTo("10.07");
        assertThat(fund.vatApplies()).isFalse();
        assertThat(amounts(bill)).doesNotContainKey(BillLineKind.CAPACITY);          // social tariff
        // data management only: 17.85 × 30 / 365 = 1.4671 → 1.47, VAT 0.09
        assertThat(bill.totalInclVat()).isEqualByComparingTo("11.63");
    }
}
