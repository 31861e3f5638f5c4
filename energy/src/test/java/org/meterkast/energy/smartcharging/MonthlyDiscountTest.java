package org.meterkast.energy.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.Period;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.Levies;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.PriceIndex;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;
import org.meterkast.energy.tariff.TariffVersion;

/**
 * The month's discount worked to the cent. The tariff, excl. VAT as the tariff form holds it, with VAT at 6 % (the
 * shipped levies' rate for 2025–2026) and the smart price of 0.085 €/kWh incl. VAT:
 * <pre>
 *   v1 (first version)  day 0.1350 → 0.1350 × 1.06 = 0.1431 − 0.085 = 0.0581 €/kWh discount
 *                       night 0.1050 → 0.1113 − 0.085 = 0.0263
 *   v2 from 2026-02-15  day 0.1550 → 0.1643 − 0.085 = 0.0793
 *                       night 0.1150 → 0.1219 − 0.085 = 0.0369
 * </pre>
 * Day is weekdays 07:00–22:00 Brussels time; nights and weekends are night.
 */
class MonthlyDiscountTest {
    static final Levies LEVIES = Levies.shipped();
    static final LocalDate V2 = LocalDate.of(2026, 2, 15);
    static final TariffHistory DAY_NIGHT = new TariffHistory(List.of(
            new TariffVersion(LocalDate.MIN, dayNight("0.1350", "0.1050")),
            new TariffVersion(V2, dayNight("0.1550", "0.1150"))));
    static final Enrolment ENROLLED = new Enrolment(LocalDate.of(2025, 9, 1), null, new Vehicle("Kia EV6", "KIA-EV6"),
            true, true, true, 20, 80);

