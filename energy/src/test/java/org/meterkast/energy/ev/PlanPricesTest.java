package org.meterkast.energy.ev;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.ev.PlanPrices.QuarterPrice;
import org.meterkast.energy.ev.PlanPrices.Source;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.PriceIndex;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;

/**
 * The price of a kWh per quarter as the bill counts it, by hand from the shipped figures for IMEWO in November 2026:
 * the kWh network tariff 0.0522864 €/kWh (from 1 January 2026), the excise 0.04600 €/kWh and no energy
 * contribution (from 1 August 2026), VAT 6 %. So a supplier price of p €/kWh costs (p + 0.0982864) × 1.06 incl.
 * VAT, rounded to the micro-euro: 0.30 → 0.3982864 × 1.06 = 0.422183584 → 0.422184. Injection earns its price,
 * without VAT. Brussels is UTC+1 in November; 24 November 2026 is a Tuesday.
 */
class PlanPricesTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final BillCalculator BILL = BillCalculator.shipped();

    private static FlemishTariff imewo(EnergyPrice offtake, EnergyPrice injection) {
        return FlemishTariff.digital(DistributionArea.IMEWO, offtake, injection);
    }

    private static EnergyPrice dayNight(String day, String night) {
        return new EnergyPrice.DayAndNight(new BigDecimal(day), new BigDecimal(night));
    }

    private static EnergyPrice single(String price) {
        return new EnergyPrice.Single(new BigDecimal(price));
    }

    private static EnergyPrice dynamic(PriceIndex index, String factor, String offset) {
        return new EnergyPrice.Dynamic(index, new BigDecimal(factor), new BigDecimal(offset));
    }

    private static final Map<String, TariffHistory> TARIFFS = Map.of(
            "dayNight", TariffHistory.of(imewo(dayNight("0.30", "0.20"), single("0.05"))),
            "dayNightInjection", TariffHistory.of(imewo(dayNight("0.30", "0.20"), dayNight("0.06", "0.04"))),
            "early", TariffHistory.of(imewo(dayNight("0.30", "0.20"), single("0.05"))
                    .withHousehold(true, false, CapacityRule.MEAN_OF_AVAILABLE, DayNightSchedule.EARLY)),
            // a new contract from Wednesday 25 November
            "twoVersions", new TariffHistory(List.of(
                    new TariffVersion(LocalDate.of(2026, 1, 1), imewo(dayNight("0.30", "0.20"), single("0.05"))),
                    new TariffVersion(LocalDate.of(2026, 11, 25), imewo(dayNight("0.35", "0.25"), single("0.05"))))),
            "allIn", TariffHistory.of(new SimpleTariff(new BigDecimal("0.28"), new BigDecimal("0.04"))),
            "quarterHour", TariffHistory.of(imewo(dynamic(PriceIndex.QUARTER_HOUR, "0.001", "0.01"),
                    dynamic(PriceIndex.QUARTER_HOUR, "0.001", "-0.01"))),
            "hourly", TariffHistory.of(imewo(dynamic(PriceIndex.HOURLY, "0.001", "0.01"),
                    dynamic(PriceIndex.HOURLY, "0.001", "-0.01"))),
            // injecting would earn 0.003 × index: at 100 €/MWh 0.30 €, more than taking costs (0.210184)
            "generousInjection", TariffHistory.of(imewo(single("0.10"),
                    dynamic(PriceIndex.QUARTER_HOUR, "0.003", "0"))));

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    /**
     * The day-ahead prices published: Tuesday 24 November, every quarter at 100 €/MWh but 18:15 at −20, 19:00–20:00
     * at 80, 100, 120 and 140, and 20:00–21:00 published as an hour at 90; nothing for Wednesday.
     */
    private static DayAheadPrices tuesday() {
        DayAheadPrices.Builder prices = DayAheadPrices.builder();
        for (Instant t = local("2026-11-24T00:00"); t.isBefore(local("2026-11-25T00:00")); t = t.plusSeconds(900)) {
            long eurPerMwh = t.equals(local("2026-11-24T18:15")) ? -20
                    : t.equals(local("2026-11-24T19:00")) ? 80 : t.equals(local("2026-11-24T19:15")) ? 100
                    : t.equals(local("2026-11-24T19:30")) ? 120 : t.equals(local("2026-11-24T19:45")) ? 140 : 100;
            if (t.isBefore(local("2026-11-24T20:00")) || !t.isBefore(local("2026-11-24T21:00"))) {
                prices.add(t.getEpochSecond(), 900, eurPerMwh * 1_000_000);
            }
        }
        prices.add(local("2026-11-24T20:00").getEpochSecond(), 3600, 90_000_000L);
        return prices.build();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                          | tariff            | prices  | quarter (local)  | offtake  | injection | source
        # (0.30 + 0.0982864) × 1.06 = 0.422183584
          day/night: a weekday evening counts day        | dayNight          | none    | 2026-11-24T18:00 | 0.422184 | 0.050000  | TARIFF
        # (0.20 + 0.0982864) × 1.06 = 0.316183584
          day/night: 22:00 is night                      | dayNight          | none    | 2026-11-24T22:00 | 0.316184 | 0.050000  | TARIFF
          day/night: 06:45 still night                   | dayNight          | none    | 2026-11-25T06:45 | 0.316184 | 0.050000  | TARIFF
          day/night: 07:00 day again                     | dayNight          | none    | 2026-11-25T07:00 | 0.422184 | 0.050000  | TARIFF
          day/night: a Saturday morning is night         | dayNight          | none    | 2026-11-28T10:00 | 0.316184 | 0.050000  | TARIFF
          day/night: injection at the night price        | dayNightInjection | none    | 2026-11-24T23:00 | 0.316184 | 0.040000  | TARIFF
          early hours: 21:15 is night already            | early             | none    | 2026-11-24T21:15 | 0.316184 | 0.050000  | TARIFF
        # (0.35 + 0.0982864) × 1.06 = 0.475183584
          a new contract from the 25th                   | twoVersions       | none    | 2026-11-25T07:00 | 0.475184 | 0.050000  | TARIFF
          the old contract the day before                | twoVersions       | none    | 2026-11-24T21:45 | 0.422184 | 0.050000  | TARIFF
        # all-in prices are the bill's as they are
          all-in prices                                  | allIn             | none    | 2026-11-24T22:00 | 0.280000 | 0.040000  | TARIFF
        # 0.001 × 100 + 0.01 = 0.11; (0.11 + 0.0982864) × 1.06 = 0.220783584; injection 0.001 × 100 − 0.01 = 0.09
          quarter-hour index, published                  | quarterHour       | tuesday | 2026-11-24T18:00 | 0.220784 | 0.090000  | DAY_AHEAD
        # −20: −0.02 + 0.01 = −0.01; 0.0882864 × 1.06 = 0.093583584; injection −0.02 − 0.01 = −0.03
          quarter-hour index, a negative price           | quarterHour       | tuesday | 2026-11-24T18:15 | 0.093584 | -0.030000 | DAY_AHEAD
        # the hour published at 90: 0.09 + 0.01 = 0.10; 0.1982864 × 1.06 = 0.210183584; injection 0.08
          quarter-hour index from an hourly price        | quarterHour       | tuesday | 2026-11-24T20:30 | 0.210184 | 0.080000  | DAY_AHEAD
        # Wednesday is not published: Tuesday's same quarter
          quarter-hour index, tomorrow not yet published | quarterHour       | tuesday | 2026-11-25T18:00 | 0.220784 | 0.090000  | ESTIMATED
          the estimate keeps the quarter's own price     | quarterHour       | tuesday | 2026-11-25T18:15 | 0.093584 | -0.030000 | ESTIMATED
        # a week later, still within 7 days of Tuesday
          seven days on, still Tuesday's                 | quarterHour       | tuesday | 2026-12-01T18:15 | 0.093584 | -0.030000 | ESTIMATED
        # eight days on: nothing known; the formula's energy part left out: 0.0982864 × 1.06 = 0.104183584
          eight days on, no price                        | quarterHour       | tuesday | 2026-12-02T18:15 | 0.104184 | 0.000000  | UNKNOWN
          no price published at all                      | quarterHour       | none    | 2026-11-24T18:00 | 0.104184 | 0.000000  | UNKNOWN
        # hourly index 19:00–20:00: the mean of 80, 100, 120, 140 = 110: 0.12; 0.2182864 × 1.06 = 0.231383584; injection 0.10
          hourly index: the hour's mean                  | hourly            | tuesday | 2026-11-24T19:30 | 0.231384 | 0.100000  | DAY_AHEAD
          hourly index, tomorrow from Tuesday's hour     | hourly            | tuesday | 2026-11-25T19:45 | 0.231384 | 0.100000  | ESTIMATED
        # (0.10 + 0.0982864) × 1.06 = 0.210183584; injection would be 0.30: held to 0.210184
          injection held to the offtake price            | generousInjection | tuesday | 2026-11-24T18:00 | 0.210184 | 0.210184  | DAY_AHEAD
        """)
    void aQuartersPricesAreTheBillsForOneKwh(String name, String tariff, String prices, String quarter,
                                              String offtake, String injection, Source source) {
        QuarterPrice price = PlanPrices.of(BILL, TARIFFS.get(tariff),
                prices.equals("tuesday") ? tuesday() : DayAheadPrices.NONE,
                Quarter.containing(local(quarter)), 1, BRUSSELS).get(0);

        assertThat(price.quarter()).isEqualTo(Quarter.containing(local(quarter)));
        assertThat(price.offtake()).isEqualByComparingTo(offtake);
        assertThat(price.injection()).isEqualByComparingTo(injection);
        assertThat(price.source()).isEqualTo(source);
        assertThat(price.injectionHeld()).isEqualTo(tariff.equals("generousInjection"));
    }

    @Test
    void aNightAheadListsEveryQuarterInOrderWithItsPeriodsPrice() {
        // Tuesday 21:30 to Wednesday 07:30: 40 quarters, the first two and the last two by day
        List<QuarterPrice> night = PlanPrices.of(BILL, TARIFFS.get("dayNight"), DayAheadPrices.NONE,
                Quarter.containing(local("2026-11-24T21:30")), 40, BRUSSELS);

        assertThat(night).hasSize(40);
        assertThat(night).extracting(QuarterPrice::quarter)
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 40)
                        .mapToObj(i -> Quarter.containing(local("2026-11-24T21:30")).plus(i)).toList());
        assertThat(night).filteredOn(p -> p.offtake().compareTo(new BigDecimal("0.422184")) == 0)
                .extracting(p -> p.quarter().start())
                .containsExactly(local("2026-11-24T21:30"), local("2026-11-24T21:45"), local("2026-11-25T07:00"),
                        local("2026-11-25T07:15"));
        assertThat(night).filteredOn(p -> p.offtake().compareTo(new BigDecimal("0.316184")) == 0).hasSize(36);
    }

    @Test
    void aDynamicNightMixesPublishedAndEstimatedQuarters() {
        // Tuesday 23:30 to Wednesday 00:30: two quarters published, two taken from Tuesday 00:00 and 00:15
        List<QuarterPrice> prices = PlanPrices.of(BILL, TARIFFS.get("quarterHour"), tuesday(),
                Quarter.containing(local("2026-11-24T23:30")), 4, BRUSSELS);

        assertThat(prices).extracting(QuarterPrice::source)
                .containsExactly(Source.DAY_AHEAD, Source.DAY_AHEAD, Source.ESTIMATED, Source.ESTIMATED);
        assertThat(prices).allSatisfy(p -> assertThat(p.offtake()).isEqualByComparingTo("0.220784"));
    }
}
