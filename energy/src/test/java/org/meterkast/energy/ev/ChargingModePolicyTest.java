package org.meterkast.energy.ev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.OfferCurrent;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

/**
 * Each mode over a timeline: one snapshot per row (seconds from the start, the site's grid power, what the charger
 * draws) and the command expected back: the current, the phases and the reason with the figures it must name.
 * "surplus" in the comments is −grid + draw. The charger is taken to follow each command: the next row's reading
 * shows the phases and the current last offered.
 */
class ChargingModePolicyTest {
    private static final Instant START = Instant.parse("2026-06-10T10:00:00Z");
    private static final CurrentRange SIX_TO_SIXTEEN = new CurrentRange(6, 16);

    @Test
    void solarStartsAfterAMinuteOfSurplusAndStopsAfterThreeMinutesShort() {
        // one phase, 6-16 A: the minimum is 6 × 230 = 1,380 W
        run(new Setup(SIX_TO_SIXTEEN, false, 1), """
            # t | mode  | status    | grid  | draw | planned | session | A   | ph | reason
              0 | SOLAR | CONNECTED | -1000 |    0 |       0 |       0 | 0   | 1  | ev.paused.surplusBelowMinimum surplusW=1000 minimumW=1380 forSeconds=0
             30 | SOLAR | CONNECTED | -1500 |    0 |       0 |       0 | 0   | 1  | ev.solar.waitingToStart surplusW=1500 minimumW=1380 forSeconds=0 delaySeconds=60
             60 | SOLAR | CONNECTED | -1400 |    0 |       0 |       0 | 0   | 1  | ev.solar.waitingToStart forSeconds=30
            # a minute of surplus: 1,600 W / 230 V = 6.96 A, offered in tenths below: 6.9 A = 1,587 W
             90 | SOLAR | CONNECTED | -1600 |    0 |       0 |       0 | 6.9 | 1  | ev.solar.charging surplusW=1600 powerW=1587
            # surplus 500 + 1,587 = 2,087 W: 9.07 A
            120 | SOLAR | CHARGING  |  -500 | 1587 |       0 |       0 | 9.0 | 1  | ev.solar.charging surplusW=2087 powerW=2070
            # a cloud: surplus 2,070 − 700 = 1,370 W, under 1,380: hold 6 A, the stop delay starts
            150 | SOLAR | CHARGING  |   700 | 2070 |       0 |       0 | 6.0 | 1  | ev.solar.holdingMinimum surplusW=1370 minimumW=1380 forSeconds=0 delaySeconds=180
            240 | SOLAR | CHARGING  |   400 | 1380 |       0 |       0 | 6.0 | 1  | ev.solar.holdingMinimum surplusW=980 forSeconds=90
            # the sun is back before three minutes: follow it again, the delay is forgotten
            300 | SOLAR | CHARGING  |  -100 | 1380 |       0 |       0 | 6.4 | 1  | ev.solar.charging surplusW=1480 powerW=1472
            330 | SOLAR | CHARGING  |   300 | 1472 |       0 |       0 | 6.0 | 1  | ev.solar.holdingMinimum surplusW=1172 forSeconds=0
            # three minutes short: pause
            510 | SOLAR | CHARGING  |   300 | 1380 |       0 |       0 | 0   | 1  | ev.paused.surplusBelowMinimum surplusW=1080 minimumW=1380 forSeconds=180
            # "paused: 1.1 kW surplus, below the 1.4 kW minimum for 5 min"
            630 | SOLAR | PAUSED    | -1100 |    0 |       0 |       0 | 0   | 1  | ev.paused.surplusBelowMinimum surplusW=1100 minimumW=1380 forSeconds=300
            """);
    }

