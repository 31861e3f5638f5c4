package org.meterkast.server.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.TestHosts;
import org.meterkast.sim.BatteryModel;
import org.meterkast.sim.BatterySettings;
import org.meterkast.sim.SunSpecBatteryServer;

/**
 * The {@code modbus} battery adapter against the simulator's plain register block over a real Modbus TCP socket:
 * charge in tenths of a % at 1000, the power as an int32, low word first, discharging positive, at 1001, a setpoint
 * in tens of watts at 1010 where −32768 means auto. A 10 kWh battery of 5 kW at 95 % each way, half full.
 */
class RegisterMapBatteryTest {
    private static final String ORIGIN = "meterkast.meters.home.devices.garage.";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T10:00:00Z"));
    private final AtomicLong householdNet = new AtomicLong();
    private SunSpecBatteryServer server;
    private RegisterMapBattery battery;

    private Map<String, String> plainBlock() {
        Map<String, String> v = new HashMap<>();
        v.put("address", "127.0.0.1:" + server.port());
        v.put("soc-register", "1000");
        v.put("soc-scale", "0.1");
        v.put("power-register", "1001");
        v.put("power-type", "int32");
        v.put("low-word-first", "true");
        v.put("discharge-positive", "true");
        v.put("setpoint-register", "1010");
        v.put("setpoint-scale", "10");
        v.put("setpoint-auto", "-32768");
        v.put("capacity-kwh", "10");
        v.put("max-charge-kw", "5");
        v.put("max-discharge-kw", "4.2");
        return v;
    }

    private RegisterMapBattery start(String... changes) throws Exception {
        server = SunSpecBatteryServer.start(SunSpecBatteryServer.Options.loopback(0), "BAT-8",
                new BatteryModel(BatterySettings.DEFAULT, 50), clock, householdNet::get, null);
        Map<String, String> v = plainBlock();
        for (int i = 0; i < changes.length; i += 2) {
            v.put(changes[i], changes[i + 1]);
        }
        battery = new RegisterMapBatteryFactory(clock, TestHosts.defaults()).create(settings(v));
        return battery;
    }

    private static DeviceSettings settings(Map<String, String> values) {
        return new DeviceSettings(1, "garage", DeviceKind.BATTERY, "modbus", values, ORIGIN, "home");
    }

    @AfterEach
    void stop() {
        if (battery != null) {
            battery.close();
        }
        if (server != null) {
            server.close();
        }
    }

    @Test
    void readsTheChargeAndThePowerWithTheirLayoutAndSign() throws Exception {
        start();
        assertThat(battery.read()).isEqualTo(new BatteryReading(clock.instant(), BatteryStatus.STANDBY, 50.0,
                Power.ZERO));
        assertThat(battery.limits()).isEqualTo(new BatteryLimits(10_000, Power.ofWatts(5_000), Power.ofWatts(4_200),
                10, 100));
        householdNet.set(1_500);
        clock.move(Duration.ofSeconds(36));
        // its own control covers the import: 1500 / 0.95 × 0.01 = 15.79 Wh out, 49.84 %, in tenths 498
        BatteryReading r = battery.read();
        assertThat(r.power()).isEqualTo(Power.ofWatts(-1_500));
        assertThat(r.socPercent()).isCloseTo(49.8, within(1e-9));
        assertThat(r.status()).isEqualTo(BatteryStatus.DISCHARGING);
    }

