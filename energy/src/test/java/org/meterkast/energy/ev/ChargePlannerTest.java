package org.meterkast.energy.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

class ChargePlannerTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** A charger of 1.4 to 10 kW: a whole quarter at full power is 2.5 kWh. */
    private static final ChargerLimits CHARGER = new ChargerLimits(Power.ofWatts(1400), Power.ofWatts(10_000));

    /**
     * Each row: a situation in local time, the charging periods the plan should hold (local times, average power),
     * its cost and its reason. Prices are per local time span; a span "22:00-07:00" wraps past midnight.
     */
    static Stream<Arguments> situations() {
        return Stream.of(
                // 60 kWh from 20 to 80 % at 90 %: 36 / 0.9 = 40 kWh = 16 quarters of 2.5 kWh, all at night from
                // 22:00 (equal prices: the earlier quarter first). 40 kWh × 0.20 € = 8.00 €.
                Arguments.of("day/night: the night's first hours",
                        new Situation("2026-11-24T18:00", "2026-11-25T07:00", car(60, 20, 80, 0, "0.9"))
                                .prices("07:00-22:00 0.30", "22:00-07:00 0.20"),
                        "22:00-02:00 10000 W", "8.000000000",
                        Map.of("key", ReasonKeys.PLAN_REACHES, "neededWh", 40_000L)),
                // 20 kWh: 12:00-13:00 at -0.02 € (10 kWh, -0.20 €), then 0.08 € from 10:00 (10 kWh, 0.80 €): 0.60 €
                Arguments.of("dynamic prices: the negative hour, then the cheap morning",
                        new Situation("2026-06-10T06:00", "2026-06-10T18:00", car(50, 40, 80, 0, "1"))
                                .prices("06:00-10:00 0.25", "10:00-12:00 0.08", "12:00-13:00 -0.02",
                                        "13:00-14:00 0.08", "14:00-18:00 0.22").injection("-0.10"),
                        "10:00-11:00 10000 W, 12:00-13:00 10000 W", "0.600000000",
                        Map.of("key", ReasonKeys.PLAN_REACHES, "neededWh", 20_000L)),
                // 6 kW solar (1,500 Wh a quarter) less a 1 kW house leaves 5 kW free from 11:00 to 14:00:
                // 12 quarters × 1.25 kWh = 15 kWh at the 0.05 € injection price. The other 5 kWh are cheapest on
                // top of the sun at noon's 0.30 €: 4 quarters × 1.25 kWh from 11:00. 0.75 € + 1.50 € = 2.25 €.
                Arguments.of("solar surplus at noon, the rest on top of it",
                        new Situation("2026-06-10T08:00", "2026-06-10T17:00", car(50, 40, 80, 0, "1"))
                                .prices("08:00-11:00 0.32", "11:00-14:00 0.30", "14:00-17:00 0.34")
                                .injection("0.05").solar("11:00-14:00 1500").load(1000),
                        "11:00-12:00 10000 W, 12:00-14:00 5000 W", "2.250000000",
                        Map.of("key", ReasonKeys.PLAN_REACHES, "solarWh", 15_000L, "gridWh", 5_000L)),
                // limit 2.5 kW, house 0.5 kW: the car gets 2 kW = 0.5 kWh a quarter; 15 kWh = 30 quarters from
                // 22:00, but 23:00-23:15 the house alone draws 3 kW: no charging then, so it ends at 05:45.
                // 15 kWh × 0.20 € = 3.00 €.
                Arguments.of("peak limit binding, a quarter where the house alone exceeds it",
                        new Situation("2026-11-24T22:00", "2026-11-25T07:00", car(60, 50, 75, 0, "1"))
                                .prices("22:00-07:00 0.20").load(500).load("23:00-23:15 3000").peak(2500),
                        "22:00-23:00 2000 W, 23:15-05:45 2000 W", "3.000000000",
                        Map.of("key", ReasonKeys.PLAN_REACHES, "neededWh", 15_000L)),
                // 30 kWh wanted, 36 quarters × 0.5 kWh = 18 kWh fit: 60 kWh from 20 % gets 20 + 30 = 50 %
                Arguments.of("peak limit binding: the target is out of reach, and says why",
                        new Situation("2026-11-24T22:00", "2026-11-25T07:00", car(60, 20, 70, 0, "1"))
                                .prices("22:00-07:00 0.20").load(500).peak(2500),
                        "22:00-07:00 2000 W", "3.600000000",
                        Map.of("key", ReasonKeys.PLAN_SHORT_PEAK_LIMIT, "neededWh", 30_000L, "fitsWh", 18_000L,
                                "peakLimitW", 2500L, "reachableSocPercent", 50L)),
                // an hour at 10 kW is 10 kWh of the 20 kWh wanted: 60 kWh from 20 % gets to 20 + 16.7 = 36 %
                Arguments.of("departure too close",
                        new Situation("2026-11-24T18:00", "2026-11-24T19:00", car(60, 20, 53, 0, "1"))
                                .prices("07:00-22:00 0.30"),
                        "18:00-19:00 10000 W", "3.000000000",
                        Map.of("key", ReasonKeys.PLAN_SHORT_TIME, "neededWh", 19_800L, "fitsWh", 10_000L,
                                "maxPowerW", 10_000L, "reachableSocPercent", 36L)),
                // normal charging to 30 %: 12 kWh at once from 18:06 (540 s at 10 kW = 1.5 kWh, an hour = 10 kWh,
                // 0.5 kWh at 2 kW), at the day price 0.30 € = 3.60 €; the other 30 kWh at night, 22:00-01:00,
                // at 0.20 € = 6.00 €. Together 9.60 €.
                Arguments.of("normal charging first, from inside a quarter",
                        new Situation("2026-11-24T18:06", "2026-11-25T07:00", car(60, 10, 80, 30, "1"))
                                .prices("07:00-22:00 0.30", "22:00-07:00 0.20"),
                        "18:06-19:15 10000 W, 19:15-19:30 2000 W, 22:00-01:00 10000 W", "9.600000000",
                        Map.of("key", ReasonKeys.PLAN_REACHES, "neededWh", 42_000L)),
                // docs/EV-PLAN.md's worked example: the same car with a 0.5 kW house under a 2.5 kW limit: 2 kW for
                // the car, 0.5 kWh a quarter. Normal charging's 12 kWh run from 18:06 (0.3 kWh in 540 s) through
                // 15 day quarters (7.5 kWh) and 8 night ones to 00:00 (4 kWh) and 0.2 kWh of the 00:00 quarter;
                // the night's remaining 0.3 + 27 × 0.5 = 13.8 kWh follow. 25.8 kWh of 42: 10 + 43 = 53 %.
                // Day 7.8 kWh × 0.30 € + night 18 kWh × 0.20 € = 2.34 + 3.60 = 5.94 €.
                Arguments.of("normal charging first under a binding peak limit: short, and why",
                        new Situation("2026-11-24T18:06", "2026-11-25T07:00", car(60, 10, 80, 30, "1"))
                                .prices("07:00-22:00 0.30", "22:00-07:00 0.20").load(500).peak(2500),
                        "18:06-07:00 2000 W", "5.940000000",
                        Map.of("key", ReasonKeys.PLAN_SHORT_PEAK_LIMIT, "neededWh", 42_000L, "fitsWh", 25_800L,
                                "reachableSocPercent", 53L)),
                // 18:00 CET to 07:00 CEST is 12 hours, not 13: 48 quarters × 625 Wh = 30 kWh, short of 32 kWh
                Arguments.of("the 23-hour day: 48 quarters, not 52",
                        new Situation("2026-03-28T18:00", "2026-03-29T07:00", car(64, 25, 75, 0, "1"))
                                .prices("00:00-00:00 0.20").peak(2500),
                        "18:00-07:00 2500 W", "6.000000000",
                        Map.of("key", ReasonKeys.PLAN_SHORT_PEAK_LIMIT, "neededWh", 32_000L, "fitsWh", 30_000L)),
                // 18:00 CEST to 07:00 CET is 14 hours: 56 quarters × 625 Wh = 35 kWh fit, 32 kWh are needed:
                // 51.2 quarters, so 51 at 2.5 kW and 125 Wh (500 W) in the 52nd. 51 quarters after 18:00 CEST is
                // 06:45 CEST, which the wall shows as 05:45 CET. The wall clock's 13 hours would have held 52.
                Arguments.of("the 25-hour day: 56 quarters, not 52",
                        new Situation("2026-10-24T18:00", "2026-10-25T07:00", car(64, 25, 75, 0, "1"))
                                .prices("00:00-00:00 0.20").peak(2500),
                        "18:00-05:45 2500 W, 05:45-06:00 500 W",
                        "6.400000000", Map.of("key", ReasonKeys.PLAN_REACHES, "neededWh", 32_000L)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("situations")
    void plansTheCheapestQuartersWithinTheLimits(String name, Situation situation, String periods, String cost,
                                                 Map<String, Object> reason) {
        ChargePlan plan = ChargePlanner.plan(situation.request());

        assertThat(periods(plan)).isEqualTo(periods);
        assertThat(plan.cost()).isEqualByComparingTo(cost);
        assertThat(plan.reason().key()).isEqualTo(reason.get("key"));
        reason.forEach((figure, value) -> {
            if (!figure.equals("key")) {
                assertThat(plan.reason().values()).as(figure).containsEntry(figure, (Long) value);
            }
        });
        assertThat(plan.reachesTarget()).isEqualTo(reason.get("key").equals(ReasonKeys.PLAN_REACHES));
    }

    @Test
    void theLastDaysQuartersAreCountedInInstants() {
        ChargePlan shortDay = ChargePlanner.plan(new Situation("2026-03-28T18:00", "2026-03-29T07:00",
                car(64, 25, 75, 0, "1")).prices("00:00-00:00 0.20").peak(2500).request());
        ChargePlan longDay = ChargePlanner.plan(new Situation("2026-10-24T18:00", "2026-10-25T07:00",
                car(64, 25, 75, 0, "1")).prices("00:00-00:00 0.20").peak(2500).request());

        assertThat(shortDay.quarters()).hasSize(48);
        assertThat(longDay.quarters()).hasSize(56);
        assertThat(shortDay.expectedSocPercent()).isEqualTo(71);     // 25 + 30 / 64 = 71.9 %
        assertThat(longDay.expectedSocPercent()).isEqualTo(75);
    }

    @Test
    void theFirstQuarterCountsOnlyItsRemainingSecondsAndThePowerIsTheirAverage() {
        // now 18:06: 540 s of the 18:00 quarter; 1.5 kWh in them is 10 kW
        ChargePlan plan = ChargePlanner.plan(new Situation("2026-11-24T18:06", "2026-11-24T19:00",
                car(60, 10, 15, 0, "1")).prices("07:00-22:00 0.30").request());

        PlannedQuarter first = plan.quarters().get(0);
        assertThat(first.seconds()).isEqualTo(540);
        assertThat(first.energyWh()).isEqualTo(1500);
        assertThat(first.power()).isEqualTo(Power.ofWatts(10_000));
        assertThat(plan.powerAt(local("2026-11-24T18:10"))).isEqualTo(Power.ofWatts(10_000));
        assertThat(plan.powerAt(local("2026-11-24T19:00"))).isEqualTo(Power.ZERO);
    }

    @Test
    void belowTheMinimumTheChargerRunsPartTimeAndUsesOnlyTheSunThatFallsThen() {
        // 2 kW of free sun (500 Wh a quarter) on a charger whose minimum is 4 kW: to take 500 Wh it runs at 4 kW
        // for half the quarter, in which half of the sun falls: 250 Wh solar at 0.05 €, 250 Wh grid at 0.30 €
        var limits = new ChargerLimits(Power.ofWatts(4000), Power.ofWatts(10_000));
        var situation = new Situation("2026-06-10T12:00", "2026-06-10T12:15", car(50, 40, 41, 0, "1"))
                .prices("12:00-13:00 0.30").injection("0.05").solar("12:00-13:00 500");

        ChargePlan plan = ChargePlanner.plan(situation.request(limits));

        PlannedQuarter q = plan.quarters().get(0);
        assertThat(q.energyWh()).isEqualTo(500);
        assertThat(q.solarWh()).isEqualTo(250);
        assertThat(q.gridWh()).isEqualTo(250);
        assertThat(q.cost()).isEqualByComparingTo("0.0875");       // 0.25 × 0.05 + 0.25 × 0.30
        assertThat(q.power()).isEqualTo(Power.ofWatts(2000));
    }

    @Test
    void theDepartureInThePastOrTheTargetReachedAreSaidSo() {
        ChargePlan passed = ChargePlanner.plan(new Situation("2026-11-24T18:00", "2026-11-24T18:00",
                car(60, 20, 80, 0, "1")).prices("07:00-22:00 0.30").request());
        ChargePlan reached = ChargePlanner.plan(new Situation("2026-11-24T18:00", "2026-11-24T19:00",
                car(60, 80, 80, 0, "1")).prices("07:00-22:00 0.30").request());

        assertThat(passed.reachesTarget()).isFalse();
        assertThat(passed.reason().key()).isEqualTo(ReasonKeys.PLAN_DEPARTURE_PASSED);
        assertThat(passed.reason().values()).containsEntry("neededWh", 36_000L);
        assertThat(reached.reachesTarget()).isTrue();
        assertThat(reached.reason().key()).isEqualTo(ReasonKeys.PLAN_ALREADY_REACHED);
        assertThat(reached.quarters()).hasSize(4).allMatch(q -> q.energyWh() == 0);
    }

    @Test
    void aMissingQuarterOrAnInjectionPriceAboveThePriceIsNamed() {
        var situation = new Situation("2026-11-24T18:00", "2026-11-24T19:00", car(60, 20, 80, 0, "1"))
                .prices("07:00-22:00 0.30");
        List<QuarterOutlook> three = situation.outlook().subList(0, 3);

        assertThatThrownBy(() -> ChargePlanner.plan(new PlanRequest(local("2026-11-24T18:00"),
                local("2026-11-24T19:00"), situation.car, CHARGER, Power.ofWatts(2500), three)))
                .hasMessageContaining("no outlook for quarter 2026-11-24T17:45:00Z");
        assertThatThrownBy(() -> new QuarterOutlook(Quarter.containing(local("2026-11-24T18:00")),
                new BigDecimal("0.10"), new BigDecimal("0.12"), 0, Power.ZERO))
                .hasMessageContaining("injection price 0.12 €/kWh is above the price 0.10 €/kWh");
        assertThatThrownBy(() -> new Car(60_000, 20, 120, 0, BigDecimal.ONE))
                .hasMessage("car.targetPercent must be 0–100, not 120");
    }

    @Test
    void thePeakLimitIsTheMonthsPeakButNeverBelow2500Watts() {
        assertThat(ChargePlanner.peakLimit(Power.ofWatts(1800))).isEqualTo(Power.ofWatts(2500));
        assertThat(ChargePlanner.peakLimit(Power.ofWatts(4200))).isEqualTo(Power.ofWatts(4200));
    }

    /** The plan's charging as local periods with their average power, equal neighbours joined. */
    static String periods(ChargePlan plan) {
        var out = new ArrayList<String>();
        Instant start = null;
        Instant end = null;
        long watts = 0;
        for (PlannedQuarter q : plan.quarters()) {
            long w = q.power().watts();
            if (start != null && (w != watts || !q.from().equals(end))) {
                out.add(period(start, end, watts));
                start = null;
            }
            if (w > 0 && start == null) {
                start = q.from();
                watts = w;
            }
            end = q.to();
        }
        if (start != null) {
            out.add(period(start, end, watts));
        }
        return String.join(", ", out);
    }

    private static String period(Instant from, Instant to, long watts) {
        return hhmm(from) + "-" + hhmm(to) + " " + watts + " W";
    }

    private static String hhmm(Instant t) {
        return t.atZone(BRUSSELS).toLocalTime().toString();
    }

    static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(BRUSSELS).toInstant();
    }

    static Car car(long kwh, int soc, int target, int normal, String efficiency) {
        return new Car(kwh * 1000, soc, target, normal, new BigDecimal(efficiency));
    }

    /** A situation in local time: prices, solar and load by local time spans, as a person writes them down. */
    static final class Situation {
        final Instant now;
        final Instant departure;
        final Car car;
        private final List<String> prices = new ArrayList<>();
        private final List<String> solar = new ArrayList<>();
        private final List<String> loads = new ArrayList<>();
        private String injection = "0";
        private long load;
        private long peakW = 50_000;

        Situation(String now, String departure, Car car) {
            this.now = local(now);
            this.departure = local(departure);
            this.car = car;
        }

        Situation prices(String... spans) {
            prices.addAll(List.of(spans));
            return this;
        }

        Situation injection(String price) {
            injection = price;
            return this;
        }

        Situation solar(String... spans) {
            solar.addAll(List.of(spans));
            return this;
        }

        Situation load(long watts) {
            load = watts;
            return this;
        }

        Situation load(String span) {
            loads.add(span);
            return this;
        }

        Situation peak(long watts) {
            peakW = watts;
            return this;
        }

        PlanRequest request() {
            return request(CHARGER);
        }

        PlanRequest request(ChargerLimits limits) {
            return new PlanRequest(now, departure, car, limits, Power.ofWatts(peakW), outlook());
        }

        List<QuarterOutlook> outlook() {
            var out = new ArrayList<QuarterOutlook>();
            for (Quarter q = Quarter.containing(now); q.start().isBefore(departure); q = q.plus(1)) {
                LocalTime t = q.start().atZone(BRUSSELS).toLocalTime();
                String price = find(prices, t, null);
                if (price == null) {
                    throw new IllegalStateException("no price at " + t);
                }
                long loadW = Long.parseLong(find(loads, t, "" + load));
                out.add(new QuarterOutlook(q, new BigDecimal(price), new BigDecimal(injection),
                        Long.parseLong(find(solar, t, "0")), Power.ofWatts(loadW)));
            }
            return out;
        }

        /** The value of the span "HH:MM-HH:MM value" holding t; a span whose end is not after its start wraps. */
        private static String find(List<String> spans, LocalTime t, String otherwise) {
            for (String span : spans) {
                String[] parts = span.split(" ");
                LocalTime from = LocalTime.parse(parts[0].substring(0, 5));
                LocalTime to = LocalTime.parse(parts[0].substring(6));
                boolean in = from.isBefore(to) ? !t.isBefore(from) && t.isBefore(to)
                        : !t.isBefore(from) || t.isBefore(to);
                if (in) {
                    return parts[1];
                }
            }
            return otherwise;
        }

        @Override
        public String toString() {
            return "situation";
        }
    }
}
