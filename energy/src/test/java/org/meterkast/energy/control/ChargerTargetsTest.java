package org.meterkast.energy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

class ChargerTargetsTest {
    private static final Instant AT = Instant.parse("2026-06-21T11:00:00Z");

    // A charger of 6–16 A unless the row says otherwise, offering 10 A now. Empty cells: no such command.
    // Amps from a limit: W ÷ (230 V × phases), rounded down to a tenth.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', nullValues = "-", textBlock = """
        # case                                   | offer A | offer ph | limit W | stop | switch | wired | now ph | max A | → A  | → ph | → reason
          an offer alone                         |      10 |        3 |       - |    - |  false |     3 |      3 |    16 | 10.0 |    3 | mode
          above the charger's maximum            |      20 |        3 |       - |    - |  false |     3 |      3 |    16 | 16.0 |    3 | mode
          capped by a limit: 5000 W / 690 V      |      16 |        3 |    5000 |    - |  false |     3 |      3 |    16 |  7.2 |    3 | peak
          a limit above the offer changes nought |       8 |        3 |   11000 |    - |  false |     3 |      3 |    16 |  8.0 |    3 | mode
          limited below 6 A pauses: 4000/690=5.8 |      16 |        3 |    4000 |    - |  false |     3 |      3 |    16 |  0.0 |    3 | peak
          an offer below the minimum pauses      |       4 |        3 |       - |    - |  false |     3 |      3 |    16 |  0.0 |    3 | mode
          one phase asked, can switch            |      10 |        1 |    2000 |    - |   true |     3 |      3 |    16 |  8.6 |    1 | peak
          one phase asked, cannot switch         |      10 |        1 |    2000 |    - |  false |     3 |      3 |    16 |  0.0 |    3 | peak
          three asked, wired for one             |      16 |        3 |    3000 |    - |   true |     1 |      1 |    16 | 13.0 |    1 | peak
          a car on one phase of a 3-phase point  |      16 |        3 |    3000 |    - |  false |     3 |      1 |    16 | 13.0 |    1 | peak
          a limit alone caps what is offered now |       - |        - |    1380 |    - |  false |     3 |      1 |    16 |  6.0 |    1 | peak
          a stop wins over everything            |      16 |        3 |    5000 | user |  false |     3 |      3 |    16 |  0.0 |    3 | user
          a 32 A point, exactly on its limit     |      32 |        3 |   22080 |    - |  false |     3 |      3 |    32 | 32.0 |    3 | mode
        """)
    void resolvesOneChargersCommands(String name, Double offerAmps, Integer offerPhases, Long limitW, String stop,
                                     boolean canSwitch, int wiredPhases, int phasesNow, double maxAmps,
                                     double amps, int phases, String reason) {
        ChargerReading reading = new ChargerReading(AT, ChargerStatus.CHARGING, Power.ofAmps(10, phasesNow), phasesNow,
                1200, 10);
        ChargerSnapshot charger = new ChargerSnapshot("carport", reading, ChargingMode.NOW, new CurrentRange(6, maxAmps),
                canSwitch, wiredPhases, Power.ZERO);
        List<Command> commands = new ArrayList<>();
        if (stop != null) {
            commands.add(new Command.StopSession("carport", Reason.of(stop)));
        }
        if (offerAmps != null) {
            commands.add(new Command.OfferCurrent("carport", offerAmps, offerPhases, Reason.of("mode")));
        }
        if (limitW != null) {
            commands.add(new Command.LimitPower("carport", Power.ofWatts(limitW), Reason.of("peak")));
        }

        List<ChargerTarget> targets = ChargerTargets.resolve(snapshot(charger), commands);

        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.amps()).isEqualTo(amps);
            assertThat(t.phases()).isEqualTo(phases);
            assertThat(t.reason().key()).isEqualTo(reason);
            assertThat(t.stopSession()).isEqualTo(stop != null);
        });
    }

    @org.junit.jupiter.api.Test
    void theFirstOfferCountsTheLowestLimitCapsAndOtherChargersAreLeftAlone() {
        ChargerReading reading = new ChargerReading(AT, ChargerStatus.CHARGING, Power.ofWatts(6900), 3, 0, 10);
        ChargerSnapshot carport = new ChargerSnapshot("carport", reading, ChargingMode.NOW, new CurrentRange(6, 16),
                false, 3, Power.ZERO);
        ChargerSnapshot garage = new ChargerSnapshot("garage", reading, ChargingMode.NOW, new CurrentRange(6, 16),
                false, 3, Power.ZERO);
        List<Command> commands = List.of(
                new Command.OfferCurrent("carport", 12, 3, Reason.of("first")),
                new Command.LimitPower("carport", Power.ofWatts(6900), Reason.of("loose")),
                new Command.OfferCurrent("carport", 16, 3, Reason.of("second")),
                new Command.LimitPower("carport", Power.ofWatts(5520), Reason.of("tight")));

        List<ChargerTarget> targets = ChargerTargets.resolve(snapshot(carport, garage), commands);

        // 5520 W on three phases is 8 A: the tighter limit holds the first offer of 12 A down
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.device()).isEqualTo("carport");
            assertThat(t.amps()).isEqualTo(8.0);
            assertThat(t.reason().key()).isEqualTo("tight");
            assertThat(t.cause()).isSameAs(commands.get(3));
        });
    }

    @org.junit.jupiter.api.Test
    void aLimitTheChargerIsAlreadyUnderChangesNothing() {
        ChargerReading reading = new ChargerReading(AT, ChargerStatus.CHARGING, Power.ofWatts(4140), 3, 0, 6);
        ChargerSnapshot carport = new ChargerSnapshot("carport", reading, ChargingMode.NOW, new CurrentRange(6, 16),
                false, 3, Power.ZERO);
        assertThat(ChargerTargets.resolve(snapshot(carport),
                List.of(new Command.LimitPower("carport", Power.ofWatts(5000), Reason.of("peak"))))).isEmpty();
    }

    private static SiteSnapshot snapshot(ChargerSnapshot... chargers) {
        return new SiteSnapshot(AT, Power.ofWatts(3000), 200, 0, Power.ZERO, Power.ofWatts(2500), List.of(chargers));
    }
}
