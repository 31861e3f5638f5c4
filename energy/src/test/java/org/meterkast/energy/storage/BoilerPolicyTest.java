package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.storage.Sites.boiler;
import static org.meterkast.energy.storage.Sites.site;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Command.HeatBoiler;
import org.meterkast.energy.device.Power;

class BoilerPolicyTest {
    /** Wednesday 12:00 in Brussels: the day tariff. */
    private static final Instant NOON = Instant.parse("2026-06-10T10:00:00Z");
    /** Thursday 00:00 in Brussels: the night tariff. */
    private static final Instant MIDNIGHT = Instant.parse("2026-06-10T22:00:00Z");

    // A switched 2.4 kW boiler, floor 45 °C (+3 K once below it), night top-up to 45 + 5 = 50 °C (started below
    // 47 °C), top 60 °C. Its
    // share of the surplus is −grid + its own power (no other flexible load). Legionella: days since the water last
    // reached 60 °C, −1 when not known. An empty temperature: no sensor.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                               | at                   | °C | boiler W | grid W | legionella d | power W | reason
          below the floor, no sun            | 2026-06-10T10:00:00Z | 40 |        0 |    500 |            1 |    2400 | boiler.floor
          warm, no surplus                   | 2026-06-10T10:00:00Z | 50 |        0 |    500 |            1 |       0 | boiler.off.noSurplus
          warm, 3 kW injected                | 2026-06-10T10:00:00Z | 50 |        0 |  -3000 |            1 |    2400 | boiler.surplus
          1.5 kW injected: short of 2.4 kW   | 2026-06-10T10:00:00Z | 50 |        0 |  -1500 |            1 |       0 | boiler.off.noSurplus
        # heating: the share is −600 + 2,400 = 1,800 W, above half its element
          heating, taking 600 W              | 2026-06-10T10:00:00Z | 50 |     2400 |    600 |            1 |    2400 | boiler.surplus
        # the share 900 W falls below half its element
          heating, taking 1.5 kW             | 2026-06-10T10:00:00Z | 50 |     2400 |   1500 |            1 |       0 | boiler.off.noSurplus
          at its top temperature             | 2026-06-10T10:00:00Z | 60 |        0 |  -3000 |            1 |       0 | boiler.off.hot
          night, 3 K below the 50 °C top-up  | 2026-06-10T22:00:00Z | 46 |        0 |    300 |            1 |    2400 | boiler.night
        # within 3 K of the top-up: not started again (no run going on)
          night, just below the top-up       | 2026-06-10T22:00:00Z | 48 |        0 |    300 |            1 |       0 | boiler.off.noSurplus
          night, above the top-up            | 2026-06-10T22:00:00Z | 52 |        0 |    300 |            1 |       0 | boiler.off.noSurplus
        # from six days on it is run from the sun or in the night tariff, at a week at once
          legionella five days, night        | 2026-06-10T22:00:00Z | 55 |        0 |    300 |            5 |       0 | boiler.off.noSurplus
          legionella due, night              | 2026-06-10T22:00:00Z | 55 |        0 |    300 |            6 |    2400 | boiler.legionella
        # due, but in the dear day hours without sun it waits for the sun or the night
          legionella due, day, no sun        | 2026-06-10T10:00:00Z | 55 |        0 |    300 |            6 |       0 | boiler.off.noSurplus
          legionella due, day, 1.3 kW sun    | 2026-06-10T10:00:00Z | 55 |        0 |  -1300 |            6 |    2400 | boiler.legionella
          legionella a week, day, no sun     | 2026-06-10T10:00:00Z | 55 |        0 |    300 |            7 |    2400 | boiler.legionella
          legionella never seen, night       | 2026-06-10T22:00:00Z | 55 |        0 |    300 |           -1 |    2400 | boiler.legionella.unknown
          no sensor, night                   | 2026-06-10T22:00:00Z |    |        0 |    300 |            1 |    2400 | boiler.night.noSensor
          no sensor, day, 3 kW injected      | 2026-06-10T10:00:00Z |    |        0 |  -3000 |            1 |    2400 | boiler.surplus
        """)
    void heatsFromSurplusAboveTheFloor(String name, Instant at, Double temperatureC, long boilerW, long gridW,
                                       int legionellaDays, long powerW, String reason) {
        Instant legionella = legionellaDays < 0 ? null : at.minus(Duration.ofDays(legionellaDays));
        List<Command> commands = new BoilerPolicy(BoilerRules.DEFAULTS).decide(site(at, gridW, List.of(),
                List.of(boiler("tank", temperatureC, boilerW, legionella))));

        assertThat(commands).singleElement().isInstanceOfSatisfying(HeatBoiler.class, c -> {
            assertThat(c.power()).isEqualTo(Power.ofWatts(powerW));
            assertThat(c.reason().key()).isEqualTo(reason);
        });
    }

    @Test
    void aModulatingBoilerTakesJustItsShare() {
        var site = site(NOON, -1000, List.of(), List.of(boiler("tank", 50.0, 0, true, NOON)));

        assertThat(new BoilerPolicy(BoilerRules.DEFAULTS).decide(site)).singleElement()
                .isInstanceOfSatisfying(HeatBoiler.class, c -> assertThat(c.power()).isEqualTo(Power.ofWatts(1000)));
    }

    @Test
    void theRelayStaysOnAndOffAtLeastFiveMinutes() {
        var policy = new BoilerPolicy(BoilerRules.DEFAULTS);
        // 3 kW injected: on
        assertThat(step(policy, 0, 0, -3000)).isEqualTo("2400 boiler.surplus");
        // a cloud a minute later: the house takes 2.4 kW with the boiler on, the share is 0; kept on 4 more minutes
        assertThat(step(policy, 60, 2400, 2400)).isEqualTo("2400 boiler.hold.on forSeconds=60 minimumSeconds=300");
        assertThat(step(policy, 299, 2400, 2400)).isEqualTo("2400 boiler.hold.on forSeconds=299 minimumSeconds=300");
        assertThat(step(policy, 300, 2400, 2400)).isEqualTo("0 boiler.off.noSurplus");
        // the sun is back a minute after it went off: kept off until 5 min have passed
        assertThat(step(policy, 360, 0, -3000)).isEqualTo("0 boiler.hold.off forSeconds=60 minimumSeconds=300");
        assertThat(step(policy, 600, 0, -3000)).isEqualTo("2400 boiler.surplus");
    }

    @Test
    void reachingItsTopSwitchesItOffWithoutWaiting() {
        var policy = new BoilerPolicy(BoilerRules.DEFAULTS);
        assertThat(step(policy, 0, 0, -3000)).isEqualTo("2400 boiler.surplus");
        var hot = site(NOON.plusSeconds(30), -3000, List.of(), List.of(boiler("tank", 60.0, 2400, NOON)));
        assertThat(((HeatBoiler) policy.decide(hot).get(0)).power()).isEqualTo(Power.ZERO);
    }

    @Test
    void belowTheFloorItHeatsThreeKelvinPastIt() {
        var policy = new BoilerPolicy(BoilerRules.DEFAULTS);
        // 44 °C at noon without sun: heat; at 46 °C it is still within the 3 K margin; at 48 °C it stops
        assertThat(floor(policy, 0, 44.0)).isEqualTo("2400 boiler.floor");
        assertThat(floor(policy, 600, 46.0)).isEqualTo("2400 boiler.floor");
        assertThat(floor(policy, 1200, 48.0)).isEqualTo("0 boiler.off.noSurplus");
        // once stopped, 46 °C is above the floor: no heating
        assertThat(floor(policy, 1800, 46.0)).isEqualTo("0 boiler.off.noSurplus");
    }

    @Test
    void theNightTopUpRunsToItsTargetAndStartsAgainOnlyThreeKelvinBelowIt() {
        var policy = new BoilerPolicy(BoilerRules.DEFAULTS);
        assertThat(night(policy, 0, 46.0)).isEqualTo("2400 boiler.night");
        assertThat(night(policy, 600, 49.0)).isEqualTo("2400 boiler.night");
        assertThat(night(policy, 1200, 50.0)).isEqualTo("0 boiler.off.noSurplus");
        // a tap cools it to 48 °C: no new run for 2 K
        assertThat(night(policy, 1800, 48.0)).isEqualTo("0 boiler.off.noSurplus");
        assertThat(night(policy, 2400, 46.5)).isEqualTo("2400 boiler.night");
    }

    @Test
    void theLegionellaCycleComesBackWithinTheWeek() {
        var policy = new BoilerPolicy(BoilerRules.DEFAULTS);
        Instant reached = MIDNIGHT.minus(Duration.ofDays(5));
        // five days after the water last reached 60 °C: nothing due at night at 55 °C (above the 50 °C top-up)
        assertThat(legionella(policy, MIDNIGHT, reached)).isEqualTo("0 boiler.off.noSurplus");
        // the next night it is six days: heat to 60 °C, a day before the week is out
        assertThat(legionella(policy, MIDNIGHT.plus(Duration.ofDays(1)), reached))
                .isEqualTo("2400 boiler.legionella daysAgo=6 temperatureC=55");
        // missed (no night, no sun): at a week it heats in the dear hours too, not a minute before (fresh relays)
        assertThat(legionella(new BoilerPolicy(BoilerRules.DEFAULTS), NOON, NOON.minus(Duration.ofDays(7))
                .plusSeconds(60))).isEqualTo("0 boiler.off.noSurplus");
        assertThat(legionella(new BoilerPolicy(BoilerRules.DEFAULTS), NOON, NOON.minus(Duration.ofDays(7))))
                .isEqualTo("2400 boiler.legionella daysAgo=7 temperatureC=55");
    }

    /** One cycle at noon + {@code seconds}, 50 °C: "power key" and, for the relay's delays, their figures. */
    private static String step(BoilerPolicy policy, long seconds, long boilerW, long gridW) {
        var site = site(NOON.plusSeconds(seconds), gridW, List.of(), List.of(boiler("tank", 50.0, boilerW, NOON)));
        HeatBoiler c = (HeatBoiler) policy.decide(site).get(0);
        return c.reason().key().startsWith("boiler.hold") ? withFigures(c) : brief(c);
    }

    /** One cycle at noon + {@code seconds} without sun at this temperature: "power key". */
    private static String floor(BoilerPolicy policy, long seconds, double temperatureC) {
        var site = site(NOON.plusSeconds(seconds), 300, List.of(), List.of(boiler("tank", temperatureC, 0, NOON)));
        return brief((HeatBoiler) policy.decide(site).get(0));
    }

    /** One cycle at midnight + {@code seconds} at this temperature: "power key". */
    private static String night(BoilerPolicy policy, long seconds, double temperatureC) {
        var site = site(MIDNIGHT.plusSeconds(seconds), 300, List.of(),
                List.of(boiler("tank", temperatureC, 0, MIDNIGHT)));
        return brief((HeatBoiler) policy.decide(site).get(0));
    }

    /** One cycle at 55 °C without sun: "power key", and the figures when it heats against legionella. */
    private static String legionella(BoilerPolicy policy, Instant at, Instant reached) {
        var site = site(at, 300, List.of(), List.of(boiler("tank", 55.0, 0, reached)));
        HeatBoiler c = (HeatBoiler) policy.decide(site).get(0);
        return c.power().isPositive() ? withFigures(c) : brief(c);
    }

    private static String brief(HeatBoiler c) {
        return c.power().watts() + " " + c.reason().key();
    }

    private static String withFigures(HeatBoiler c) {
        StringBuilder s = new StringBuilder(brief(c));
        new java.util.TreeMap<>(c.reason().values()).forEach((k, v) -> s.append(' ').append(k).append('=').append(v));
        return s.toString();
    }
}