    static FlemishTariff dayNight(String day, String night) {
        return FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.DayAndNight(new BigDecimal(day), new BigDecimal(night)),
                new EnergyPrice.Single(new BigDecimal("0.03")));
    }

    /**
     * Sessions written as {@code start quarters×Wh}, joined by {@code +}: {@code 2026-01-13T00:00Z 16x2500} is a
     * session charging 2500 Wh in each of 16 quarters from 00:00Z. Sessions are s1, s2… with normal charging 20 %,
     * target 80 % and no id tag.
     */
    static List<SmartSession> sessions(String text) {
        List<SmartSession> out = new ArrayList<>();
        int n = 0;
        for (String part : text.split("\\+")) {
            String[] fields = part.strip().split("\\s+");
            String[] shape = fields[1].split("x");
            out.add(session("s" + ++n, null, 20, 80, fields[0], Integer.parseInt(shape[0]), Long.parseLong(shape[1])));
        }
        return out;
    }

    static SmartSession session(String id, String idTag, int normal, int target, String start, int quarters, long wh) {
        Quarter first = new Quarter(Instant.parse(start.replace("Z", ":00Z")));
        List<ChargedQuarter> charged = new ArrayList<>();
        for (int i = 0; i < quarters; i++) {
            charged.add(new ChargedQuarter(first.plus(i), wh));
        }
        return new SmartSession(id, idTag, normal, target, charged);
    }

    /** The lines as {@code version period Wh amount}, joined by {@code ;}. */
    static String lines(MonthlyDiscount month) {
        List<String> out = new ArrayList<>();
        for (MonthlyDiscount.DiscountLine l : month.lines()) {
            out.add((l.tariffFrom().equals(V2) ? "v2" : "v1") + " " + l.period().name().charAt(0) + " "
                    + l.wattHours() + " " + l.amount().toPlainString());
        }
        return String.join("; ", out);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                        | month   | sessions                                                                                                       | lines                                                  | discount | fee  | net
        # 40 kWh night 1.052 → 1.05; 12 kWh day 0.6972 → 0.70; 1.75 < 2.50: the fee is cut to 1.75
          below the fee               | 2026-01 | 2026-01-13T00:00Z 16x2500 + 2026-01-13T10:00Z 8x1500                                                           | v1 D 12000 0.70; v1 N 40000 1.05                        |     1.75 | 1.75 | 0.00
        # rounded per line, not per month: night 15 × 0.0263 = 0.3945 → 0.39, day 15 × 0.0581 = 0.8715 → 0.87, 1.26
        # (rounding the month's 1.266 once would give 1.27)
          rounded per line            | 2026-01 | 2026-01-13T00:00Z 6x2500 + 2026-01-13T10:00Z 6x2500                                                            | v1 D 15000 0.87; v1 N 15000 0.39                        |     1.26 | 1.26 | 0.00
        # night: Tue 01–05h 40 + Sat 11–15h (weekend) 40 + Mon 06:30, 06:45 5 = 85 kWh × 0.0263 = 2.2355 → 2.24;
        # day: Mon 07:00–08:15 15 + Tue 13–15h 20 = 35 kWh × 0.0581 = 2.0335 → 2.03
          a day/night month           | 2026-01 | 2026-01-13T00:00Z 16x2500 + 2026-01-17T10:00Z 16x2500 + 2026-01-19T05:30Z 8x2500 + 2026-01-20T12:00Z 8x2500   | v1 D 35000 2.03; v1 N 85000 2.24                        |     4.27 | 2.50 | 1.77
        # Sat 14 Feb 23:00–23:45 under v1, night 10 kWh × 0.0263 = 0.263 → 0.26; Sun 15 Feb 00:00–00:45 under v2,
        # night 10 × 0.0369 = 0.369 → 0.37; Mon 16 Feb 09–13h v2 day 40 × 0.0793 = 3.172 → 3.17
          straddling a tariff change  | 2026-02 | 2026-02-14T22:00Z 8x2500 + 2026-02-16T08:00Z 16x2500                                                           | v1 N 10000 0.26; v2 D 40000 3.17; v2 N 10000 0.37       |     3.80 | 2.50 | 1.30
        # 30 June 23:00–23:45 CEST counts (the last day is included): 10 kWh × 0.0369 = 0.369 → 0.37; 1 July is July's
          the last day's evening      | 2026-06 | 2026-06-30T21:00Z 8x2500                                                                                       | v2 N 10000 0.37                                         |     0.37 | 0.37 | 0.00
        # after 30/06/2026 nothing is earned, so no fee either
          a month after the end date  | 2026-07 | 2026-06-30T21:00Z 8x2500 + 2026-07-06T00:00Z 16x2500                                                           |                                                         |     0.00 | 0.00 | 0.00
        # spring DST (29 March): Mon 23 March 06:30, 06:45 CET night 5, 07:00, 07:15 day 5; Sun 29 March 01:30 CET to
        # 03:15 CEST (the 23-hour day) night 10; Mon 30 March 07:30–11:15 CEST day 40; Tue 31 March 23:30, 23:45 CEST
        # night 5 (00:00 is April's). Night 20 × 0.0369 = 0.738 → 0.74; day 45 × 0.0793 = 3.5685 → 3.57
          spring DST month            | 2026-03 | 2026-03-23T05:30Z 4x2500 + 2026-03-29T00:30Z 4x2500 + 2026-03-30T05:30Z 16x2500 + 2026-03-31T21:30Z 4x2500    | v2 D 45000 3.57; v2 N 20000 0.74                        |     4.31 | 2.50 | 1.81
        # autumn DST (26 October): Sun 02:00–02:45 CEST and again CET, 8 quarters night 20; Mon 27 06:45 CET night 2.5,
        # 07:00–07:30 day 7.5; Fri 31 23:30, 23:45 CET night 5 (00:00 is November's); Wed 1 Oct 00:00–00:30 CEST night
        # 7.5 (23:45 on 30 September is September's). Night 35 × 0.0263 = 0.9205 → 0.92; day 7.5 × 0.0581 = 0.43575 → 0.44
          autumn DST month            | 2025-10 | 2025-10-26T00:00Z 8x2500 + 2025-10-27T05:45Z 4x2500 + 2025-10-31T22:30Z 4x2500 + 2025-09-30T21:45Z 4x2500     | v1 D 7500 0.44; v1 N 35000 0.92                         |     1.36 | 1.36 | 0.00
        """)
    void aMonthToTheCent(String name, YearMonth month, String sessions, String lines, BigDecimal discount,
                         BigDecimal fee, BigDecimal net) {
        MonthlyDiscount result = MonthlyDiscount.of(SmartChargingProgramme.LUMINUS, Optional.of(ENROLLED),
                Optional.of(DAY_NIGHT), LEVIES, month, sessions(sessions));
        assertThat(lines(result)).isEqualTo(lines == null ? "" : lines);
        assertThat(result.discount()).isEqualTo(discount);
        assertThat(result.fee()).isEqualTo(fee);
        assertThat(result.net()).isEqualTo(net);
        assertThat(result.fullFee()).isEqualTo(new BigDecimal("2.50"));
        assertThat(result.net().add(result.fee())).isEqualTo(result.discount());
    }

    @Test
    void theEightQuartersOfTheDoubledHourAllCountAndEachSessionSaysWhatItCharged() {
        MonthlyDiscount october = MonthlyDiscount.of(SmartChargingProgramme.LUMINUS, Optional.of(ENROLLED),
                Optional.of(DAY_NIGHT), LEVIES, YearMonth.of(2025, 10), sessions(
                        "2025-10-26T00:00Z 8x2500 + 2025-09-30T21:45Z 4x2500"));
        // the session from 30 September is listed first: it charged in October from 1 October 00:00 CEST
        assertThat(october.sessions()).extracting(MonthlyDiscount.SessionSummary::id).containsExactly("s2", "s1");
        assertThat(october.sessions().get(0).firstQuarter()).isEqualTo(Instant.parse("2025-09-30T22:00:00Z"));
        assertThat(october.sessions().get(0).chargedWh()).isEqualTo(7500);
        assertThat(october.sessions().get(1).chargedWh()).isEqualTo(20_000);
        assertThat(october.chargedWh()).isEqualTo(27_500);
        assertThat(october.countedWh()).isEqualTo(27_500);
    }

    @Test
    void aMonthAfterTheEndSaysWhyItsEnergyEarnsNothing() {
        MonthlyDiscount july = MonthlyDiscount.of(SmartChargingProgramme.LUMINUS, Optional.of(ENROLLED),
                Optional.of(DAY_NIGHT), LEVIES, YearMonth.of(2026, 7),
                sessions("2026-06-30T21:00Z 8x2500 + 2026-07-06T00:00Z 16x2500"));
        Reason ended = Reason.of("smartCharging.excluded.ended", "year", 2026, "month", 6, "day", 30);
        assertThat(july.sessions()).hasSize(2);
        assertThat(july.sessions().get(0).chargedWh()).isEqualTo(10_000);
        assertThat(july.sessions().get(0).excluded()).containsExactly(ended);
        assertThat(july.excluded()).containsExactly(new MonthlyDiscount.Exclusion(ended, 50_000));
        assertThat(july.chargedWh()).isEqualTo(50_000);
        assertThat(july.countedWh()).isZero();
    }

    static Stream<Arguments> exclusions() {
        Enrolment e = ENROLLED;
        TariffHistory dynamic = TariffHistory.of(FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.Dynamic(PriceIndex.QUARTER_HOUR, new BigDecimal("0.001"), new BigDecimal("0.01")),
                new EnergyPrice.Single(BigDecimal.ZERO)));
        TariffHistory social = TariffHistory.of(dayNight("0.1350", "0.1050")
                .withHousehold(true, true, CapacityRule.MEAN_OF_AVAILABLE, DayNightSchedule.STANDARD));
        TariffHistory analogue = TariffHistory.of(dayNight("0.1350", "0.1050").withMeter(MeterKind.ANALOGUE,
                BigDecimal.ZERO));
        TariffHistory allIn = TariffHistory.of(new SimpleTariff(new BigDecimal("0.30"), new BigDecimal("0.04")));
        Vehicle kia = e.vehicle();
        // the session: Tue 13 January 2026 01:00–05:00 CET, 40 kWh at night, 40 × 0.0263 = 1.052 → 1.05 when counted
        return Stream.of(
                Arguments.of("enrolled that very day", enrolment(e, "2026-01-13", null), DAY_NIGHT, null, 20, 80,
                        null, "1.05"),
                Arguments.of("enrolled the day after", enrolment(e, "2026-01-14", null), DAY_NIGHT, null, 20, 80,
                        Reason.of("smartCharging.excluded.beforeEnrolment", "year", 2026, "month", 1, "day", 14),
                        "0.00"),
                Arguments.of("enrolment ended the day before", enrolment(e, "2025-09-01", "2026-01-12"), DAY_NIGHT,
                        null, 20, 80,
                        Reason.of("smartCharging.excluded.afterEnrolment", "year", 2026, "month", 1, "day", 12),
                        "0.00"),
                Arguments.of("enrolment ends that day", enrolment(e, "2025-09-01", "2026-01-13"), DAY_NIGHT, null,
                        20, 80, null, "1.05"),
                Arguments.of("not enrolled", null, DAY_NIGHT, null, 20, 80,
                        Reason.of("smartCharging.excluded.notEnrolled"), "0.00"),
                Arguments.of("normal charging at 30 %", e, DAY_NIGHT, null, 30, 80, null, "1.05"),
                Arguments.of("normal charging at 31 %", e, DAY_NIGHT, null, 31, 80,
                        Reason.of("smartCharging.excluded.normalChargingAbove", "percent", 31, "maximumPercent", 30),
                        "0.00"),
                Arguments.of("target 80 %", e, DAY_NIGHT, null, 20, 80, null, "1.05"),
                Arguments.of("target 79 %", e, DAY_NIGHT, null, 20, 79,
                        Reason.of("smartCharging.excluded.targetBelow", "percent", 79, "minimumPercent", 80), "0.00"),
                Arguments.of("the enrolled EV's tag, in other case", e, DAY_NIGHT, "kia-ev6", 20, 80, null, "1.05"),
                Arguments.of("another EV's tag", e, DAY_NIGHT, "TESLA-M3", 20, 80,
                        Reason.of("smartCharging.excluded.otherVehicle"), "0.00"),
                Arguments.of("no EV named", new Enrolment(e.since(), null, null, true, true, true, 20, 80), DAY_NIGHT,
                        null, 20, 80, Reason.of("smartCharging.excluded.noVehicle"), "0.00"),
                Arguments.of("an EV without a known tag takes every session",
                        new Enrolment(e.since(), null, new Vehicle(kia.name(), null), true, true, true, 20, 80),
                        DAY_NIGHT, "ANY-TAG", 20, 80, null, "1.05"),
                // enrolled 13 December, SMR-3 not confirmed: the month's grace runs to 13 January inclusive
                Arguments.of("no SMR-3 yet, on the grace's last day",
                        new Enrolment(LocalDate.parse("2025-12-13"), null, kia, true, false, true, 20, 80), DAY_NIGHT,
                        null, 20, 80, null, "1.05"),
                Arguments.of("no SMR-3 a month and a day after enrolling",
                        new Enrolment(LocalDate.parse("2025-12-12"), null, kia, true, false, true, 20, 80), DAY_NIGHT,
                        null, 20, 80, Reason.of("smartCharging.excluded.noQuarterHourMetering"), "0.00"),
                Arguments.of("no tariff", e, null, null, 20, 80, Reason.of("smartCharging.excluded.noTariff"),
                        "0.00"),
                Arguments.of("an all-in tariff", e, allIn, null, 20, 80,
                        Reason.of("smartCharging.excluded.allInTariff"), "0.00"),
                Arguments.of("a dynamic tariff", e, dynamic, null, 20, 80,
                        Reason.of("smartCharging.excluded.dynamicTariff"), "0.00"),
                Arguments.of("the social tariff", e, social, null, 20, 80,
                        Reason.of("smartCharging.excluded.socialTariff"), "0.00"),
                Arguments.of("a classic meter", e, analogue, null, 20, 80,
                        Reason.of("smartCharging.excluded.notDigitalMeter"), "0.00"));
    }

    static Enrolment enrolment(Enrolment e, String since, String until) {
        return new Enrolment(LocalDate.parse(since), until == null ? null : LocalDate.parse(until), e.vehicle(),
                e.supplyContract(), e.quarterHourMetering(), e.onlyThisApp(), e.normalChargingPercent(),
                e.targetPercent());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("exclusions")
    void aQuarterEarnsOnlyUnderEveryCondition(String name, Enrolment enrolment, TariffHistory tariffs, String idTag,
                                              int normal, int target, Reason excluded, String discount) {
        SmartSession night = session("s1", idTag, normal, target, "2026-01-13T00:00Z", 16, 2500);
        MonthlyDiscount month = MonthlyDiscount.of(SmartChargingProgramme.LUMINUS, Optional.ofNullable(enrolment),
                Optional.ofNullable(tariffs), LEVIES, YearMonth.of(2026, 1), List.of(night));
        assertThat(month.discount()).isEqualTo(new BigDecimal(discount));
        assertThat(month.chargedWh()).isEqualTo(40_000);
        if (excluded == null) {
            assertThat(month.excluded()).isEmpty();
            assertThat(month.countedWh()).isEqualTo(40_000);
        } else {
            assertThat(month.excluded()).containsExactly(new MonthlyDiscount.Exclusion(excluded, 40_000));
            assertThat(month.sessions().get(0).excluded()).containsExactly(excluded);
            assertThat(month.countedWh()).isZero();
            assertThat(month.lines()).isEmpty();
        }
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                    | night €/kWh excl. | VAT incl. | per kWh  | amount | fee  | net
        # 0.0700 × 1.06 = 0.0742, under 0.085: no discount, never a negative one
          supply price under the smart price      | 0.0700            | true      | 0        | 0.00   | 0.00 | 0.00
        # 0.0802 × 1.06 = 0.085012 − 0.085 = 0.000012 × 40 = 0.00048 → 0.00
          a hair above the smart price            | 0.0802            | true      | 0.000012 | 0.00   | 0.00 | 0.00
        # the smart price and fee taken as excl. VAT: (0.1050 − 0.085) × 1.06 = 0.0212 × 40 = 0.848 → 0.85;
        # fee 2.50 × 1.06 = 2.65, cut to 0.85
          programme figures excl. VAT             | 0.1050            | false     | 0.021200 | 0.85   | 0.85 | 0.00
        # 0.2050 × 1.06 = 0.2173 − 0.085 = 0.1323 × 40 = 5.292 → 5.29; fee 2.50
          an expensive contract                   | 0.2050            | true      | 0.132300 | 5.29   | 2.50 | 2.79
        """)
    void thePricesVatAndTheFee(String name, BigDecimal night, boolean inclVat, BigDecimal perKwh, BigDecimal amount,
                               BigDecimal fee, BigDecimal net) {
        SmartChargingProgramme p = SmartChargingProgramme.LUMINUS;
        SmartChargingProgramme programme = new SmartChargingProgramme(p.smartPricePerKwh(), p.monthlyFee(), inclVat,
                p.lastDay(), p.maxNormalChargingPercent(), p.minTargetPercent(), p.quarterHourMetering(),
                p.meteringGrace(), p.excludesSocialTariff(), p.needsSupplyContract(), p.exclusiveApp(),
                p.homeChargerOnly());
        TariffHistory tariffs = TariffHistory.of(dayNight("0.1350", night.toPlainString()));
        MonthlyDiscount month = MonthlyDiscount.of(programme, Optional.of(ENROLLED), Optional.of(tariffs), LEVIES,
                YearMonth.of(2026, 1), List.of(session("s1", null, 20, 80, "2026-01-13T00:00Z", 16, 2500)));
        assertThat(month.lines()).hasSize(1);
        assertThat(month.lines().get(0).discountPerKwh()).isEqualByComparingTo(perKwh);
        assertThat(month.lines().get(0).amount()).isEqualTo(amount);
        assertThat(month.lines().get(0).vatRate()).isEqualByComparingTo("0.06");
        assertThat(month.fee()).isEqualTo(fee);
        assertThat(month.net()).isEqualTo(net);
        assertThat(month.fullFee()).isEqualTo(inclVat ? new BigDecimal("2.50") : new BigDecimal("2.65"));
    }

    @Test
    void aSinglePriceHasOneLineWithoutAPeriod() {
        // 0.12 × 1.06 = 0.1272 − 0.085 = 0.0422 × 52 kWh = 2.1944 → 2.19
        TariffHistory single = TariffHistory.of(FlemishTariff.digital(DistributionArea.IMEWO,
                new EnergyPrice.Single(new BigDecimal("0.12")), new EnergyPrice.Single(BigDecimal.ZERO)));
        MonthlyDiscount month = MonthlyDiscount.of(SmartChargingProgramme.LUMINUS, Optional.of(ENROLLED),
                Optional.of(single), LEVIES, YearMonth.of(2026, 1),
                sessions("2026-01-13T00:00Z 16x2500 + 2026-01-13T10:00Z 8x1500"));
        assertThat(month.lines()).singleElement().satisfies(l -> {
            assertThat(l.period()).isNull();
            assertThat(l.wattHours()).isEqualTo(52_000);
            assertThat(l.amount()).isEqualTo(new BigDecimal("2.19"));
        });
        assertThat(month.fee()).isEqualTo(new BigDecimal("2.19"));
    }

    @Test
    void badSessionsAreRefusedNamingWhatIsWrong() {
        Quarter q = Quarter.parse("2026-01-13T00:00:00Z");
        assertThatThrownBy(() -> new ChargedQuarter(q, -5))
                .hasMessage("quarter 2026-01-13T00:00:00Z: charged energy cannot be negative: -5 Wh");
        assertThatThrownBy(() -> new SmartSession("tx-7", null, 20, 80,
                List.of(new ChargedQuarter(q, 100), new ChargedQuarter(q, 200))))
                .hasMessage("session tx-7: quarter 2026-01-13T00:00:00Z is given twice");
        assertThatThrownBy(() -> new SmartSession("tx-8", null, 120, 80, List.of()))
                .hasMessage("session tx-8: levels must be 0 to 100 %, not normal 120 % and target 80 %");
    }

    @Test
    void quartersOfOneSessionAreKeptInTimeOrder() {
        Quarter q = Quarter.parse("2026-01-13T00:00:00Z");
        SmartSession s = new SmartSession("tx-9", null, 20, 80,
                List.of(new ChargedQuarter(q.plus(1), 200), new ChargedQuarter(q, 100)));
        assertThat(s.quarters()).extracting(ChargedQuarter::wattHours).containsExactly(100L, 200L);
        assertThat(s.wattHours()).isEqualTo(300);
    }

    @Test
    void theProgrammesFiguresAreTheConditions() {
        SmartChargingProgramme luminus = SmartChargingProgramme.LUMINUS;
        assertThat(luminus.smartPricePerKwh()).isEqualByComparingTo("0.085");
        assertThat(luminus.monthlyFee()).isEqualByComparingTo("2.5");
        assertThat(luminus.lastDay()).isEqualTo(LocalDate.of(2026, 6, 30));
        assertThat(luminus.maxNormalChargingPercent()).isEqualTo(30);
        assertThat(luminus.minTargetPercent()).isEqualTo(80);
        assertThat(luminus.meteringGrace()).isEqualTo(Period.ofMonths(1));
        assertThatThrownBy(() -> new SmartChargingProgramme(new BigDecimal("-0.01"), luminus.monthlyFee(), true,
                luminus.lastDay(), 30, 80, true, Period.ofMonths(1), true, true, true, true))
                .hasMessage("the smart-charging price cannot be negative: -0.01 €/kWh");
        assertThatThrownBy(() -> new SmartChargingProgramme(luminus.smartPricePerKwh(), luminus.monthlyFee(), true,
                luminus.lastDay(), 30, 180, true, Period.ofMonths(1), true, true, true, true))
                .hasMessage("the lowest target must be 0 to 100 %, not 180");
    }

    @Test
    void figuresOfAReasonAreNamed() {
        // the web app fills "{percent}" and "{maximumPercent}" from these
        Reason r = Reason.of("smartCharging.excluded.normalChargingAbove", "percent", 31, "maximumPercent", 30);
        assertThat(r.values()).isEqualTo(Map.of("percent", 31L, "maximumPercent", 30L));
    }
}
