package org.meterkast.server.device;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.server.MovableClock;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.Power;

/** The simulated charger against the charger contract, on a clock the test moves, and its car's figures. */
class SimulatedChargerContractTest extends ChargerPortContract {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T18:00:00Z"));

    private SimulatedCharger make(Map<String, String> values) throws Exception {
        return new SimulatedChargerFactory(clock).create(new DeviceSettings(1, "carport", DeviceKind.CHARGER, "sim",
                values, "meterkast.meters.home.devices.carport.", "home"));
    }

    @Override
    protected ChargerPort plugged() throws Exception {
        return make(Map.of());
    }

    @Override
    protected void letPass(Duration time) {
        clock.move(time);
    }

    @Override
    protected Duration settle() {
        return Duration.ZERO;
    }

    // A 60 kWh car at 40 % (24,000 Wh) on a 16 A charger, charged for 30 min. Power: the offer × 230 V × phases,
    // at most the car's. Energy = power × 0.5 h; the charge = (24,000 + energy) ÷ 60,000.
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                | A  | car kW | car ph | W     | Wh   | SoC %
          16 A on 3 phases, the car's 11 kW   | 16 |     11 |      3 | 11000 | 5500 | 49
          10 A on 3 phases: 6,900 W           | 10 |     11 |      3 |  6900 | 3450 | 45
          16 A, a car on one phase: 3,680 W   | 16 |     11 |      1 |  3680 | 1840 | 43
          6 A on 3 phases: 4,140 W            |  6 |     22 |      3 |  4140 | 2070 | 43
        """)
    void theCarChargesAtTheOfferOnItsPhasesUpToItsPower(String name, double amps, String carKw, String carPhases,
                                                        long watts, long wh, int soc) throws Exception {
        SimulatedCharger car = make(Map.of("car-kw", carKw, "car-phases", carPhases));
        car.offerCurrent(amps);
        assertThat(car.read().power()).isEqualTo(Power.ofWatts(watts));
        clock.move(Duration.ofMinutes(30));
        ChargerReading after = car.read();
        assertThat(after.sessionWh()).isEqualTo(wh);
        assertThat(car.vehicleSoc().orElseThrow().socPercent()).contains(soc);
    }

    @Test
    void aFullCarPausesAndAnUnpluggedChargerIsOnStandby() throws Exception {
        // 97 % of 60 kWh is 58,200 Wh: 1,800 Wh of room, filled at 11 kW in under 10 of the 20 minutes
        SimulatedCharger car = make(Map.of("soc", "97", "battery-kwh", "60"));
        assertThat(car.read().status()).as("plugged in, its session open, nothing offered yet")
                .isEqualTo(ChargerStatus.PAUSED);
        car.offerCurrent(16);
        clock.move(Duration.ofMinutes(20));
        ChargerReading full = car.read();
        assertThat(full.sessionWh()).isEqualTo(1800);
        assertThat(full.status()).isEqualTo(ChargerStatus.PAUSED);
        assertThat(full.power()).isEqualTo(Power.ZERO);
        assertThat(car.vehicleSoc().orElseThrow().socPercent()).contains(100);

        car.unplug();
        assertThat(car.read().status()).isEqualTo(ChargerStatus.STANDBY);
        assertThat(car.vehicleSoc().orElseThrow().socPercent()).isEmpty();
        car.plugIn();
        assertThat(car.read().status()).isEqualTo(ChargerStatus.PAUSED);
        assertThat(car.read().sessionWh()).isZero();
    }

    @Test
    void phasesSwitchOnlyWhereTheSettingsSaySo() throws Exception {
        assertThat(make(Map.of()).phaseSwitch()).isEmpty();
        SimulatedCharger switching = make(Map.of("phase-switching", "true"));
        switching.offerCurrent(16);
        assertThat(switching.read().phases()).isEqualTo(3);
        switching.phaseSwitch().orElseThrow().usePhases(1);
        ChargerReading one = switching.read();
        assertThat(one.phases()).isEqualTo(1);
        assertThat(one.power()).isEqualTo(Power.ofWatts(3680));
    }
}
