package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargingMode;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.LimitPower;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

class PeakGuardChargersTest {
    // The peak limit 4 kW allows 1,000 Wh per quarter = 3,600,000 W·s. "house" = grid − charger.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                   | at                   | imported Wh | grid W | charger W | reaction s | limit W | reason
          quarter just started                   | 2026-01-12T18:00:00Z |           0 |    500 |         0 |          0 |    3500 | ev.peakGuard.limit
        # (1,000 − 500) Wh over the 450 s left is 4,000 W; less the 1,000 W the house draws: 3,000 W
          half-way, charger running              | 2026-01-12T18:07:30Z |         500 |   4000 |      3000 |          0 |    3000 | ev.peakGuard.limit
          budget already spent                   | 2026-01-12T18:10:00Z |        1000 |   2000 |      1500 |          0 |       0 | ev.peakGuard.limit
        # 3,600,000 W·s / 180 s = 20,000 W, plus the 2,000 W the house injects
          injecting, budget left                 | 2026-01-12T18:12:00Z |           0 |  -2000 |         0 |          0 |   22000 | ev.peakGuard.limit
        # the budget is spent, but charging from the 2,000 W injected imports nothing
          injecting, budget spent                | 2026-01-12T18:10:00Z |        1000 |  -2000 |         0 |          0 |    2000 | ev.peakGuard.exportOnly
        # 200 Wh over: the formula says −900 W; the 1,500 W the house injects besides the charger are still free
          injecting, over budget                 | 2026-01-12T18:10:00Z |        1200 |  -1000 |       500 |          0 |    1500 | ev.peakGuard.exportOnly
        # the chargers keep drawing for 10 s: 5,000 W × 10 s = 50,000 W·s; (1,800,000 − 50,000) / 440 s = 3,977 W,
        # less the house's 1,000 W
          half-way, 10 s to react                | 2026-01-12T18:07:30Z |         500 |   5000 |      4000 |         10 |    2977 | ev.peakGuard.limit
        # 5 s left, 10 s to react: whatever changes now lands in the next quarter; its limit is 4,000 − 1,000
          last seconds, budget left              | 2026-01-12T18:14:55Z |         500 |   1000 |         0 |         10 |    3000 | ev.peakGuard.nextQuarter
          last seconds, budget spent             | 2026-01-12T18:14:55Z |        1000 |   3000 |      2000 |         10 |    3000 | ev.peakGuard.nextQuarter
        # without the reaction time the last 5 s could take (1,000 − 990) Wh × 3,600 / 5 s = 7,200 W, less 1,000
          last seconds, no reaction time         | 2026-01-12T18:14:55Z |         990 |   1000 |         0 |          0 |    6200 | ev.peakGuard.limit
        """)
    void keepsTheQuarterAverageUnderThePeakLimit(String name, Instant at, long importedWh, long gridW, long chargerW,
                                                 long reactionS, long limitW, String reason) {
        var guard = new PeakGuard(Duration.ofSeconds(reactionS));
        var site = new SiteSnapshot(at, Power.ofWatts(gridW), importedWh, 0, Power.ZERO, Power.ofWatts(4000),
                List.of(charger("cp-1", ChargerStatus.CHARGING, chargerW)));

        List<Command> commands = guard.decide(site);

        assertThat(commands).singleElement().isInstanceOfSatisfying(LimitPower.class, limit -> {
            assertThat(limit.device()).isEqualTo("cp-1");
            assertThat(limit.max()).isEqualTo(Power.ofWatts(limitW));
            assertThat(limit.reason().key()).isEqualTo(reason);
            assertThat(limit.reason().values()).containsEntry("limitW", limitW).containsEntry("peakLimitW", 4000L);
        });
    }

    @Test
    void twoChargersShareTheHeadroomAndOneWithoutAnEvGetsNothing() {
        // quarter start, limit 4 kW; the house 1,000 W, two chargers at 1,000 W each: the cap for both is
        // 4,000 − 1,000 = 3,000 W, 1,000 W above their draw, 500 W each
        var site = new SiteSnapshot(Instant.parse("2026-01-12T18:00:00Z"), Power.ofWatts(3000), 0, 0, Power.ZERO,
                Power.ofWatts(4000), List.of(charger("a", ChargerStatus.CHARGING, 1000),
                charger("b", ChargerStatus.CHARGING, 1000), charger("c", ChargerStatus.STANDBY, 0)));

        List<Command> commands = new PeakGuard(Duration.ZERO).decide(site);

        assertThat(commands).extracting(Command::device).containsExactly("a", "b");
        assertThat(commands).extracting(c -> ((LimitPower) c).max()).containsExactly(Power.ofWatts(1500),
                Power.ofWatts(1500));
    }

    @Test
    void whenTheCapIsBelowOneChargersDrawTheOtherKeepsTheRest() {
        // cap 3,000 W for chargers drawing 4,000 and 0 W: shares 4,000 − 500 and −500 → the idle one gets 0 and
        // the running one the whole 3,000 W
        var site = new SiteSnapshot(Instant.parse("2026-01-12T18:00:00Z"), Power.ofWatts(5000), 0, 0, Power.ZERO,
                Power.ofWatts(4000), List.of(charger("a", ChargerStatus.CHARGING, 4000),
                charger("b", ChargerStatus.EV_CONNECTED, 0)));

        List<Command> commands = new PeakGuard(Duration.ZERO).decide(site);

        assertThat(commands).extracting(c -> ((LimitPower) c).max()).containsExactly(Power.ofWatts(3000),
                Power.ZERO);
    }

    @Test
    void aReactionTimeOfAQuarterOrMoreIsRefused() {
        assertThatThrownBy(() -> new PeakGuard(Duration.ofMinutes(15)))
                .hasMessage("reaction must be 0 s to 15 min, not PT15M");
    }

    private static ChargerSnapshot charger(String device, ChargerStatus status, long drawW) {
        var reading = new ChargerReading(Instant.parse("2026-01-12T18:00:00Z"), status, Power.ofWatts(drawW), 3, 0, 16);
        return new ChargerSnapshot(device, reading, ChargingMode.NOW, new CurrentRange(6, 16), false, 3, Power.ZERO);
    }
}
