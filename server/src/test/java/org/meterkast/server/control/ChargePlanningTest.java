package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.ChargerLimits;
import org.meterkast.energy.ev.QuarterOutlook;
import org.meterkast.energy.quarter.Quarter;

/**
 * When a charger's plan is made again (the quarter, the preferences, the session, a reported charge; not every
 * cycle), the car's charge it starts from, the departure it plans for, and a plan that cannot be made.
 */
class ChargePlanningTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final ChargerLimits CHARGER = new ChargerLimits(Power.ofWatts(4140), Power.ofWatts(11_040));

    /** An outlook of flat prices, no sun and no load, counting how often it is asked; it can be made to fail. */
    static final class CountingOutlook extends PlanOutlook {
        final AtomicInteger asked = new AtomicInteger();
        volatile RuntimeException failure;

        CountingOutlook() {
            super(null, null, null, null, null, null);
        }

        @Override
        Outlook of(String meter, Quarter first, int count, Instant now) {
            asked.incrementAndGet();
            if (failure != null) {
                throw failure;
            }
            List<QuarterOutlook> quarters = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                quarters.add(new QuarterOutlook(first.plus(i), new BigDecimal("0.30"), new BigDecimal("0.05"), 0,
                        Power.ZERO));
            }
            return new Outlook(quarters, List.of());
        }
    }

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    private static ChargerPreferences plan(int target, String departure, Integer soc) {
        return new ChargerPreferences(ChargingMode.PLAN, target, LocalTime.parse(departure), null,
                new BigDecimal("60"), soc, ChargerPreferences.DEFAULT_CONSUMPTION);
    }

    private static ChargePlans.Seen seen(ChargerPreferences preferences, ChargerStatus status, long sessionWh,
                                         Integer reportedSoc) {
        ChargerReading reading = new ChargerReading(Instant.EPOCH, status, Power.ZERO, 3, sessionWh, 0);
        return new ChargePlans.Seen("home", 7, "carport", preferences, reading, CHARGER, reportedSoc,
                Power.ofWatts(2500));
    }

    private final CountingOutlook outlook = new CountingOutlook();
    private final ChargePlanning planning = new ChargePlanning(outlook);

    @Test
    void aPlanIsMadeAgainWhenTheQuarterThePreferencesTheSessionOrTheReportedChargeChange() {
        ChargerPreferences goal = plan(80, "07:00", 30);
        ChargePlans.Seen connected = seen(goal, ChargerStatus.EV_CONNECTED, 0, null);

        planning.planned(connected, local("2026-11-24T22:05:00"));
        planning.planned(connected, local("2026-11-24T22:05:05"));
        planning.planned(connected, local("2026-11-24T22:14:59"));
        assertThat(outlook.asked).as("cycles within one quarter keep the plan").hasValue(1);

        planning.planned(connected, local("2026-11-24T22:15:00"));
        assertThat(outlook.asked).as("a new quarter").hasValue(2);

        planning.planned(seen(plan(90, "07:00", 30), ChargerStatus.CHARGING, 500, null), local("2026-11-24T22:15:05"));
        assertThat(outlook.asked).as("other preferences").hasValue(3);

        planning.planned(seen(plan(90, "07:00", 30), ChargerStatus.CHARGING, 900, null), local("2026-11-24T22:15:10"));
        assertThat(outlook.asked).as("charging on within the session and quarter").hasValue(3);

        planning.planned(seen(plan(90, "07:00", 30), ChargerStatus.CHARGING, 900, 45), local("2026-11-24T22:15:15"));
        assertThat(outlook.asked).as("the charger reports the car's charge").hasValue(4);

        planning.planned(seen(plan(90, "07:00", 30), ChargerStatus.STANDBY, 0, null), local("2026-11-24T22:15:20"));
        assertThat(outlook.asked).as("the session ended").hasValue(5);
        planning.planned(seen(plan(90, "07:00", 30), ChargerStatus.STANDBY, 0, null), local("2026-11-24T22:15:25"));
        assertThat(outlook.asked).hasValue(5);
    }

    @Test
    void theCarsChargeIsTheReportedOneElseTheEnteredOnePlusWhatTheSessionChargedSince() {
        // 60 kWh at 90 %: 10,000 Wh charged add 10,000 × 0.9 / 600 = 15 %
        planning.planned(seen(plan(80, "07:00", 30), ChargerStatus.CHARGING, 10_000, null),
                local("2026-11-24T22:05"));
        ChargePlanning.PlanView view = planning.view(7, "carport", plan(80, "07:00", 30), local("2026-11-24T22:05"));
        assertThat(view.start().socSource()).isEqualTo("entered");
        assertThat(view.start().socPercent()).isEqualTo(45);

        // the household enters 50 % at 10,000 Wh into the session: from there, 6,000 Wh more add 9 %
        planning.planned(seen(plan(80, "07:00", 50), ChargerStatus.CHARGING, 10_000, null),
                local("2026-11-24T22:06"));
        planning.planned(seen(plan(80, "07:00", 50), ChargerStatus.CHARGING, 16_000, null),
                local("2026-11-24T22:15"));
        assertThat(planning.view(7, "carport", plan(80, "07:00", 50), local("2026-11-24T22:15")).start().socPercent())
                .isEqualTo(59);

        // a new session: the entered 50 % counts from its start
        planning.planned(seen(plan(80, "07:00", 50), ChargerStatus.STANDBY, 0, null), local("2026-11-24T22:20"));
        planning.planned(seen(plan(80, "07:00", 50), ChargerStatus.EV_CONNECTED, 0, null), local("2026-11-24T22:21"));
        planning.planned(seen(plan(80, "07:00", 50), ChargerStatus.CHARGING, 4_000, null), local("2026-11-24T22:30"));
        assertThat(planning.view(7, "carport", plan(80, "07:00", 50), local("2026-11-24T22:30")).start().socPercent())
                .isEqualTo(56);

        // the car's own figure wins
        planning.planned(seen(plan(80, "07:00", 50), ChargerStatus.CHARGING, 4_000, 62), local("2026-11-24T22:31"));
        ChargePlanning.PlanView reported = planning.view(7, "carport", plan(80, "07:00", 50),
                local("2026-11-24T22:31"));
        assertThat(reported.start().socSource()).isEqualTo("reported");
        assertThat(reported.start().socPercent()).isEqualTo(62);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                  | entered % | charged Wh | battery Wh | charge %
          nothing charged                       |        30 |          0 |     60000 |       30
        # 10,000 × 0.9 × 100 / 60,000 = 15
          10 kWh into 60 kWh                    |        30 |      10000 |     60000 |       45
        # 1,000 × 0.9 × 100 / 60,000 = 1.5, rounded down
          rounded down                          |        30 |       1000 |     60000 |       31
          never above 100                       |        90 |      20000 |     60000 |      100
          a session counter gone back counts 0  |        30 |       -500 |     60000 |       30
        """)
    void theEnteredChargePlusTheEnergySince(String name, int entered, long chargedWh, long batteryWh, int expected) {
        assertThat(ChargePlanning.socNow(entered, chargedWh, batteryWh)).isEqualTo(expected);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                    | now (Brussels)   | departure | expected (UTC)
          this evening, leaving tomorrow morning  | 2026-11-24T18:06 | 07:00     | 2026-11-25T06:00:00Z
          this morning, leaving later today       | 2026-11-24T06:30 | 07:00     | 2026-11-24T06:00:00Z
          at the departure itself: the next day   | 2026-11-24T07:00 | 07:00     | 2026-11-25T06:00:00Z
        # summer time begins on 29 March 2026: 07:00 CEST is 05:00 UTC
          the night the clocks go forward         | 2026-03-28T22:00 | 07:00     | 2026-03-29T05:00:00Z
        # 02:30 does not exist on 29 March: the clock goes from 02:00 to 03:00, so 03:30 CEST
          a departure in the skipped hour         | 2026-03-29T01:00 | 02:30     | 2026-03-29T01:30:00Z
        # winter time on 25 October 2026: 07:00 CET is 06:00 UTC
          the night the clocks go back            | 2026-10-24T22:00 | 07:00     | 2026-10-25T06:00:00Z
        """)
    void theDepartureIsItsNextTimeOfDay(String name, String now, String departure, Instant expected) {
        assertThat(ChargePlanning.departure(local(now), plan(80, departure, 30))).isEqualTo(expected);
    }

    @Test
    void aPlanThatCannotBeMadeIsCountedShownAndTriedAgainTheNextQuarter() {
        outlook.failure = new IllegalStateException("the store is closed");
        ChargePlans.Seen connected = seen(plan(80, "07:00", 30), ChargerStatus.EV_CONNECTED, 0, null);

        assertThat(planning.planned(connected, local("2026-11-24T22:05"))).isEqualTo(Power.ZERO);
        assertThat(planning.planned(connected, local("2026-11-24T22:10"))).isEqualTo(Power.ZERO);
        ChargePlanning.PlanView failed = planning.view(7, "carport", plan(80, "07:00", 30), local("2026-11-24T22:10"));
        assertThat(failed.state()).isEqualTo("error");
        assertThat(failed.error()).isEqualTo("java.lang.IllegalStateException: the store is closed");
        assertThat(failed.failures()).isEqualTo(1);
        assertThat(outlook.asked).as("not tried again within the quarter").hasValue(1);

        // mended: the next quarter plans; 30 % → 80 % of 60 kWh at 90 % is 33,334 Wh, at 2.5 kW
        // (the peak limit, no house load) from 22:15 on
        outlook.failure = null;
        assertThat(planning.planned(connected, local("2026-11-24T22:15"))).isEqualTo(Power.ofWatts(2500));
        assertThat(planning.view(7, "carport", plan(80, "07:00", 30), local("2026-11-24T22:15")).state())
                .isEqualTo("planned");
    }

    @Test
    void aChargerNotInModePlanOrWithoutAGoalPlansNothing() {
        ChargerPreferences now = ChargerPreferences.DEFAULTS;
        assertThat(planning.planned(seen(now, ChargerStatus.EV_CONNECTED, 0, null), local("2026-11-24T22:05")))
                .isEqualTo(Power.ZERO);
        assertThat(planning.view(7, "carport", now, local("2026-11-24T22:05")).state()).isEqualTo("notPlanMode");

        ChargerPreferences noBattery = new ChargerPreferences(ChargingMode.PLAN, 80, LocalTime.of(7, 0), null, null,
                null, ChargerPreferences.DEFAULT_CONSUMPTION);
        assertThat(planning.planned(seen(noBattery, ChargerStatus.EV_CONNECTED, 0, 40), local("2026-11-24T22:05")))
                .isEqualTo(Power.ZERO);
        // the charger reports the car's charge, so only the battery is missing
        assertThat(planning.view(7, "carport", noBattery, local("2026-11-24T22:05")).missing())
                .containsExactly("batteryKwh");
        assertThat(outlook.asked).hasValue(0);
    }
}
