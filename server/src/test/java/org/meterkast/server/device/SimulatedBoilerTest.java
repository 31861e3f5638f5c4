package org.meterkast.server.device;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;

/** The in-server simulated boiler on a clock the test moves, at night when no hot water is drawn. */
class SimulatedBoilerTest {
    /** 02:00 in Brussels (summer time): the household draws hot water between 06:30 and 22:00 only. */
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T00:00:00Z"));

    private SimulatedBoiler boiler(Map<String, String> values) throws Exception {
        return new SimulatedBoilerFactory(clock).create(new DeviceSettings(1, "boiler", DeviceKind.BOILER, "sim",
                values, "meterkast.meters.home.devices.boiler.", "home"));
    }

    @Test
    void switchedOnItHeatsAtItsElementsPower() throws Exception {
        SimulatedBoiler boiler = boiler(Map.of());
        BoilerReading first = boiler.read();
        assertThat(first.status()).isEqualTo(BoilerStatus.HEATING);
        assertThat(first.power()).isEqualTo(Power.ofWatts(2400));
        assertThat(first.switchedOn()).isTrue();
        assertThat(first.temperatureC().getAsDouble()).isEqualTo(50.0);
        assertThat(boiler.ratedPower()).isEqualTo(Power.ofWatts(2400));
        // 30 min at 2.4 kW is 1,200 Wh into 200 l (232.6 Wh/K); the tank loses 1.7 W/K above the 18 °C room, about
        // 1.7 × 34.5 K × 0.5 h = 29 Wh: (1,200 − 29) ÷ 232.6 = +5.03 K
        clock.move(Duration.ofMinutes(30));
        assertThat(boiler.read().temperatureC().getAsDouble()).isCloseTo(55.03, within(0.02));
    }

    @Test
    void switchedOffItCoolsAndAtItsThermostatItStops() throws Exception {
        SimulatedBoiler boiler = boiler(Map.of("temperature", "64", "thermostat", "65"));
        boiler.switchOn(false);
        BoilerReading off = boiler.read();
        assertThat(off.power()).isEqualTo(Power.ZERO);
        assertThat(off.status()).isEqualTo(BoilerStatus.IDLE);
        assertThat(off.switchedOn()).isFalse();
        // an hour off: 1.7 W/K × 46 K = 78.2 Wh lost, −0.336 K
        clock.move(Duration.ofHours(1));
        assertThat(boiler.read().temperatureC().getAsDouble()).isCloseTo(63.66, within(0.01));
        boiler.switchOn(true);
        assertThat(boiler.watts()).isEqualTo(2400);
        // 1.34 K to go is 312 Wh: under 8 min at 2.4 kW; then its thermostat holds it at 65 °C
        clock.move(Duration.ofMinutes(20));
        BoilerReading hot = boiler.read();
        assertThat(hot.temperatureC().getAsDouble()).isCloseTo(65, within(0.01));
        assertThat(hot.power()).isEqualTo(Power.ZERO);
        assertThat(hot.switchedOn()).isTrue();
    }

    @Test
    void theHouseholdsShowersCoolItsWater() throws Exception {
        SimulatedBoiler boiler = boiler(Map.of("temperature", "60"));
        boiler.switchOn(false);
        clock.set(Instant.parse("2026-06-21T21:00:00Z"));   // 23:00: after the day's morning and evening showers
        // at least two showers of 45 l drawn from 200 l, refilled at 10 °C: below 60 − 2 × 45 × 50 ÷ 200 = 37.5 °C
        // once the heat lost over 21 h is counted too
        assertThat(boiler.read().temperatureC().getAsDouble()).isLessThan(37.5);
    }
}
