package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The battery's, the boiler tank's and the hot-water draws' physics, checked by hand. */
class StoragePhysicsTest {
    /** 10 kWh, 5 kW, 10 % reserve, 95 % each way. */
    private static final BatterySettings BATTERY = BatterySettings.DEFAULT;

    @ParameterizedTest(name = "at {0} %, asked {1} W for {2} s: {3} W flowed, then {4} %")
    @CsvSource({
            // 2,000 W for 36 s = 20 Wh taken, 19 Wh stored (95 %): 5,000 + 19 = 5,019 Wh of 10,000
            "50, 2000, 36, 2000, 50.19",
            // 2,000 W delivered for 36 s = 20 Wh, taken from the cells 20 / 0.95 = 21.0526 Wh
            "50, -2000, 36, -2000, 49.789474",
            // asked 8 kW: held to 5 kW; 5,000 W × 0.01 h × 0.95 = 47.5 Wh
            "50, 8000, 36, 5000, 50.475",
            // holding: nothing flows
            "50, 0, 3600, 0, 50",
            // 99.9 % full: room 10 Wh takes 10 / 0.95 = 10.526 Wh in 36 s, 1,052.6 W on average
            "99.9, 2000, 36, 1052.631579, 100",
            // at its 10 % reserve it gives nothing
            "10, -3000, 60, 0, 10",
            // 10.1 %: 10 Wh above the reserve deliver 9.5 Wh in 36 s, 950 W on average
            "10.1, -3000, 36, -950, 10",
    })
    void batteryStepsByHand(double soc, double asked, double seconds, double flowed, double socAfter) {
        BatteryModel battery = new BatteryModel(BATTERY, soc);

        assertThat(battery.step(asked, seconds)).isCloseTo(flowed, within(1e-6));
        assertThat(battery.socPercent()).isCloseTo(socAfter, within(1e-6));
    }

    @Test
    void batteryKnowsFullAndEmpty() {
        BatteryModel battery = new BatteryModel(BATTERY, 99);
        assertThat(battery.full()).isFalse();
        battery.step(5000, 3600);
        assertThat(battery.full()).isTrue();
        assertThat(battery.storedWh()).isEqualTo(10_000);
        battery.step(-5000, 3 * 3600);
        assertThat(battery.empty()).isTrue();
        assertThat(battery.socPercent()).isCloseTo(10, within(1e-9));
    }

    @Test
    void batteryRefusesNonsense() {
        assertThatThrownBy(() -> new BatteryModel(BATTERY, 101)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new BatteryModel(BATTERY, 50).step(1000, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** 200 l hold 200 × 4186 / 3600 = 232.556 Wh per kelvin. */
    private static final double WH_PER_K = 200 * 4186.0 / 3600;

    @Test
    void elementHeatsTheTankMinusItsLoss() {
        BoilerTank tank = new BoilerTank(BoilerTankSettings.DEFAULT, 40);

        double power = tank.step(2400, 0, 1800);

        // 1,200 Wh in, 1.7 W/K × 22 K × 0.5 h = 18.7 Wh lost: +(1200 − 18.7) / 232.556 K
        assertThat(power).isCloseTo(2400, within(1e-9));
        assertThat(tank.temperatureC()).isCloseTo(40 + (1200 - 18.7) / WH_PER_K, within(1e-9));
    }

    @Test
    void thermostatCutsTheElementAtItsSetting() {
        BoilerTank tank = new BoilerTank(BoilerTankSettings.DEFAULT, 64);

        double power = tank.step(2400, 0, 3600);

        // 1 K to go (232.556 Wh) plus the hour's loss at 46 K (78.2 Wh): 310.756 Wh of the 2,400 it could give
        assertThat(power).isCloseTo(WH_PER_K + 1.7 * 46, within(1e-6));
        assertThat(tank.temperatureC()).isCloseTo(65, within(1e-9));
        // at its setting it rests and cools a little, then heats back to it, never above 65 °C
        assertThat(tank.step(2400, 0, 60)).isZero();
        assertThat(tank.temperatureC()).isCloseTo(65 - 1.7 * 47 / 60 / WH_PER_K, within(1e-9));
        assertThat(tank.step(2400, 0, 60)).isPositive();
        assertThat(tank.temperatureC()).isCloseTo(65, within(1e-9));
    }

    @Test
    void aRelayOffLetsItCoolAndADrawMixesInColdWater() {
        BoilerTank tank = new BoilerTank(BoilerTankSettings.DEFAULT, 60);

        assertThat(tank.step(0, 0, 3600)).isZero();
        double cooled = 60 - 1.7 * 42 / WH_PER_K;
        assertThat(tank.temperatureC()).isCloseTo(cooled, within(1e-9));

        tank.step(0, 50, 1e-9);   // 50 l drawn at once: a quarter of the tank is now 10 °C mains water
        assertThat(tank.temperatureC()).isCloseTo((cooled * 150 + 10 * 50) / 200, within(1e-6));
    }

    @Test
    void hotWaterDrawsAreRepeatableAndPlausible() {
        HotWaterDraws draws = new HotWaterDraws(2026);
        long day = LocalDate.of(2026, 3, 10).toEpochDay();

        double litres = draws.litresOnDay(day);

        // two showers of 45–60 l and six small draws of 3–6 l
        assertThat(litres).isBetween(2 * 45 + 6 * 3.0, 2 * 60 + 6 * 6.0);
        assertThat(new HotWaterDraws(2026).litresOnDay(day)).isEqualTo(litres);
        assertThat(new HotWaterDraws(7).litresOnDay(day)).isNotEqualTo(litres);
        Instant threeAm = LocalDate.of(2026, 3, 10).atTime(3, 0).atZone(ZoneId.of("Europe/Brussels")).toInstant();
        assertThat(draws.litresInMinute(threeAm)).isZero();
    }
}
