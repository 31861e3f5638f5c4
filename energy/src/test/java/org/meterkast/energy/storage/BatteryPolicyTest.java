package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.storage.Sites.battery;
import static org.meterkast.energy.storage.Sites.boiler;
import static org.meterkast.energy.storage.Sites.site;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.BatteryPower;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.Power;

class BatteryPolicyTest {
    private static final Instant NOON = Instant.parse("2026-06-10T10:00:00Z");

    // The surplus is the export plus what the battery takes now (−grid + battery): 5 kW charge and discharge limits,
    // reserve 10 %, top 100 %. An empty plan column: no price plan.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                               | grid W | battery W | soc % | planned W | power W | reason
          injecting: charge the export       |  -2000 |         0 |    50 |           |    2000 | battery.charge.surplus
        # −(−500) + 1,500 = 2,000 W of surplus: the battery already takes 1,500 of it
          charging, still injecting 500      |   -500 |      1500 |    50 |           |    2000 | battery.charge.surplus
          surplus above its limit            |  -7000 |         0 |    50 |           |    5000 | battery.charge.surplus
          full while injecting: standby      |  -2000 |         0 |   100 |           |       0 | battery.standby.full
          taking 1.2 kW: cover it            |   1200 |         0 |    50 |           |   -1200 | battery.discharge.cover
        # the house takes 400 + 800 the battery already gives
          discharging 800, still taking 400  |    400 |      -800 |    50 |           |   -1200 | battery.discharge.cover
          at its reserve while taking        |   1200 |         0 |    10 |           |       0 | battery.standby.empty
          taking above its limit             |   6500 |         0 |    50 |           |   -5000 | battery.discharge.cover
          nothing in, nothing out            |      0 |         0 |    50 |           |       0 | battery.balanced
          plan: charge 3 kW from the grid    |    500 |         0 |    40 |      3000 |    3000 | battery.plan.charge
        # a plan below the surplus still stores the whole surplus
          plan 1 kW, 2.5 kW injected         |  -2500 |         0 |    40 |      1000 |    2500 | battery.plan.charge
          plan: hold for a dearer quarter    |    800 |         0 |    60 |         0 |       0 | battery.plan.hold
          plan: hold, but the sun still fills|  -1000 |         0 |    60 |         0 |    1000 | battery.charge.surplus
          plan: discharge in a dear quarter  |    800 |         0 |    60 |     -5000 |    -800 | battery.plan.discharge
        """)
    void chargesFromSurplusAndCoversOfftake(String name, long gridW, long batteryW, double soc, Long plannedW,
                                            long powerW, String reason) {
        List<Command> commands = new BatteryPolicy().decide(site(NOON, gridW,
                List.of(battery("bat", soc, batteryW, plannedW)), List.of()));

        assertThat(commands).singleElement().isInstanceOfSatisfying(BatteryPower.class, c -> {
            assertThat(c.power()).isEqualTo(Power.ofWatts(powerW));
            assertThat(c.reason().key()).isEqualTo(reason);
        });
    }

    @Test
    void theBoilerFirstLeavesTheBatteryTheRest() {
        // 3,000 W injected; the boiler (40 °C, below its 60 °C top) comes first and claims its 2,400 W element
        var site = site(NOON, -3000, 0, 2500, List.of(), List.of(battery("bat", 50, 0, null)),
                List.of(boiler("tank", 50.0, 0, NOON)), List.of(SurplusUse.BOILER, SurplusUse.BATTERY, SurplusUse.EV));

        assertThat(new BatteryPolicy().decide(site)).singleElement()
                .isInstanceOfSatisfying(BatteryPower.class, c -> assertThat(c.power()).isEqualTo(Power.ofWatts(600)));
    }

    @Test
    void theBatteryFirstTakesItAll() {
        var site = site(NOON, -3000, 0, 2500, List.of(), List.of(battery("bat", 50, 0, null)),
                List.of(boiler("tank", 50.0, 0, NOON)), List.of(SurplusUse.BATTERY, SurplusUse.BOILER, SurplusUse.EV));

        assertThat(new BatteryPolicy().decide(site)).singleElement()
                .isInstanceOfSatisfying(BatteryPower.class, c -> assertThat(c.power()).isEqualTo(Power.ofWatts(3000)));
    }

    // Sun 2,000 W, house 500 W, the boiler heating 2,400 W: the grid takes 2,400 + 500 − 2,000 = 900 W. A boiler at
    // 50 °C heats from the surplus, and the battery ahead of it in the order may take those 2,400 W: −900 + 2,400 =
    // 1,500 W to charge with (the boiler policy then switches it off). Below its floor (44 °C), or for an overdue
    // legionella cycle, it heats anyway: its 2,400 W are the house's, the 900 W taken are a deficit the battery
    // covers, where it used to charge 1,500 W from the grid on top of them.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                    | °C | legionella d | power W | reason
          boiler on surplus: the battery first    | 50 |            1 |    1500 | battery.charge.surplus
          boiler below its floor                  | 44 |            1 |    -900 | battery.discharge.cover
          boiler's legionella cycle a week due    | 55 |            7 |    -900 | battery.discharge.cover
        """)
    void aBoilerThatHeatsAnywayIsNoSurplusToChargeFrom(String name, double boilerC, int legionellaDays, long powerW,
                                                       String reason) {
        var site = site(NOON, 900, 0, 2500, List.of(), List.of(battery("bat", 50, 0, null)),
                List.of(boiler("tank", boilerC, 2400, NOON.minus(java.time.Duration.ofDays(legionellaDays)))),
                List.of(SurplusUse.BATTERY, SurplusUse.BOILER, SurplusUse.EV));

        assertThat(new BatteryPolicy(BoilerRules.DEFAULTS).decide(site)).singleElement()
                .isInstanceOfSatisfying(BatteryPower.class, c -> {
                    assertThat(c.power()).isEqualTo(Power.ofWatts(powerW));
                    assertThat(c.reason().key()).isEqualTo(reason);
                });
    }

    @Test
    void twoBatteriesTakeTheDeficitInTurn() {
        // 7 kW taken: the first gives its 5 kW, the second the other 2 kW
        List<Command> commands = new BatteryPolicy().decide(site(NOON, 7000,
                List.of(battery("a", 50, 0, null), battery("b", 50, 0, null)), List.of()));

        assertThat(commands).extracting(c -> ((BatteryPower) c).power())
                .containsExactly(Power.ofWatts(-5000), Power.ofWatts(-2000));
    }
}
