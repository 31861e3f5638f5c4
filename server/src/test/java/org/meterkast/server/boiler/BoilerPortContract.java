package org.meterkast.server.boiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.Power;

/**
 * What every boiler adapter must show, whatever its protocol: run by one subclass per adapter against its own peer
 * (a simulated Shelly over HTTP, or over MQTT through a broker), on a clock the subclass moves. The peer is a 200 l
 * tank with a 2.4 kW element whose thermostat is at 65 °C, in an 18 °C room, at 45 °C, nobody drawing water, its
 * relay off.
 */
public abstract class BoilerPortContract {
    /** The boiler, on its peer as above. */
    protected abstract BoilerPort boiler() throws Exception;

    /** Lets this much time pass for the tank, and waits until the adapter can see what the device says then. */
    protected abstract void letPass(Duration time) throws Exception;

    protected BoilerPort boiler;

    @BeforeEach
    void connect() throws Exception {
        boiler = boiler();
    }

    @AfterEach
    void close() {
        boiler.close();
    }

    @Test
    void aReadingIsTheTanksTemperatureAndAnIdleRelay() throws Exception {
        BoilerReading reading = boiler.read();
        assertThat(reading.status()).isEqualTo(BoilerStatus.IDLE);
        assertThat(reading.switchedOn()).isFalse();
        assertThat(reading.power()).isEqualTo(Power.ZERO);
        assertThat(reading.temperatureC().getAsDouble()).isCloseTo(45.0, within(0.05));
        assertThat(boiler.describe()).isNotBlank();
    }

    @Test
    void switchedOnTheElementHeatsTheTank() throws Exception {
        boiler.switchOn(true);
        letPass(Duration.ofMinutes(30));
        BoilerReading reading = boiler.read();
        assertThat(reading.status()).isEqualTo(BoilerStatus.HEATING);
        assertThat(reading.switchedOn()).isTrue();
        assertThat(reading.power()).isEqualTo(Power.ofWatts(2400));
        // 1200 Wh into 232.556 Wh/K: +5.160 K, less 0.09 K of loss: 50.07 °C, which the probe reads as 50.1
        assertThat(reading.temperatureC().getAsDouble()).isCloseTo(50.07, within(0.06));
        assertThat(boiler.ratedPower()).isEqualTo(Power.ofWatts(2400));
    }

    @Test
    void switchedOffItIdles() throws Exception {
        boiler.switchOn(true);
        letPass(Duration.ofMinutes(1));
        boiler.switchOn(false);
        letPass(Duration.ofMinutes(1));
        BoilerReading reading = boiler.read();
        assertThat(reading.status()).isEqualTo(BoilerStatus.IDLE);
        assertThat(reading.switchedOn()).isFalse();
        assertThat(reading.power()).isEqualTo(Power.ZERO);
    }
}