    @Test
    void solarWithMarginsStartsLaterAndStopsLater() {
        // start at 1,380 + 500 W of surplus; stop only below 1,380 − 1,000 = 380 W (up to 1 kW from the grid); no delays
        var settings = new SolarSettings(500, 1000, java.time.Duration.ZERO, java.time.Duration.ZERO,
                java.time.Duration.ZERO, java.time.Duration.ZERO);
        run(new ChargingModePolicy(settings), new Setup(SIX_TO_SIXTEEN, false, 1), """
            # t | mode  | status    | grid  | draw | planned | session | A   | ph | reason
              0 | SOLAR | CONNECTED | -1800 |    0 |       0 |       0 | 0   | 1  | ev.paused.surplusBelowMinimum surplusW=1800 minimumW=1880
             10 | SOLAR | CONNECTED | -1900 |    0 |       0 |       0 | 8.2 | 1  | ev.solar.charging surplusW=1900 powerW=1886
            # surplus 1,886 − 1,400 = 486 W: still above 380, so it holds 6 A and takes 894 W from the grid
             20 | SOLAR | CHARGING  |  1400 | 1886 |       0 |       0 | 6.0 | 1  | ev.solar.charging surplusW=486 powerW=1380
             30 | SOLAR | CHARGING  |  1010 | 1380 |       0 |       0 | 0   | 1  | ev.paused.surplusBelowMinimum surplusW=370 minimumW=1880
            """);
    }

    @Test
    void solarSwitchesPhasesWithItsOwnDelays() {
        // a switchable 3-phase charger, 6-16 A: one phase 1,380-3,680 W, three phases 4,140-11,040 W
        run(new Setup(SIX_TO_SIXTEEN, true, 3), """
            # t | mode  | status    | grid  | draw | planned | session | A    | ph | reason
              0 | SOLAR | CONNECTED | -5000 |    0 |       0 |       0 | 0    | 1  | ev.solar.waitingToStart surplusW=5000 minimumW=1380
            # 5,000 W fills three phases (over 4,140 and more than one phase's 3,680): it starts on three, 7.2 A
             60 | SOLAR | CONNECTED | -5000 |    0 |       0 |       0 | 7.2  | 3  | ev.solar.charging surplusW=5000 powerW=4968
             90 | SOLAR | CHARGING  | -1000 | 4968 |       0 |       0 | 8.6  | 3  | ev.solar.charging surplusW=5968 powerW=5934
            # 3,934 W cannot fill three phases: hold their minimum while the three-minute phase delay runs
            120 | SOLAR | CHARGING  |  2000 | 5934 |       0 |       0 | 6.0  | 3  | ev.solar.charging surplusW=3934 powerW=4140
            240 | SOLAR | CHARGING  |   206 | 4140 |       0 |       0 | 6.0  | 3  | ev.solar.charging surplusW=3934
            # three minutes: one phase, at most 16 A = 3,680 W
            300 | SOLAR | CHARGING  |   206 | 4140 |       0 |       0 | 16.0 | 1  | ev.phases.toOne surplusW=3934 minimumW=4140 forSeconds=180
            # 4,680 W is more than one phase holds: a minute later, three phases at 6.7 A
            330 | SOLAR | CHARGING  | -1000 | 3680 |       0 |       0 | 16.0 | 1  | ev.solar.charging surplusW=4680 powerW=3680
            390 | SOLAR | CHARGING  | -1000 | 3680 |       0 |       0 | 6.7  | 3  | ev.phases.toThree surplusW=4680 maximumW=3680 forSeconds=60
            """);
    }

    @Test
    void minSolarNeverGoesBelowTheMinimum() {
        // a 3-phase charger that cannot switch: 4,140 to 11,040 W
        run(new Setup(SIX_TO_SIXTEEN, false, 3), """
            # t | mode      | status    | grid  | draw  | planned | session | A    | ph | reason
              0 | MIN_SOLAR | CONNECTED |   500 |     0 |       0 |       0 | 6.0  | 3  | ev.minSolar.minimum surplusW=-500 minimumW=4140
             10 | MIN_SOLAR | CHARGING  |  4000 |  4140 |       0 |       0 | 6.0  | 3  | ev.minSolar.minimum surplusW=140 minimumW=4140
            # 2,000 + 4,140 = 6,140 W: 8.9 A would be 6,141 W, so 8.8 A = 6,072 W
             20 | MIN_SOLAR | CHARGING  | -2000 |  4140 |       0 |       0 | 8.8  | 3  | ev.minSolar.surplus surplusW=6140 powerW=6072
             30 | MIN_SOLAR | CHARGING  | -6000 |  6072 |       0 |       0 | 16.0 | 3  | ev.minSolar.surplus surplusW=12072 powerW=11040
            """);
    }

