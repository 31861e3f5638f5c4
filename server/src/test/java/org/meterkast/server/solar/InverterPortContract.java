package org.meterkast.server.solar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;

/**
 * What every inverter adapter must show, whatever its protocol: run by one subclass per adapter against its own
 * peer (SunSpec over a real Modbus TCP server, the simulated roof), on a sunny day's clock the subclass moves.
 */
public abstract class InverterPortContract {
    /** The inverter, on a peer that produces now. */
    protected abstract InverterPort inverter() throws Exception;

    /** Lets this much time pass for the inverter's sun and counter. */
    protected abstract void letPass(Duration time) throws Exception;

    protected InverterPort inverter;

    @BeforeEach
    void connect() throws Exception {
        inverter = inverter();
    }

    @AfterEach
    void close() {
        inverter.close();
    }

    @Test
    void aReadingIsProductionAsANegativeDevicePower() throws Exception {
        InverterReading reading = inverter.read();
        assertThat(reading.watts()).as("a sunny noon").isPositive();
        assertThat(reading.power().watts()).isEqualTo(-reading.watts());
        assertThat(inverter.describe()).isNotBlank();
    }

    @Test
    void theLifetimeCounterGrowsWithTheProduction() throws Exception {
        InverterReading before = inverter.read();
        letPass(Duration.ofMinutes(15));
        InverterReading after = inverter.read();
        assertThat(before.lifetimeWh()).isNotNull();
        assertThat(after.at()).isAfter(before.at());
        // at least a few hundred W for a quarter hour: tens of Wh
        assertThat(after.lifetimeWh() - before.lifetimeWh()).isGreaterThan(20);
    }

    @Test
    void disconnectedItConnectsAgainOnTheNextRead() throws Exception {
        InverterReading first = inverter.read();
        inverter.disconnect();
        InverterReading again = inverter.read();
        assertThat(again.lifetimeWh()).isGreaterThanOrEqualTo(first.lifetimeWh());
    }
}
