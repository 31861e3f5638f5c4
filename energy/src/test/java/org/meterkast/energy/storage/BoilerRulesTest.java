package org.meterkast.energy.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.energy.storage.Sites.boiler;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BoilerRulesTest {
    // Whether the boiler policy heats whatever the sun does, by the default rules: a switched 2.4 kW boiler, floor
    // 45 °C, top 60 °C, night top-up to 50 °C started below 47 °C. Wednesday 12:00 in Brussels is the day tariff,
    // 00:00 and a Saturday noon the night tariff. Legionella: days since the water last reached 60 °C, −1 when not
    // known. An empty temperature: no sensor.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                  | at                   | °C | legionella d | heats anyway
          below the floor, day                  | 2026-06-10T10:00:00Z | 44 |            1 | true
        # a run from the floor going on up to 48 °C is the policy's memory, not the snapshot's
          at the floor, day                     | 2026-06-10T10:00:00Z | 45 |            1 | false
          night, 3 K below the top-up           | 2026-06-10T22:00:00Z | 46 |            1 | true
          night, within 3 K of the top-up       | 2026-06-10T22:00:00Z | 47 |            1 | false
        # the weekend is night tariff all day: the top-up heats in the sun too
          Saturday noon, 46 °C                  | 2026-06-13T10:00:00Z | 46 |            1 | true
          day, 46 °C: only from the sun         | 2026-06-10T10:00:00Z | 46 |            1 | false
          legionella six days, night            | 2026-06-10T22:00:00Z | 55 |            6 | true
        # six days in the day tariff: only from the sun, which is surplus
          legionella six days, day              | 2026-06-10T10:00:00Z | 55 |            6 | false
          legionella a week, day                | 2026-06-10T10:00:00Z | 55 |            7 | true
          legionella never seen, day            | 2026-06-10T10:00:00Z | 55 |           -1 | true
          legionella five days, night           | 2026-06-10T22:00:00Z | 55 |            5 | false
          legionella a week, but at 60 °C       | 2026-06-10T10:00:00Z | 60 |            7 | false
          no sensor, night                      | 2026-06-10T22:00:00Z |    |            1 | true
          no sensor, day                        | 2026-06-10T10:00:00Z |    |            1 | false
        """)
    void heatsAnywayIsWhatThePolicyHeatsWhateverTheSun(String name, Instant at, Double temperatureC,
                                                        int legionellaDays, boolean expected) {
        Instant legionella = legionellaDays < 0 ? null : at.minus(Duration.ofDays(legionellaDays));

        assertThat(BoilerRules.DEFAULTS.heatsAnyway(boiler("tank", temperatureC, 0, legionella), at))
                .isEqualTo(expected);
    }
}