    @Test
    void nowIsFullPowerOnThreePhasesAndOffIsZero() {
        run(new Setup(SIX_TO_SIXTEEN, true, 3), """
            # t | mode | status    | grid | draw  | planned | session | A    | ph | reason
              0 | NOW  | CONNECTED |  300 |     0 |       0 |       0 | 16.0 | 3  | ev.now powerW=11040 phases=3
             10 | OFF  | CHARGING  | 11340| 11040 |       0 |       0 | 0    | 3  | ev.off
            """);
        run(new Setup(SIX_TO_SIXTEEN, false, 1), """
            # t | mode | status    | grid | draw  | planned | session | A    | ph | reason
              0 | NOW  | CONNECTED |  300 |     0 |       0 |       0 | 16.0 | 1  | ev.now powerW=3680 phases=1
            """);
    }

    @Test
    void aChargerWithoutAnEvGetsNoCommandAndItsTimersStartAfresh() {
        run(new Setup(SIX_TO_SIXTEEN, false, 1), """
            # t | mode  | status    | grid  | draw | planned | session | A | ph | reason
              0 | SOLAR | CONNECTED | -2000 |    0 |       0 |       0 | 0 | 1  | ev.solar.waitingToStart forSeconds=0
             30 | SOLAR | CONNECTED | -2000 |    0 |       0 |       0 | 0 | 1  | ev.solar.waitingToStart forSeconds=30
             40 | SOLAR | STANDBY   | -2000 |    0 |       0 |       0 | - | -  | -
             50 | SOLAR | ERROR     | -2000 |    0 |       0 |       0 | - | -  | -
             55 | SOLAR | STARTING  | -2000 |    0 |       0 |       0 | - | -  | -
             60 | SOLAR | CONNECTED | -2000 |    0 |       0 |       0 | 0 | 1  | ev.solar.waitingToStart forSeconds=0
            # a change of mode starts afresh too; a charger already charging goes on from the surplus without a
            # start delay: 2,000 W is 8.69 A, offered 8.6 A
             70 | NOW   | CONNECTED | -2000 |    0 |       0 |       0 | 16.0 | 1 | ev.now
             80 | SOLAR | CHARGING  |  1680 | 3680 |       0 |       0 | 8.6  | 1 | ev.solar.charging surplusW=2000 powerW=1978
            """);
    }

    @Test
    void planChargesAtThePlannedPowerOnAsFewPhasesAsHoldIt() {
        run(new Setup(SIX_TO_SIXTEEN, true, 3), """
            # t | mode | status    | grid | draw  | planned | session | A    | ph | reason
              0 | PLAN | CONNECTED |  300 |     0 |   11040 |       0 | 16.0 | 3  | ev.plan.charging plannedW=11040 powerW=11040
            # 2,000 W fits one phase: 8.69 A, offered 8.6 A = 1,978 W
            900 | PLAN | CHARGING  | 11340| 11040 |    2000 |    2760 | 8.6  | 1  | ev.plan.charging plannedW=2000 powerW=1978
           1800 | PLAN | CHARGING  | 2278 |  1978 |       0 |    3255 | 0    | 1  | ev.plan.idle
            """);
    }

    @Test
    void planBelowTheMinimumRunsAtTheMinimumUntilTheQuartersShareIsIn() {
        // a 3-phase charger that cannot switch, minimum 4,140 W; the plan gives the quarter 2,000 W = 500 Wh
        run(new Setup(SIX_TO_SIXTEEN, false, 3), """
            # t  | mode | status    | grid | draw | planned | session | A   | ph | reason
               0 | PLAN | CONNECTED |  300 |    0 |    2000 |   10000 | 6.0 | 3  | ev.plan.belowMinimum plannedW=2000 minimumW=4140 deliveredWh=0 dueWh=500
             300 | PLAN | CHARGING  | 4440 | 4140 |    2000 |   10345 | 6.0 | 3  | ev.plan.belowMinimum deliveredWh=345 dueWh=500
            # 435 s at 4,140 W is 500 Wh: the quarter's share is in
             435 | PLAN | CHARGING  | 4440 | 4140 |    2000 |   10500 | 0   | 3  | ev.plan.quarterDone plannedW=2000 deliveredWh=500
             600 | PLAN | PAUSED    |  300 |    0 |    2000 |   10500 | 0   | 3  | ev.plan.quarterDone deliveredWh=500
            # the next quarter begins: another 500 Wh
             900 | PLAN | PAUSED    |  300 |    0 |    2000 |   10500 | 6.0 | 3  | ev.plan.belowMinimum deliveredWh=0 dueWh=500
            # a plan that begins half-way through a quarter owes only that half: 2,000 W × 450 s = 250 Wh
            2250 | PLAN | CHARGING  | 4440 | 4140 |    2000 |   11000 | 6.0 | 3  | ev.plan.belowMinimum deliveredWh=0 dueWh=250
            """);
    }

