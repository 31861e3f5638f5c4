package org.meterkast.sim.shelly;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.HotWaterDraws;

class ShellyBoilerTest {
    private static final Instant NOON = Instant.parse("2026-03-10T11:00:00Z");
    /** 200 l × 4186 J/(l·K) / 3600 = 232.556 Wh per kelvin. */
    private static final double WH_PER_K = 200 * 4186.0 / 3600;

    private final MovableClock clock = new MovableClock(NOON);

    private ShellyBoiler boiler(double startC, HotWaterDraws draws) {
        return new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, startC, draws, clock);
    }

    @Test
    void halfAnHourOfTheElementWarmsTwoHundredLitresByFiveKelvinLessTheLoss() throws Exception {
        ShellyBoiler boiler = boiler(40, null);
        assertThat(boiler.call("Switch.Set", Map.of("id", 0, "on", true), "HTTP_in")).containsEntry("was_on", false);
        clock.advance(Duration.ofMinutes(30));
        // 2.4 kW × 0.5 h = 1200 Wh → +1200/232.556 = +5.160 K; the loss, 1.7 W/K × (≈42.6 − 18) K × 0.5 h = 20.9 Wh,
        // takes 0.090 K: 40 + 5.160 − 0.090 = 45.070 °C
        assertThat(boiler.temperatureC()).isCloseTo(45.070, within(0.005));
        Map<String, Object> status = boiler.call("Switch.GetStatus", Map.of("id", 0), "HTTP_in");
        assertThat(status).containsEntry("output", true).containsEntry("apower", new BigDecimal("2400.0"))
                .containsEntry("source", "HTTP_in");
        assertThat(aenergy(status)).containsEntry("total", new BigDecimal("1200.000"));
        // the last full minute: 2400 W for 60 s = 40 Wh = 40000 mWh
        assertThat((List<?>) aenergy(status).get("by_minute")).first().isEqualTo(new BigDecimal("40000.000"));
    }

    @Test
    void withTheRelayOffTheTankOnlyLosesHeat() throws Exception {
        ShellyBoiler boiler = boiler(40, null);
        clock.advance(Duration.ofMinutes(30));
        // 1.7 W/K × 22 K × 0.5 h = 18.7 Wh → 18.7/232.556 = 0.080 K
        assertThat(boiler.temperatureC()).isCloseTo(39.920, within(0.002));
        Map<String, Object> status = boiler.call("Switch.GetStatus", Map.of("id", 0), "HTTP_in");
        assertThat(status).containsEntry("output", false).containsEntry("apower", new BigDecimal("0.0"));
        assertThat(aenergy(status)).containsEntry("total", new BigDecimal("0.000"));
    }

    @Test
    void theThermostatCutsTheElementAtItsSettingAndThenOnlyMakesUpTheLoss() throws Exception {
        ShellyBoiler boiler = boiler(64, null);
        boiler.call("Switch.Set", Map.of("id", 0, "on", true), "MQTT");
        clock.advance(Duration.ofMinutes(30));
        assertThat(boiler.temperatureC()).isCloseTo(65.0, within(0.001));
        // 1 K to reach 65 °C (232.6 Wh) and the loss of half an hour at 64–65 °C, 1.7 × ≈46.9 × 0.5 = 39.9 Wh
        assertThat(boiler.energyWh()).isCloseTo(WH_PER_K + 39.9, within(0.5));
        // held at 65 °C the element makes up the loss: 1.7 W/K × 47 K = 79.9 W on average
        Map<String, Object> status = boiler.call("Switch.GetStatus", Map.of("id", 0), "MQTT");
        assertThat(status).containsEntry("output", true).containsEntry("apower", new BigDecimal("79.9"));
    }

    @Test
    void aShowerLowersTheTemperature() throws Exception {
        HotWaterDraws draws = new HotWaterDraws(7);
        // the first minute of the morning in which the shower runs at its full 8 l/min
        Instant minute = NOON.minus(Duration.ofHours(6));
        while (draws.litresInMinute(minute) < 8) {
            minute = minute.plusSeconds(60);
        }
        MovableClock at = new MovableClock(minute);
        ShellyBoiler boiler = new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 60, draws,
                at);
        at.advance(Duration.ofMinutes(1));
        // 8 l of 10 °C mains water into 200 l at 60 °C: 60 − 50 × 8/200 = 58.0 °C (mixed in six steps of 10 s it is
        // 58.03, and the minute's loss takes 0.005 K)
        assertThat(boiler.temperatureC()).isCloseTo(58.0, within(0.05));
    }

    @Test
    void theTemperatureAddOnReportsTheTankAndItsProbeFault() throws Exception {
        ShellyBoiler boiler = boiler(52.34, null);
        Map<String, Object> t = boiler.call("Temperature.GetStatus", Map.of("id", 100), "HTTP_in");
        assertThat(t).containsEntry("id", 100).containsEntry("tC", new BigDecimal("52.3"))
                .containsEntry("tF", new BigDecimal("126.2"));
        boiler.sensorFault(true);
        assertThat(boiler.call("Temperature.GetStatus", Map.of("id", 100), "HTTP_in"))
                .containsEntry("tC", null).containsEntry("errors", List.of("read"));
    }

    @Test
    void answersWithShellysErrorCodes() {
        ShellyBoiler boiler = boiler(50, null);
        assertThatThrownBy(() -> boiler.call("Switch.GetStatus", Map.of("id", 1), "HTTP_in"))
                .isInstanceOfSatisfying(ShellyBoiler.RpcError.class, e -> {
                    assertThat(e.code()).isEqualTo(-105);
                    assertThat(e.getMessage()).isEqualTo("Argument 'id', value 1 not found!");
                });
        assertThatThrownBy(() -> boiler.call("Switch.Set", Map.of("id", 0), "HTTP_in"))
                .isInstanceOfSatisfying(ShellyBoiler.RpcError.class, e -> assertThat(e.code()).isEqualTo(-103));
        assertThatThrownBy(() -> boiler.call("Switch.Toggle2", Map.of(), "HTTP_in"))
                .isInstanceOfSatisfying(ShellyBoiler.RpcError.class, e -> assertThat(e.code()).isEqualTo(404));
    }

    @Test
    void overtemperatureSwitchesTheRelayOffAndRefusesToSwitchItOn() throws Exception {
        ShellyBoiler boiler = boiler(50, null);
        boiler.call("Switch.Set", Map.of("id", 0, "on", true), "HTTP_in");
        boiler.overtemperature(true);
        assertThat(boiler.call("Switch.GetStatus", Map.of("id", 0), "HTTP_in")).containsEntry("output", false)
                .containsEntry("errors", List.of("overtemp"));
        assertThatThrownBy(() -> boiler.call("Switch.Set", Map.of("id", 0, "on", true), "HTTP_in"))
                .isInstanceOfSatisfying(ShellyBoiler.RpcError.class, e -> assertThat(e.code()).isEqualTo(-107));
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> aenergy(Map<String, Object> status) {
        return (Map<String, Object>) status.get("aenergy");
    }
}
