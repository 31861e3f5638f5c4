package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class HouseholdTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final HouseholdSettings EVERYTHING = HouseholdSettings.defaults(7).withEv(EvSettings.DEFAULT)
            .withBattery(BatterySettings.DEFAULT).withBoiler(BoilerSettings.DEFAULT);

    private static Instant local(String dateTime) {
        return java.time.LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    /** Instants spread over two years, a few seconds apart in places so cycling appliances are caught mid-cycle. */
    private static List<Instant> instants(long seed, int count) {
        Random r = new Random(seed);
        List<Instant> out = new ArrayList<>();
        long from = Instant.parse("2024-01-01T00:00:00Z").getEpochSecond();
        for (int i = 0; i < count; i++) {
            long t = from + (long) (r.nextDouble() * 2 * 365 * 86_400);
            out.add(Instant.ofEpochSecond(t));
            out.add(Instant.ofEpochSecond(t + 1 + r.nextInt(30)));
        }
        return out;
    }

    @Test
    void theSameSeedGivesTheSamePowerAtEveryInstantWhateverTheOrder() {
        assertSameInAnyOrder(HouseholdSettings.defaults(1), instants(1, 1_000));
        // a battery's day is derived from the day before: a cold instant costs two days at minute resolution
        assertSameInAnyOrder(EVERYTHING, instants(2, 30));
    }

    private static void assertSameInAnyOrder(HouseholdSettings settings, List<Instant> instants) {
        Household forward = new Household(settings);
        List<HouseholdPower> first = instants.stream().map(forward::powerAt).toList();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < instants.size(); i++) {
            order.add(i);
        }
        Collections.shuffle(order, new Random(3));
        Household shuffled = new Household(settings);
        HouseholdPower[] second = new HouseholdPower[instants.size()];
        for (int i : order) {
            second[i] = shuffled.powerAt(instants.get(i));
        }
        assertThat(second).containsExactlyElementsOf(first);
        // and the first household, asked again after its cache has moved on, still agrees
        assertThat(forward.powerAt(instants.get(0))).isEqualTo(first.get(0));
    }

    @Test
    void aPowerDependsOnTheSecondOnly() {
        Household h = new Household(EVERYTHING);
        Instant t = local("2025-05-14T18:30:17");
        assertThat(h.powerAt(t.plusMillis(999)).netWatts()).isEqualTo(h.powerAt(t).netWatts());
    }

    @Test
    void differentSeedsGiveDifferentHouseholds() {
        Household one = new Household(HouseholdSettings.defaults(1));
        Household two = new Household(HouseholdSettings.defaults(2));
        Instant day = local("2025-04-09T00:00:00");
        int consumptionDiffers = 0;
        int solarDiffers = 0;
        for (int m = 0; m < 1_440; m++) {
            HouseholdPower a = one.powerAt(day.plusSeconds(m * 60L));
            HouseholdPower b = two.powerAt(day.plusSeconds(m * 60L));
            consumptionDiffers += a.consumptionWatts() != b.consumptionWatts() ? 1 : 0;
            solarDiffers += a.solarWatts() != b.solarWatts() ? 1 : 0;
        }
        assertThat(consumptionDiffers).isGreaterThan(700);
        assertThat(solarDiffers).isGreaterThan(500);
    }

    @Test
    void theBaseLoadAtNightIs150To350WattsWithTheFridgeAndFreezerCycling() {
        // without gas heating: its pump (60 W) runs on a cool summer night too
        Household h = new Household(HouseholdSettings.defaults(3).withGas(null));
        long min = Long.MAX_VALUE;
        long max = 0;
        for (LocalDate d = LocalDate.of(2025, 7, 1); d.getMonthValue() == 7; d = d.plusDays(1)) {
            Instant four = d.atTime(4, 0).atZone(BRUSSELS).toInstant();
            for (int s = 0; s < 3_600; s += 30) {
                long w = h.powerAt(four.plusSeconds(s)).consumptionWatts();
                min = Math.min(min, w);
                max = Math.max(max, w);
            }
        }
        assertThat(min).isBetween(120L, 180L);       // standby alone
        assertThat(max).isBetween(300L, 350L);       // standby, fridge and freezer together
    }

    @Test
    void cookingMakesTheEveningPeakAndWeekendMorningsDifferFromWeekdays() {
        Household h = new Household(HouseholdSettings.defaults(4));
        long evening = 0;
        long night = 0;
        long weekdayMorning = 0;
        long weekendMorning = 0;
        int weekdays = 0;
        int weekends = 0;
        for (LocalDate d = LocalDate.of(2025, 2, 1); d.isBefore(LocalDate.of(2025, 5, 1)); d = d.plusDays(1)) {
            boolean weekend = d.getDayOfWeek() == DayOfWeek.SATURDAY || d.getDayOfWeek() == DayOfWeek.SUNDAY;
            for (int m = 0; m < 90; m++) {
                evening += h.powerAt(d.atTime(18, 0).atZone(BRUSSELS).toInstant().plusSeconds(m * 60L)).consumptionWatts();
                night += h.powerAt(d.atTime(3, 0).atZone(BRUSSELS).toInstant().plusSeconds(m * 60L)).consumptionWatts();
            }
            long morning = 0;
            for (int m = 0; m < 120; m++) {
                morning += h.powerAt(d.atTime(10, 0).atZone(BRUSSELS).toInstant().plusSeconds(m * 60L)).consumptionWatts();
            }
            if (weekend) {
                weekendMorning += morning;
                weekends++;
            } else {
                weekdayMorning += morning;
                weekdays++;
            }
        }
        assertThat(evening).isGreaterThan(3 * night);
        assertThat(weekendMorning / weekends).isGreaterThan(weekdayMorning / weekdays * 3 / 2);
    }

    @Test
    void theCarChargesAtFullPowerInTheEveningAndTheBatteryShiftsTheSurplus() {
        Household h = new Household(EVERYTHING);
        long carEvenings = 0;
        long carMiddays = 0;
        long charged = 0;
        long discharged = 0;
        long batteryWhileExporting = 0;
        for (LocalDate d = LocalDate.of(2025, 6, 2); d.isBefore(LocalDate.of(2025, 6, 30)); d = d.plusDays(1)) {
            Instant midnight = d.atStartOfDay(BRUSSELS).toInstant();
            for (int m = 0; m < 1_440; m++) {
                HouseholdPower p = h.powerAt(midnight.plusSeconds(m * 60L));
                assertThat(p.evWatts()).isIn(0L, 7_400L);
                assertThat(p.batteryWatts()).isBetween(-5_000L, 5_000L);
                assertThat(p.batteryChargeWh()).isBetween(1_000L, 10_000L);
                if (p.evWatts() > 0) {
                    carEvenings += m >= 17 * 60 ? 1 : 0;
                    carMiddays += m >= 9 * 60 && m < 15 * 60 ? 1 : 0;
                }
                charged += Math.max(p.batteryWatts(), 0);
                discharged += Math.max(-p.batteryWatts(), 0);
                if (p.netWatts() < 0 && p.batteryWatts() < 0) {
                    batteryWhileExporting++;
                }
            }
        }
        assertThat(carEvenings).isGreaterThan(10 * 60);        // hours of charging over the month
        assertThat(carMiddays).isLessThan(carEvenings / 2);
        assertThat(charged).isGreaterThan(0);
        assertThat(discharged).isBetween(charged * 80 / 100, charged);  // losses, never more out than in
        assertThat(batteryWhileExporting).isZero();             // it never discharges into the grid
    }

    @Test
    void theBoilerHeatsOnSurplusInSummerAndAtNightInWinter() {
        Household h = new Household(HouseholdSettings.defaults(5).withBoiler(BoilerSettings.DEFAULT));
        long[] summer = boilerMinutes(h, LocalDate.of(2025, 7, 1));
        long[] winter = boilerMinutes(h, LocalDate.of(2025, 1, 1));
        // [solar window, night]; 30 days of about 5 kWh at 2.4 kW is about 3,750 minutes
        assertThat(summer[0]).isGreaterThan(summer[1]);
        assertThat(winter[1]).isGreaterThan(winter[0]);
        assertThat(summer[0] + summer[1]).isBetween(2_800L, 4_700L);
        assertThat(winter[0] + winter[1]).isBetween(2_800L, 4_700L);
    }

    private static long[] boilerMinutes(Household h, LocalDate from) {
        long[] minutes = new long[2];
        for (LocalDate d = from; d.isBefore(from.plusDays(30)); d = d.plusDays(1)) {
            Instant midnight = d.atStartOfDay(BRUSSELS).toInstant();
            for (int m = 0; m < 1_440; m++) {
                if (h.powerAt(midnight.plusSeconds(m * 60L)).boilerWatts() > 0) {
                    minutes[m >= 10 * 60 && m < 17 * 60 ? 0 : 1]++;
                }
            }
        }
        return minutes;
    }

    @Test
    void gasFollowsTheSeasonAndTheBoilerTakesOverTheShowers() {
        HouseholdSettings plain = HouseholdSettings.defaults(6);
        Household gasShowers = new Household(plain);
        Household boiler = new Household(plain.withBoiler(BoilerSettings.DEFAULT));
        assertThat(gasLitres(gasShowers, LocalDate.of(2025, 1, 6))).isGreaterThan(10 * gasLitres(gasShowers,
                LocalDate.of(2025, 7, 7)));
        long julyShowers = gasLitres(gasShowers, LocalDate.of(2025, 7, 7));
        assertThat(julyShowers).isGreaterThan(0);
        assertThat(gasLitres(boiler, LocalDate.of(2025, 7, 7))).isLessThan(julyShowers / 2);
        assertThat(gasShowers.meanTemperatureDeciC(LocalDate.of(2025, 1, 20)))
                .isLessThan(gasShowers.meanTemperatureDeciC(LocalDate.of(2025, 7, 20)));
    }

    /** A week of gas from a Monday, in litres, from the flows sampled every minute. */
    private static long gasLitres(Household h, LocalDate monday) {
        long litreSeconds = 0;
        Instant from = monday.atStartOfDay(BRUSSELS).toInstant();
        for (int m = 0; m < 7 * 1_440; m++) {
            litreSeconds += h.powerAt(from.plusSeconds(m * 60L)).gasLitresPerHour() * 60;
        }
        return litreSeconds / 3_600;
    }

    @Test
    void thePhasesAddUpAndSolarAndTheCarSitOnL1() {
        Household h = new Household(EVERYTHING);
        for (Instant t : instants(9, 40)) {
            HouseholdPower p = h.powerAt(t);
            assertThat(p.netL1Watts() + p.netL2Watts() + p.netL3Watts()).isEqualTo(p.netWatts());
            assertThat(p.netL1Watts()).isLessThanOrEqualTo(p.consumptionWatts() + p.evWatts() - p.solarWatts());
        }
    }
}