    @Test
    void twoChargersFollowingTheSunShareTheSurplusInTheirOrder() {
        var policy = new ChargingModePolicy(SolarSettings.DEFAULTS);
        var a = charger("a", ChargingMode.MIN_SOLAR, ChargerStatus.EV_CONNECTED, 0, 1, false, 1);
        var b = charger("b", ChargingMode.MIN_SOLAR, ChargerStatus.EV_CONNECTED, 0, 1, false, 1);

        List<Command> commands = policy.decide(site(START, -3000, List.of(a, b)));

        // "a" takes 3,000 W: 13.0 A = 2,990 W; 10 W is left for "b", which holds its minimum
        assertThat(commands).extracting(c -> ((OfferCurrent) c).amps()).containsExactly(13.0, 6.0);
        assertThat(commands.get(1).reason().values()).containsEntry("surplusW", 10L);
    }

    // --- the timeline harness

    private record Setup(CurrentRange range, boolean canSwitchPhases, int maxPhases) {
    }

    private static void run(Setup setup, String table) {
        run(new ChargingModePolicy(SolarSettings.DEFAULTS), setup, table);
    }

    /** Feeds the table's snapshots in order and checks each command; the charger follows the last command. */
    private static void run(ChargingModePolicy policy, Setup setup, String table) {
        int phases = setup.canSwitchPhases() ? 1 : setup.maxPhases();
        double offered = 0;
        for (String line : table.strip().split("\n")) {
            String row = line.strip();
            if (row.isEmpty() || row.startsWith("#")) {
                continue;
            }
            String[] f = row.split("\\|");
            long t = Long.parseLong(f[0].strip());
            ChargingMode mode = ChargingMode.valueOf(f[1].strip());
            String statusText = f[2].strip();
            ChargerStatus status = statusText.equals("CONNECTED") ? ChargerStatus.EV_CONNECTED
                    : ChargerStatus.valueOf(statusText);
            long grid = Long.parseLong(f[3].strip());
            long draw = Long.parseLong(f[4].strip());
            long planned = Long.parseLong(f[5].strip());
            long session = Long.parseLong(f[6].strip());
            Instant at = START.plusSeconds(t);
            var reading = new ChargerReading(at, status, Power.ofWatts(draw), phases, session, offered);
            var charger = new ChargerSnapshot("cp-1", reading, mode, setup.range(), setup.canSwitchPhases(),
                    setup.maxPhases(), Power.ofWatts(planned));
            List<Command> commands = policy.decide(site(at, grid, List.of(charger)));

            String label = "t=" + t + " s: " + commands;
            if (f[7].strip().equals("-")) {
                assertThat(commands).as(label).isEmpty();
                continue;
            }
            assertThat(commands).as(label).hasSize(1);
            OfferCurrent offer = (OfferCurrent) commands.get(0);
            assertThat(offer.device()).isEqualTo("cp-1");
            assertThat(offer.amps()).as(label).isEqualTo(Double.parseDouble(f[7].strip()));
            assertThat(offer.phases()).as(label).isEqualTo(Integer.parseInt(f[8].strip()));
            String[] reason = f[9].strip().split("\\s+");
            assertThat(offer.reason().key()).as(label).isEqualTo(reason[0]);
            for (int i = 1; i < reason.length; i++) {
                String[] figure = reason[i].split("=");
                assertThat(offer.reason().values()).as(label).containsEntry(figure[0], Long.parseLong(figure[1]));
            }
            phases = offer.phases();
            offered = offer.amps();
        }
    }

    private static ChargerSnapshot charger(String device, ChargingMode mode, ChargerStatus status, long drawW,
                                           int phases, boolean canSwitch, int maxPhases) {
        var reading = new ChargerReading(START, status, Power.ofWatts(drawW), phases, 0, 0);
        return new ChargerSnapshot(device, reading, mode, SIX_TO_SIXTEEN, canSwitch, maxPhases, Power.ZERO);
    }

    static SiteSnapshot site(Instant at, long gridW, List<ChargerSnapshot> chargers) {
        return new SiteSnapshot(at, Power.ofWatts(gridW), 0, 0, Power.ZERO, Power.ofWatts(2500), chargers);
    }
}
