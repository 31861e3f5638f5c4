package org.meterkast.energy.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;

class StorageTargetsTest {
    private static final Instant AT = Instant.parse("2026-06-10T10:00:00Z");

    // A battery of 5 kW each way. Commands in the order the policies gave them: "p:W" BatteryPower, "r" release,
    // "l:W" LimitPower (the asking commands' reason is "ask", the limits' "limit"); the target as its power,
    // "release", or "none".
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                  | reading W | commands        | target  | reason
          asked 3 kW                            |         0 | p:3000          | 3000    | ask
          asked above its limit                 |         0 | p:8000          | 5000    | ask
          asked to discharge above its limit    |         0 | p:-8000         | -5000   | ask
          the first command wins                |         0 | p:-4000 p:2000  | -4000   | ask
          a limit caps charging                 |         0 | l:1000 p:3000   | 1000    | limit
          a limit leaves discharging            |         0 | l:1000 p:-2000  | -2000   | ask
          release                               |      2000 | r               | release | ask
          release under a limit it keeps        |       500 | l:1000 r        | release | ask
          release above a limit is capped       |      3000 | l:1000 r        | 1000    | limit
          a limit alone caps what it charges    |      3000 | l:1000          | 1000    | limit
          a limit alone leaves a discharge      |     -3000 | l:1000          | none    |
          the lowest limit                      |         0 | l:2000 l:500 p:3000 | 500 | limit
        """)
    void aBatteryFollowsTheFirstCommandWithinItsLimitsAndTheLowestCap(String name, long readingW, String commands,
                                                                      String target, String reason) {
        var battery = new BatterySnapshot("bat", new BatteryReading(AT, BatteryStatus.STANDBY, 50,
                Power.ofWatts(readingW)), new BatteryLimits(10_000, Power.ofWatts(5000), Power.ofWatts(5000), 10, 100),
                Optional.empty());
        var site = new SiteSnapshot(AT, Power.ZERO, 0, 0, Power.ZERO, Power.ofWatts(2500), List.of(),
                List.of(battery), List.of(), SiteSnapshot.DEFAULT_SURPLUS_ORDER);

        List<BatteryTarget> targets = StorageTargets.batteries(site, parse("bat", commands));

        if (target.equals("none")) {
            assertThat(targets).isEmpty();
            return;
        }
        assertThat(targets).singleElement().satisfies(t -> {
            assertThat(t.release() ? "release" : String.valueOf(t.power().watts())).isEqualTo(target);
            assertThat(t.reason().key()).isEqualTo(reason);
        });
    }

    // A 2.4 kW boiler, switched or modulating; reading "W/on" its power and whether its relay is on.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                  | modulating | reading  | commands        | target
          switched: any heat is its element     | false      | 0/false  | h:1000          | 2400
          modulating: the power asked           | true       | 0/false  | h:1000          | 1000
          modulating: at most its element       | true       | 0/false  | h:5000          | 2400
          off                                   | false      | 2400/true| h:0             | 0
          a limit below the element: off        | false      | 0/false  | l:1000 h:2400   | 0
          a limit lowers a modulating one       | true       | 0/false  | l:1000 h:2400   | 1000
          a limit above it changes nothing      | false      | 0/false  | l:3000 h:2400   | 2400
          a limit alone switches a heating one off | false   | 2400/true| l:1000          | 0
        # switched on, its thermostat holding it: it would draw 2.4 kW when it calls
          a limit alone, relay on, thermostat off | false    | 0/true   | l:1000          | 0
          a limit alone, relay off              | false      | 0/false  | l:1000          | none
          a limit alone above its draw          | true       | 800/true | l:1000          | none
        """)
    void aBoilerFollowsTheFirstHeatWithinItsElementAndTheLowestCap(String name, boolean modulating, String reading,
                                                                   String commands, String target) {
        String[] r = reading.split("/");
        var boiler = new BoilerSnapshot("tank", new BoilerReading(AT, BoilerStatus.IDLE, OptionalDouble.of(50),
                Power.ofWatts(Long.parseLong(r[0])), Boolean.parseBoolean(r[1])), Power.ofWatts(2400), modulating,
                45, 60, Optional.empty());
        var site = new SiteSnapshot(AT, Power.ZERO, 0, 0, Power.ZERO, Power.ofWatts(2500), List.of(), List.of(),
                List.of(boiler), SiteSnapshot.DEFAULT_SURPLUS_ORDER);

        List<BoilerTarget> targets = StorageTargets.boilers(site, parse("tank", commands));

        if (target.equals("none")) {
            assertThat(targets).isEmpty();
        } else {
            assertThat(targets).singleElement().satisfies(t ->
                    assertThat(t.power()).isEqualTo(Power.ofWatts(Long.parseLong(target))));
        }
    }

    private static List<Command> parse(String device, String commands) {
        var out = new ArrayList<Command>();
        for (String c : commands.trim().split("\\s+")) {
            String[] p = c.split(":");
            switch (p[0]) {
                case "p" -> out.add(new Command.BatteryPower(device, Power.ofWatts(Long.parseLong(p[1])),
                        Reason.of("ask")));
                case "r" -> out.add(new Command.ReleaseBattery(device, Reason.of("ask")));
                case "h" -> out.add(new Command.HeatBoiler(device, Power.ofWatts(Long.parseLong(p[1])),
                        Reason.of("ask")));
                case "l" -> out.add(new Command.LimitPower(device, Power.ofWatts(Long.parseLong(p[1])),
                        Reason.of("limit")));
                default -> throw new IllegalArgumentException(c);
            }
        }
        return out;
    }
}
