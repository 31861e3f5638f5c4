package org.meterkast.server.solar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.InverterReading;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedInverter;
import org.meterkast.sim.SunSpecInverterServer;
import org.meterkast.sim.SunSpecInverterServer.Model;
import org.meterkast.sim.SunSpecInverterServer.Options;

/** The SunSpec reader against the simulator's SunSpec inverter, a real Modbus TCP server on loopback. */
class SunSpecInverterTest {
    private static final Instant JUNE_NOON = Instant.parse("2026-06-21T11:00:00Z");
    private static final Clock CLOCK = Clock.fixed(JUNE_NOON, ZoneOffset.UTC);
    private final Household household = new Household(HouseholdSettings.defaults(2026));

    @Test
    void readsPowerAndTheLifetimeCounterOfModel103WithItsScaleFactors() throws Exception {
        SimulatedInverter roof = new SimulatedInverter(household, JUNE_NOON, 12_345_678L * 3600);
        AtomicReference<Instant> now = new AtomicReference<>(JUNE_NOON);
        try (SunSpecInverterServer server = SunSpecInverterServer.start(Options.loopback(0), "SN-1",
                () -> roof.readAt(now.get()));
             SunSpecInverter inverter = new SunSpecInverter("127.0.0.1:" + server.port(), 1, Duration.ofSeconds(2),
                     CLOCK)) {
            SimulatedInverter.Reading expected = roof.readAt(JUNE_NOON);
            assertThat(expected.watts()).as("a clear June noon").isGreaterThan(500);
            InverterReading first = inverter.read();
            // W goes out in tenths of a watt with W_SF −1 (or whole watts once above 3276 W) and comes back exact
            assertThat(first.watts()).isEqualTo(expected.watts());
            assertThat(first.lifetimeWh()).isEqualTo(12_345_678L);

            now.set(JUNE_NOON.plusSeconds(600));
            InverterReading later = inverter.read();
            SimulatedInverter.Reading after = roof.readAt(JUNE_NOON.plusSeconds(600));
            assertThat(later.lifetimeWh()).isEqualTo(after.lifetimeWh()).isGreaterThan(12_345_678L + 50);
            assertThat(later.watts()).isEqualTo(after.watts());
        }
    }

    @Test
    void findsTheFloatModel113AtBaseZero() throws Exception {
        SimulatedInverter roof = new SimulatedInverter(household, JUNE_NOON, 5_000L * 3600);
        Options options = new Options("127.0.0.1", 0, 1, 0, Model.THREE_PHASE_FLOAT);
        try (SunSpecInverterServer server = SunSpecInverterServer.start(options, "SN-2",
                () -> roof.readAt(JUNE_NOON));
             SunSpecInverter inverter = new SunSpecInverter("127.0.0.1:" + server.port(), 1, Duration.ofSeconds(2),
                     CLOCK)) {
            InverterReading r = inverter.read();
            assertThat(r.watts()).isEqualTo(roof.readAt(JUNE_NOON).watts()).isPositive();
            assertThat(r.lifetimeWh()).isEqualTo(5_000L);
        }
    }

    @Test
    void aUnitThatDoesNotAnswerIsAFailureNotAHang() throws Exception {
        SimulatedInverter roof = new SimulatedInverter(household, JUNE_NOON, 0);
        try (SunSpecInverterServer server = SunSpecInverterServer.start(Options.loopback(0), "SN-3",
                () -> roof.readAt(JUNE_NOON));
             SunSpecInverter inverter = new SunSpecInverter("127.0.0.1:" + server.port(), 7,
                     Duration.ofMillis(300), CLOCK)) {
            // silence at the first base is a device (or unit) that does not answer, not one without SunSpec: the
            // read fails after one timeout instead of one per base
            long started = System.nanoTime();
            assertThatThrownBy(inverter::read).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("unit 7: reading 2 registers at 40000: no answer within 300 ms")
                    .hasMessageContaining("is the unit id right?")
                    .satisfies(e -> assertThat(((DeviceException) e).badData()).isFalse());
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_500));
        }
    }

    @Test
    void nothingListeningIsAFailure() {
        try (SunSpecInverter inverter = new SunSpecInverter("127.0.0.1:1", 1, Duration.ofMillis(500), CLOCK)) {
            assertThatThrownBy(inverter::read).isInstanceOf(DeviceException.class)
                    .satisfies(e -> assertThat(((DeviceException) e).badData()).isFalse());
        }
    }

    @Test
    void unimplementedAndOutOfRangeValuesAreBadData() throws Exception {
        int[] model = new int[52];
        model[0] = 103;
        model[1] = 50;
        model[14] = 0x8000;
        assertThatThrownBy(() -> SunSpecInverter.decodeInt(model, CLOCK)).hasMessage("W is not implemented (0x8000)");
        model[14] = 1234;
        model[15] = 0x8000;
        assertThatThrownBy(() -> SunSpecInverter.decodeInt(model, CLOCK)).hasMessage("W_SF is not implemented (0x8000)");
        model[15] = 42;
        assertThatThrownBy(() -> SunSpecInverter.decodeInt(model, CLOCK)).hasMessage("W_SF 42 is outside -10..10");
        // W 1234 × 10^1, WH 0x0001_0000 × 10^3 (kWh counters exist), a negative W at night is no production
        model[15] = 1;
        model[24] = 1;
        model[26] = 3;
        assertThat(SunSpecInverter.decodeInt(model, CLOCK)).isEqualTo(new InverterReading(JUNE_NOON, 12_340L,
                65_536_000L));
        model[14] = -3 & 0xFFFF;
        model[24] = 0;
        assertThat(SunSpecInverter.decodeInt(model, CLOCK)).as("acc32 0: WH not implemented")
                .isEqualTo(new InverterReading(JUNE_NOON, 0, null));
    }

    @Test
    void anAddressIsHostAndPort() {
        assertThat(SunSpecInverter.parseAddress("192.168.1.70:1502")).containsExactly("192.168.1.70", "1502");
        assertThat(SunSpecInverter.parseAddress("inverter.local")).containsExactly("inverter.local", "502");
        assertThatThrownBy(() -> SunSpecInverter.parseAddress("inverter:99999"))
                .hasMessageContaining("'99999' in 'inverter:99999' is not a port");
    }
}
