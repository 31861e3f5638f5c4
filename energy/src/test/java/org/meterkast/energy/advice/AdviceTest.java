package org.meterkast.energy.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.bill.Coverage;
import org.meterkast.energy.tariff.CapacityRule;

/** Each piece of advice on quarters whose figures can be checked by hand (the sums are in the comments). */
class AdviceTest {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    static final YearMonth JUNE = YearMonth.of(2026, 6);

    static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    /** Every quarter of a local day with the same flows. */
    static List<QuarterFlow> day(LocalDate day, long importWh, long exportWh, long productionWh) {
        var out = new ArrayList<QuarterFlow>();
        Instant end = day.plusDays(1).atStartOfDay(BRUSSELS).toInstant();
        for (Instant t = day.atStartOfDay(BRUSSELS).toInstant(); t.isBefore(end); t = t.plusSeconds(900)) {
            out.add(new QuarterFlow(t, importWh, exportWh, productionWh));
        }
        return out;
    }

    // one quarter on 15 June 2026 at noon; consumption = import + production − export
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                       | prod Wh | export Wh | import Wh | self-consumption key             | SC     | self-sufficiency key             | SS
          half used, half bought     |   10000 |      6000 |      4000 | advice.selfConsumption.good      | 0.4000 | advice.selfSufficiency           | 0.5000
          mostly injected            |   10000 |      8000 |      5000 | advice.selfConsumption.low       | 0.2000 | advice.selfSufficiency           | 0.2857
          no panels                  |      -1 |         0 |      3000 | advice.selfConsumption.noSolar   |      - | advice.selfSufficiency.noSolar   | 0.0000
          injection without inverter |      -1 |      2000 |      3000 | advice.selfConsumption.unmeasured|      - | advice.selfSufficiency.unmeasured|      -
          inverter made nothing      |       0 |         0 |      3000 | advice.selfConsumption.noProduction |   - | advice.selfSufficiency           | 0.0000
          inverter lags the meter    |    1000 |      1200 |       500 | advice.selfConsumption.low       | 0.0000 | advice.selfSufficiency           | 0.0000
        """)
    void selfConsumptionAndSelfSufficiency(String name, long production, long export, long imported, String scKey,
                                           BigDecimal sc, String ssKey, BigDecimal ss) {
        // rows by hand: 1) (10000 − 6000) ÷ 10000 = 0.4; consumption 4000 + 10000 − 6000 = 8000, (8000 − 4000) ÷ 8000
        // 2) 2000 ÷ 10000; consumption 7000, 2000 ÷ 7000 = 0.28571; 6) production − export below 0 counts 0
        var flows = List.of(new QuarterFlow(local("2026-06-15T12:00"), imported, export, production));
        SelfConsumption c = SelfConsumption.of(JUNE, BRUSSELS, flows);
        SelfSufficiency s = SelfSufficiency.of(JUNE, BRUSSELS, flows);
        assertThat(c.key()).isEqualTo(scKey);
        assertThat(c.ratio()).isEqualTo(sc);
        assertThat(s.key()).isEqualTo(ssKey);
        assertThat(s.ratio()).isEqualTo(ss);
        assertThat(c.coverage()).isEqualTo(new Coverage(30, 1, LocalDate.of(2026, 6, 15), LocalDate.of(2026, 6, 15)));
    }

    @Test
    void aMonthWithoutQuartersSaysSoInEveryPiece() {
        var may = List.of(QuarterFlow.ofMeter(local("2026-05-31T23:45"), 100, 0));   // May's, not June's
        assertThat(SelfConsumption.of(JUNE, BRUSSELS, may).key()).isEqualTo(Advice.NO_DATA);
        assertThat(SelfSufficiency.of(JUNE, BRUSSELS, may).key()).isEqualTo(Advice.NO_DATA);
        assertThat(BaseLoad.of(JUNE, BRUSSELS, may).key()).isEqualTo(Advice.NO_DATA);
        assertThat(EveningPeak.of(JUNE, BRUSSELS, may).key()).isEqualTo(Advice.NO_DATA);
        CapacityPeaks peaks = CapacityPeaks.of(JUNE, BRUSSELS, may, Map.of(), CapacityRule.MEAN_OF_AVAILABLE,
                new BigDecimal("53.00"));
        assertThat(peaks.key()).isEqualTo(Advice.NO_DATA);
        assertThat(peaks.top()).isEmpty();
        assertThat(peaks.coverage().measuredDays()).isZero();
        assertThat(SurplusHours.of(LocalDate.of(2026, 6, 30), BRUSSELS, may, FlexibleAppliance.table(), null, null)
                .key()).isEqualTo(Advice.NO_DATA);
    }

    /** One night, 10 June local 01:00–04:45 this month, and 10 May the month before: 16 quarters each. */
    static List<QuarterFlow> nights(String thisNight, String lastNight) {
        var out = new ArrayList<QuarterFlow>();
        for (String[] night : List.of(new String[] {"2026-05-10T01:00", lastNight},
                new String[] {"2026-06-10T01:00", thisNight})) {
            if (night[1] == null) {
                continue;
            }
            long[] wh = Arrays.stream(night[1].trim().split("\\s+")).mapToLong(Long::parseLong).toArray();
            Instant start = local(night[0]);
            out.add(QuarterFlow.ofMeter(start.minusSeconds(900), 5, 0));          // 00:45: not night
            for (int i = 0; i < wh.length; i++) {
                out.add(QuarterFlow.ofMeter(start.plusSeconds(900L * i), wh[i], 0));
            }
            out.add(QuarterFlow.ofMeter(start.plusSeconds(900L * 16), 5, 0));     // 05:00: not night
            out.add(QuarterFlow.ofMeter(start.plusSeconds(3600L * 11), 2000, 0)); // noon
        }
        return out;
    }

    // 16 night quarters: the 10th percentile is rank ⌈0.1 × 16⌉ = 2, the second lowest; W = Wh × 4
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                    | this night Wh                                        | last night Wh                                        | key                    | W    | last W | change
          first month, one glitch | 0 25 25 25 25 25 25 25 25 25 25 25 25 25 40 60        | -                                                    | advice.baseLoad.first  |  100 |      - |     -
          fridge left on          | 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30       | 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20       | advice.baseLoad.up     |  120 |     80 |    40
          a few watts more        | 26 26 26 26 26 26 26 26 26 26 26 26 26 26 26 26       | 25 25 25 25 25 25 25 25 25 25 25 25 25 25 25 25       | advice.baseLoad.same   |  104 |    100 |     4
          standby cut             | 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20 20       | 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30 30       | advice.baseLoad.down   |   80 |    120 |   -40
          big house, 4 % more     | 260 260 260 260 260 260 260 260 260 260 260 260 260 260 260 260 | 250 250 250 250 250 250 250 250 250 250 250 250 250 250 250 250 | advice.baseLoad.same | 1040 | 1000 | 40
        """)
    void baseLoadIsTheTenthPercentileOfNightQuarters(String name, String thisNight, String lastNight, String key,
                                                     long watts, Long lastWatts, Long change) {
        BaseLoad load = BaseLoad.of(JUNE, BRUSSELS, nights(thisNight, lastNight));
        assertThat(load.key()).isEqualTo(key);
        assertThat(load.watts()).isEqualTo(watts);
        assertThat(load.lastMonthWatts()).isEqualTo(lastWatts);
        assertThat(load.changeWatts()).isEqualTo(change);
        assertThat(load.nightQuarters()).isEqualTo(16);
        assertThat(load.yearlyWh()).isEqualTo(watts * 8760);
    }

    // local 01:00–05:00 holds 12 quarters on 29 March 2026 (02:00–02:59 skipped) and 20 on 25 October (twice)
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # day         | night quarters
          2026-03-29  | 12
          2026-10-25  | 20
          2026-06-10  | 16
        """)
    void summerTimeNightsHaveTheirOwnNumberOfQuarters(LocalDate day, int quarters) {
        BaseLoad load = BaseLoad.of(YearMonth.from(day), BRUSSELS, day(day, 30, 0, QuarterFlow.UNKNOWN));
        assertThat(load.nightQuarters()).isEqualTo(quarters);
        assertThat(load.watts()).isEqualTo(120);
    }

    /**
     * 30 days to 30 June 2026, all measured. Hours 11, 12, 13: 200 Wh a quarter (800 Wh) on 20 days, nothing on 10;
     * hour 10: 125 Wh a quarter (500 Wh, the threshold) on 15 days; hour 14: 150 (600 Wh) on 14 days, short of
     * half; hour 15: 175 (700 Wh) on 16 days. Typical = the sorted 30 values' 16th (index 15).
     */
    static List<QuarterFlow> sunnyJune() {
        var out = new ArrayList<QuarterFlow>();
        for (int d = 1; d <= 30; d++) {
            LocalDate day = LocalDate.of(2026, 6, d);
            for (QuarterFlow f : day(day, 50, 0, QuarterFlow.UNKNOWN)) {
                int hour = f.start().atZone(BRUSSELS).getHour();
                long export = switch (hour) {
                    case 10 -> d <= 15 ? 125 : 0;
                    case 11, 12, 13 -> d <= 20 ? 200 : 0;
                    case 14 -> d <= 14 ? 150 : 0;
                    case 15 -> d <= 16 ? 175 : 0;
                    default -> 0;
                };
                out.add(QuarterFlow.ofMeter(f.start(), export > 0 ? 0 : 50, export));
            }
        }
        return out;
    }

    @ParameterizedTest(name = "hour {0}")
    @CsvSource(delimiter = '|', textBlock = """
        # hour | days ≥ 500 Wh | typical Wh
          10   | 15            | 500
          11   | 20            | 800
          12   | 20            | 800
          13   | 20            | 800
          15   | 16            | 700
        """)
    void surplusHoursAreThoseAboveTheThresholdOnHalfTheDays(int hour, int daysAbove, long typical) {
        SurplusHours s = SurplusHours.of(LocalDate.of(2026, 6, 30), BRUSSELS, sunnyJune(), FlexibleAppliance.table(),
                new BigDecimal("0.35"), new BigDecimal("0.02"));
        assertThat(s.hours()).extracting(SurplusHours.Hour::hour).containsExactly(10, 11, 12, 13, 15);
        assertThat(s.hours()).filteredOn(h -> h.hour() == hour).singleElement()
                .isEqualTo(new SurplusHours.Hour(hour, daysAbove, 30, typical));
    }

    @Test
    void theBestWindowTakesTheAppliancesWhoseRunFits() {
        SurplusHours s = SurplusHours.of(LocalDate.of(2026, 6, 30), BRUSSELS, sunnyJune(), FlexibleAppliance.table(),
                new BigDecimal("0.35"), new BigDecimal("0.02"));
        assertThat(s.key()).isEqualTo(SurplusHours.KEY);
        // 10:00–14:00: 500 + 3 × 800 = 2900 Wh; 15:00–16:00: 700 Wh
        assertThat(s.windows()).containsExactly(new SurplusHours.Window(10, 14, 2900),
                new SurplusHours.Window(15, 16, 700));
        // a run fits in 2900 Wh: 900 Wh × (0.35 − 0.02) €/kWh = € 0.297 → 0.30; 2600 Wh → € 0.858 → 0.86; the
        // dryer's 3500 Wh does not fit
        assertThat(s.moves()).containsExactly(
                new SurplusHours.Move("washing-machine", 900, new BigDecimal("0.30")),
                new SurplusHours.Move("dishwasher", 900, new BigDecimal("0.30")),
                new SurplusHours.Move("storage-water-heater", 2600, new BigDecimal("0.86")));
        assertThat(s.coverage().measuredDays()).isEqualTo(30);
    }

    @Test
    void withoutInjectionOrPricesTheSurplusSaysSo() {
        var grey = day(LocalDate.of(2026, 6, 30), 50, 0, QuarterFlow.UNKNOWN);
        assertThat(SurplusHours.of(LocalDate.of(2026, 6, 30), BRUSSELS, grey, FlexibleAppliance.table(), null, null)
                .key()).isEqualTo(SurplusHours.KEY_NO_SOLAR);
        SurplusHours unpriced = SurplusHours.of(LocalDate.of(2026, 6, 30), BRUSSELS, sunnyJune(),
                FlexibleAppliance.table(), null, null);
        assertThat(unpriced.moves()).extracting(SurplusHours.Move::savingPerRun).containsOnlyNulls();
        // a little injection every day, never 500 Wh in an hour: no surplus hour
        var little = new ArrayList<QuarterFlow>();
        for (int d = 1; d <= 30; d++) {
            little.add(QuarterFlow.ofMeter(local("2026-06-%02dT12:00".formatted(d)), 0, 100));
        }
        SurplusHours none = SurplusHours.of(LocalDate.of(2026, 6, 30), BRUSSELS, little, FlexibleAppliance.table(),
                null, null);
        assertThat(none.key()).isEqualTo(SurplusHours.KEY_NONE);
        assertThat(none.windows()).isEmpty();
    }

    // every quarter of one day uses 100 Wh, those from 17:00 to 21:45 (20 quarters) use "evening" Wh; no solar
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                         | day        | evening Wh | evening sum | day sum | share  | key
          even use                     | 2026-06-10 |        100 |        2000 |    9600 | 0.2083 | advice.evening.normal
          cooking, washing, heating    | 2026-06-10 |        400 |        8000 |   15600 | 0.5128 | advice.evening.high
          the 25-hour day              | 2026-10-25 |        100 |        2000 |   10000 | 0.2000 | advice.evening.normal
          the 23-hour day              | 2026-03-29 |        100 |        2000 |    9200 | 0.2174 | advice.evening.normal
        """)
    void eveningShareIsFiveToTenOverTheDay(String name, LocalDate day, long eveningWh, long eveningSum, long daySum,
                                           BigDecimal share, String key) {
        // 2) 76 × 100 + 20 × 400 = 15600, 8000 ÷ 15600 = 0.51282; 3) 100 quarters; 4) 92 quarters
        var flows = new ArrayList<QuarterFlow>();
        for (QuarterFlow f : day(day, 100, 0, QuarterFlow.UNKNOWN)) {
            int hour = f.start().atZone(BRUSSELS).getHour();
            flows.add(QuarterFlow.ofMeter(f.start(), hour >= 17 && hour < 22 ? eveningWh : 100, 0));
        }
        EveningPeak e = EveningPeak.of(YearMonth.from(day), BRUSSELS, flows);
        assertThat(e).isEqualTo(new EveningPeak(key, eveningSum, daySum, share, false, e.coverage()));
        assertThat(e.coverage().measuredDays()).isEqualTo(1);
    }

    @Test
    void eveningShareCountsSolarUsedAtHome() {
        // noon: 0 bought, 1000 produced, 600 injected: 400 used; evening 18:00: 500 bought; 500 ÷ 900 = 0.5556
        var flows = List.of(new QuarterFlow(local("2026-06-10T12:00"), 0, 600, 1000),
                new QuarterFlow(local("2026-06-10T18:00"), 500, 0, 0));
        EveningPeak e = EveningPeak.of(JUNE, BRUSSELS, flows);
        assertThat(e.share()).isEqualTo(new BigDecimal("0.5556"));
        assertThat(e.consumedWh()).isEqualTo(900);
        // without the inverter the same meter says only what was bought: 500 ÷ 500
        var meterOnly = List.of(QuarterFlow.ofMeter(local("2026-06-10T12:00"), 0, 600),
                QuarterFlow.ofMeter(local("2026-06-10T18:00"), 500, 0));
        EveningPeak grid = EveningPeak.of(JUNE, BRUSSELS, meterOnly);
        assertThat(grid.gridOnly()).isTrue();
        assertThat(grid.share()).isEqualTo(new BigDecimal("1.0000"));
    }

    /** January 2026: 1300 Wh at 18:15 (5.2 kW), 975 at 19:00 (3.9 kW), 900 at 07:30 (3.6 kW), 100 Wh otherwise. */
    static List<QuarterFlow> january(long first, long second, long third) {
        var out = new ArrayList<QuarterFlow>();
        for (QuarterFlow f : day(LocalDate.of(2026, 1, 14), 100, 0, QuarterFlow.UNKNOWN)) {
            String at = f.start().atZone(BRUSSELS).toLocalTime().toString();
            long wh = switch (at) {
                case "18:15" -> first;
                case "19:00" -> second;
                case "07:30" -> third;
                default -> 100;
            };
            out.add(QuarterFlow.ofMeter(f.start(), wh, 0));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                      | 1st Wh | 2nd Wh | 3rd Wh | earlier 11 months W | rate  | key                      | average kW | month €  | peak €  | saving €
          first month measured      |   1300 |    975 |    900 |                   - | 53.00 | advice.capacity.peaks    | 5.2        |  22.97   |  22.97  |  5.74
          a year of 3 kW before     |   1300 |    975 |    900 |                3000 | 53.00 | advice.capacity.peaks    | 3.183      |  14.06   |  22.97  |  5.74
          under the minimum         |    500 |    400 |    300 |                   - | 53.00 | advice.capacity.minimum  | 2.5        |  11.04   |  11.04  |  0.00
          no area known             |   1300 |    975 |    900 |                   - |     - | advice.capacity.noTariff | 5.2        |      -   |      -  |     -
        """)
    void capacityPeaksAndWhatTheyCost(String name, long first, long second, long third, Long earlierWatts,
                                      BigDecimal rate, String key, BigDecimal averageKw, BigDecimal monthCost,
                                      BigDecimal peakCost, BigDecimal saving) {
        // 1) 5.2 kW × € 53 ÷ 12 = 22.967; (5.2 − 3.9) × 53 ÷ 12 = 5.742
        // 2) (11 × 3000 + 5200) ÷ 12 = 3183.3 → 3.183 kW, × 53 ÷ 12 = 14.058; the peak itself costs the same
        // 3) 2.0 kW counts as 2.5: 2.5 × 53 ÷ 12 = 11.042; the second is also under 2.5: nothing to save
        var earlier = new java.util.TreeMap<YearMonth, Long>();
        if (earlierWatts != null) {
            for (int back = 1; back <= 11; back++) {
                earlier.put(YearMonth.of(2026, 1).minusMonths(back), earlierWatts);
            }
        }
        CapacityPeaks p = CapacityPeaks.of(YearMonth.of(2026, 1), BRUSSELS, january(first, second, third), earlier,
                CapacityRule.MEAN_OF_AVAILABLE, rate);
        assertThat(p.key()).isEqualTo(key);
        assertThat(p.top()).extracting(CapacityPeaks.Peak::watts).containsExactly(first * 4, second * 4, third * 4);
        assertThat(p.top().get(0).start()).isEqualTo(local("2026-01-14T18:15"));
        assertThat(p.averageKw()).isEqualByComparingTo(averageKw);
        assertThat(p.monthCost()).isEqualTo(monthCost);
        assertThat(p.peakCost()).isEqualTo(peakCost);
        assertThat(p.saving()).isEqualTo(saving);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                        | own €  | others (name=€)                  | key                   | cheapest   | saving
          a cheaper tariff entered    | 120.50 | 2026-01-01=110.25 2025-01-01=130  | advice.tariff.other   | 2026-01-01 | 10.25
          the own tariff is cheapest  | 100.00 | 2026-01-01=110.25                 | advice.tariff.current | current    | 0.00
          a tie keeps the own tariff  | 100.00 | 2026-01-01=100.00                 | advice.tariff.current | current    | 0.00
          nothing else known          | 100.00 | ''                                | advice.tariff.onlyOne | current    | 0.00
        """)
    void cheapestTariff(String name, BigDecimal own, String others, String key, String cheapest, BigDecimal saving) {
        var totals = new ArrayList<CheapestTariff.Total>();
        for (String pair : others.trim().split("\\s+")) {
            if (!pair.isEmpty()) {
                String[] p = pair.split("=");
                totals.add(new CheapestTariff.Total(p[0], new BigDecimal(p[1])));
            }
        }
        CheapestTariff c = CheapestTariff.of(new CheapestTariff.Total("current", own), totals,
                new Coverage(31, 31, LocalDate.of(2026, 5, 1), LocalDate.of(2026, 5, 31)));
        assertThat(c.key()).isEqualTo(key);
        assertThat(c.cheapest().name()).isEqualTo(cheapest);
        assertThat(c.saving()).isEqualByComparingTo(saving);
        assertThat(c.compared()).hasSize(totals.size() + 1);
    }

    @Test
    void theFlexibleAppliancesTakeTheirPowerFromTheBrochuresTable() {
        assertThat(FlexibleAppliance.table()).containsExactly(
                new FlexibleAppliance("washing-machine", 900, 2500, 3000),
                new FlexibleAppliance("dishwasher", 900, 0, 0),
                new FlexibleAppliance("tumble-dryer", 3500, 2100, 2300),
                new FlexibleAppliance("storage-water-heater", 2600, 1800, 2500));
    }
}
