package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CarTest {
    // Below the taper a second at P takes P J from the grid and stores P × efficiency / 100 J; 3,600 J = 1 Wh.
    // Row 1: 6,900 W (10 A on 3 phases) for an hour = 24,840,000 J = 6,900 Wh; 90 % of it, 6,210 Wh, lands in
    //        the battery: 30,000 + 6,210 = 36,210 Wh of 60,000 = 60.35 % → 60.
    // Row 2: 20 kW on offer, the car takes its 11 kW: 11,000 × 600 s = 6,600,000 J; stored 9,900 × 600 =
    //        5,940,000 J = 1,650 Wh, on top of 12,000 Wh → 13,650 Wh = 22.75 % → 22.
    // Row 5: at 95 % the car takes 1,000 + 980 × 5 = 5,900 W, so one second takes 5,900 J.
    // Row 6: the last 1 % of 10 kWh is 100 Wh = 360,000 J; at 100 % efficiency all of it comes from the grid,
    //        however the taper spreads it, and the car ends full.
    // Row 7: a 3.7 kW one-phase car at 16 A (3,680 W) for half an hour: 3,680 × 1,800 = 6,624,000 J = 1,840 Wh;
    //        95 % stored: 3,496 J a second × 1,800 = 6,292,800 J = 1,748 Wh on 40,000 × 0.2 = 8,000 Wh → 24 %.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                           | kWh | max W | ph | eff % | SoC % | offered W | seconds | grid J     | stored Wh | SoC after
          10 A on 3 phases for an hour   |  60 | 11000 |  3 |    90 |    50 |      6900 |    3600 |   24840000 |     36210 | 60
          capped by the on-board charger |  60 | 11000 |  3 |    90 |    20 |     20000 |     600 |    6600000 |     13650 | 22
          nothing offered                |  60 | 11000 |  3 |    90 |    50 |         0 |    3600 |          0 |     30000 | 50
          already full                   |  60 | 11000 |  3 |    90 |   100 |     11000 |    3600 |          0 |     60000 | 100
          the taper at 95 %              |  60 | 11000 |  3 |    90 |    95 |     11000 |       1 |       5900 |     57001 | 95
          the last percent fills it      |  10 |  3700 |  1 |   100 |    99 |      7400 |    3600 |     360000 |     10000 | 100
          one phase at 16 A              |  40 |  3700 |  1 |    95 |    20 |      3680 |    1800 |    6624000 |      9748 | 24
        """)
    void takesWhatTheTableSays(String name, long kwh, long maxWatts, int phases, int efficiency, int soc,
                               long offeredWatts, long seconds, long gridJoules, long storedWh, int socAfter) {
        Car car = new Car(kwh * 1000, maxWatts, phases, efficiency, soc);
        assertThat(car.accept(offeredWatts, Duration.ofSeconds(seconds))).isEqualTo(gridJoules);
        assertThat(car.storedWh()).isEqualTo(storedWh);
        assertThat(car.socPercent()).isEqualTo(socAfter);
    }

    // 1,000 + 980 × (100 − SoC), capped at the car's 11 kW; 0 when full
    @ParameterizedTest(name = "at {0} % an 11 kW car takes {1} W")
    @CsvSource(textBlock = """
          0, 11000
         89, 11000
         90, 10800
         95,  5900
         99,  1980
        100,     0
        """)
    void takesLessNearFull(int soc, long watts) {
        assertThat(Car.typical(soc).acceptableWatts()).isEqualTo(watts);
    }

    @Test
    void theTaperMakesTheLastTenPercentSlow() {
        // at a steady 11 kW, 90 → 100 % of 60 kWh (6,000 Wh stored, 6,667 Wh from the grid) would take 36 minutes
        Car car = Car.typical(90);
        long joules = car.accept(11_000, Duration.ofMinutes(36));
        assertThat(car.isFull()).isFalse();
        assertThat(joules).isLessThan(11_000L * 36 * 60);
        // the energy the grid gave, less the losses, is what the battery gained
        assertThat(car.storedJoules() - 60_000L * 3_600 * 90 / 100).isBetween(joules * 90 / 100 - 2_200, joules * 90 / 100);
        car.accept(11_000, Duration.ofHours(5));
        assertThat(car.isFull()).isTrue();
        assertThat(car.acceptableWatts()).isZero();
    }

    @Test
    void manyShortStepsTakeWhatOneLongStepTakes() {
        Car once = Car.typical(85);
        Car often = Car.typical(85);
        long total = 0;
        for (int i = 0; i < 7_200; i++) {
            total += often.accept(11_000, Duration.ofSeconds(1));
        }
        assertThat(once.accept(11_000, Duration.ofHours(2))).isEqualTo(total);
        assertThat(once.storedJoules()).isEqualTo(often.storedJoules());
    }

    @ParameterizedTest(name = "{0} phase(s) of a {1}-phase {2} W car: {3} W")
    @CsvSource(textBlock = """
        3, 3, 11000, 11000
        1, 3, 11000,  3666
        3, 1,  7400,  7400
        1, 1,  7400,  7400
        """)
    void aThreePhaseCarOnOnePhaseTakesAThird(int chargerPhases, int carPhases, long maxWatts, long watts) {
        assertThat(new Car(60_000, maxWatts, carPhases, 90, 50).maxWattsOn(chargerPhases)).isEqualTo(watts);
    }

    @Test
    void badSettingsAreNamed() {
        assertThatThrownBy(() -> new Car(60_000, 11_000, 2, 90, 50)).hasMessage("phases must be 1 or 3, not 2");
        assertThatThrownBy(() -> new Car(60_000, 11_000, 3, 90, 101))
                .hasMessage("socPercent must be 0 to 100 %, not 101");
        assertThatThrownBy(() -> new Car(1_000, 11_000, 3, 90, 50))
                .hasMessage("capacityWh must be 5000 to 200000 Wh, not 1000");
        assertThatThrownBy(() -> Car.typical(50).accept(-1, Duration.ofSeconds(1)))
                .hasMessage("offeredWatts must not be negative, not -1");
        assertThatThrownBy(() -> Car.typical(50).accept(1_000, Duration.ofMillis(1_500)))
                .hasMessageContaining("duration must be whole seconds");
    }
}