    @Test
    void readsTheSameFromInputRegisters() throws Exception {
        start("input-registers", "true");
        householdNet.set(-900);
        clock.move(Duration.ofSeconds(36));
        // 900 × 0.95 × 0.01 = 8.55 Wh in: 50.0855 %, in tenths 501
        BatteryReading r = battery.read();
        assertThat(r.power()).isEqualTo(Power.ofWatts(900));
        assertThat(r.socPercent()).isCloseTo(50.1, within(1e-9));
        battery.setPower(Power.ofWatts(-1_000));                    // the setpoint stays a holding register
        clock.move(Duration.ofSeconds(10));
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-1_000));
    }

    @Test
    void chargesHoldsAndIsReleasedThroughTheSetpoint() throws Exception {
        start();
        battery.setPower(Power.ofWatts(2_000));
        clock.move(Duration.ofSeconds(36));
        // 19 Wh in: 50.19 %, in tenths 502
        BatteryReading charged = battery.read();
        assertThat(charged.power()).isEqualTo(Power.ofWatts(2_000));
        assertThat(charged.socPercent()).isCloseTo(50.2, within(1e-9));
        assertThat(charged.status()).isEqualTo(BatteryStatus.CHARGING);

        householdNet.set(2_000);
        battery.setPower(Power.ZERO);
        clock.move(Duration.ofSeconds(36));
        assertThat(battery.read().power()).as("held while the house imports").isEqualTo(Power.ZERO);

        battery.release();
        clock.move(Duration.ofSeconds(36));
        assertThat(battery.read().power()).as("its own control covers the import").isEqualTo(Power.ofWatts(-2_000));
    }

    @Test
    void clampsToTheLimitsOfItsSettings() throws Exception {
        start();
        battery.setPower(Power.ofWatts(-9_000));
        clock.move(Duration.ofSeconds(10));
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-4_200));
    }

    @Test
    void aChargeOutsideZeroToHundredIsBadData() throws Exception {
        start("soc-register", "40000");                              // "Su" = 0x5375 = 21365 tenths
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageEndingWith(": state of charge 2136.5 % (register 40000) is outside 0–100")
                .satisfies(e -> assertThat(((DeviceException) e).badData()).isTrue());
    }

    @Test
    void aSetpointTheBatteryRefusesIsAFailure() throws Exception {
        start("setpoint-register", "1000");                          // the charge: read-only
        assertThatThrownBy(() -> battery.setPower(Power.ofWatts(1_000))).isInstanceOf(DeviceException.class)
                .hasMessage("127.0.0.1:" + server.port() + " unit 1: refused writing 1 registers at 1000: "
                        + "ILLEGAL_DATA_ADDRESS");
    }

    @Test
    void aBatteryThatStopsAnsweringFailsWithinTheTimeout() throws Exception {
        start();
        battery.read();
        server.silent(true);
        long started = System.nanoTime();
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no answer within 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));
        server.silent(false);
        assertThat(battery.read().socPercent()).isEqualTo(50.0);
    }

    @Test
    void settingsThatMakeNoMapAreRefusedByName() throws Exception {
        server = SunSpecBatteryServer.start(SunSpecBatteryServer.Options.loopback(0), "BAT-9",
                new BatteryModel(BatterySettings.DEFAULT, 50), clock, householdNet::get, null);
        RegisterMapBatteryFactory factory = new RegisterMapBatteryFactory(clock, TestHosts.defaults());
        Map<String, String> v = plainBlock();
        v.put("power-type", "float32");
        assertThatThrownBy(() -> factory.create(settings(v))).hasMessage(ORIGIN
                + "power-type must be one of int16, uint16, int32, uint32, not 'float32'");
        v.put("power-type", "int32");
        v.put("setpoint-auto", "65535");
        assertThatThrownBy(() -> factory.create(settings(v))).hasMessage(ORIGIN
                + "setpoint-auto 65535 does not fit the setpoint's int16");
        v.put("setpoint-auto", "-32768");
        v.put("min-soc", "100");
        assertThatThrownBy(() -> factory.create(settings(v))).hasMessage(ORIGIN + "min-soc must be 0 to 99, not 100");
        v.remove("min-soc");
        v.remove("capacity-kwh");
        assertThatThrownBy(() -> factory.create(settings(v))).hasMessage(ORIGIN
                + "capacity-kwh is required for a battery of type modbus");
    }
}
