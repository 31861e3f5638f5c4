package org.meterkast.server.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
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
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedInverter;
import org.meterkast.sim.SunSpecBatteryServer;
import org.meterkast.sim.SunSpecInverterServer;

/**
 * The {@code sunspec} battery adapter, made by its factory, against the simulator's SunSpec battery on a real Modbus
 * TCP socket: a 10 kWh battery of 5 kW at 95 % each way with a 10 % reserve, half full unless told otherwise, the
 * household neither importing nor exporting unless told otherwise. Expected figures are worked out beside them.
 */
class SunSpecBatteryTest {
    private static final String ORIGIN = "meterkast.meters.home.devices.garage.";

    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T10:00:00Z"));
    private final AtomicLong householdNet = new AtomicLong();
    private SunSpecBatteryServer server;
    private SunSpecBattery battery;

    private SunSpecBattery start(double socPercent, String... settings) throws Exception {
        server = SunSpecBatteryServer.start(SunSpecBatteryServer.Options.loopback(0), "BAT-7",
                new BatteryModel(BatterySettings.DEFAULT, socPercent), clock, householdNet::get, null);
        Map<String, String> values = new java.util.HashMap<>(Map.of("address", "127.0.0.1:" + server.port()));
        for (int i = 0; i < settings.length; i += 2) {
            values.put(settings[i], settings[i + 1]);
        }
        battery = new SunSpecBatteryFactory(clock, TestHosts.defaults()).create(settings(values));
        return battery;
    }

    private static DeviceSettings settings(Map<String, String> values) {
        return new DeviceSettings(1, "garage", DeviceKind.BATTERY, "sunspec", values, ORIGIN, "home");
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
    void findsModels124And802AndReadsWhatTheBatteryDeclares() throws Exception {
        start(50);
        BatteryReading r = battery.read();
        assertThat(r).isEqualTo(new BatteryReading(clock.instant(), BatteryStatus.STANDBY, 50.0, Power.ZERO));
        // 802 WHRtg 10000 Wh, WChaRteMax/WDisChaRteMax 5000 W, SoCMin 10 % (= 124 MinRsvPct), SoCMax 100 %
        assertThat(battery.limits()).isEqualTo(new BatteryLimits(10_000, Power.ofWatts(5_000), Power.ofWatts(5_000),
                10.0, 100.0));
        assertThat(battery.describe()).isEqualTo("SunSpec battery 127.0.0.1:" + server.port() + " unit 1");
    }

    @Test
    void chargesAtTheAskedPower() throws Exception {
        start(50);
        battery.setPower(Power.ofWatts(2_000));
        clock.move(Duration.ofSeconds(36));
        // 2000 W × 0.95 × 0.01 h = 19 Wh into 5000 Wh of 10 kWh: 50.19 %
        BatteryReading r = battery.read();
        assertThat(r.socPercent()).isCloseTo(50.19, within(1e-9));
        assertThat(r.power()).isEqualTo(Power.ofWatts(2_000));
        assertThat(r.status()).isEqualTo(BatteryStatus.CHARGING);
    }

    @Test
    void dischargesAtTheAskedPower() throws Exception {
        start(50);
        battery.setPower(Power.ofWatts(-1_500));
        clock.move(Duration.ofSeconds(36));
        // 1500 W / 0.95 × 0.01 h = 15.79 Wh out of 5000 Wh: 49.842 %, shown to 0.01 %
        BatteryReading r = battery.read();
        assertThat(r.socPercent()).isCloseTo(49.84, within(1e-9));
        assertThat(r.power()).isEqualTo(Power.ofWatts(-1_500));
        assertThat(r.status()).isEqualTo(BatteryStatus.DISCHARGING);
    }

    @Test
    void holdsWhileTheHouseImportsAndOnReleaseCoversItAgain() throws Exception {
        start(50);
        householdNet.set(2_000);
        battery.setPower(Power.ZERO);
        clock.move(Duration.ofSeconds(36));
        BatteryReading held = battery.read();
        assertThat(held.power()).isEqualTo(Power.ZERO);
        assertThat(held.socPercent()).isEqualTo(50.0);
        assertThat(held.status()).isEqualTo(BatteryStatus.STANDBY);

        battery.release();
        clock.move(Duration.ofSeconds(36));
        // its own self-consumption covers the 2000 W import: 2000 / 0.95 × 0.01 = 21.05 Wh out, 49.79 %
        BatteryReading own = battery.read();
        assertThat(own.power()).isEqualTo(Power.ofWatts(-2_000));
        assertThat(own.socPercent()).isCloseTo(49.79, within(1e-9));
        assertThat(own.status()).isEqualTo(BatteryStatus.DISCHARGING);
    }

    @Test
    void clampsAPowerBeyondItsLimits() throws Exception {
        start(50);
        battery.setPower(Power.ofWatts(9_000));
        clock.move(Duration.ofSeconds(36));
        // held to 5000 W: 5000 × 0.95 × 0.01 = 47.5 Wh, 50.475 % shown as 50.48 %
        BatteryReading r = battery.read();
        assertThat(r.power()).isEqualTo(Power.ofWatts(5_000));
        assertThat(r.socPercent()).isCloseTo(50.48, within(1e-9));

        battery.setPower(Power.ofWatts(-12_000));
        clock.move(Duration.ofSeconds(1));
        assertThat(battery.read().power()).isEqualTo(Power.ofWatts(-5_000));
    }

    @Test
    void returnsToItsOwnControlWhenTheRevertTimePassesWithoutACommand() throws Exception {
        start(50, "revert", "60s");
        battery.setPower(Power.ofWatts(2_000));
        clock.move(Duration.ofSeconds(100));
        // 60 s at 2000 W: 2000 × 0.95 × 60 / 3600 = 31.67 Wh, 50.3167 % shown as 50.32 %; then nothing to cover
        BatteryReading r = battery.read();
        assertThat(r.socPercent()).isCloseTo(50.32, within(1e-9));
        assertThat(r.power()).isEqualTo(Power.ZERO);
        assertThat(r.status()).isEqualTo(BatteryStatus.STANDBY);
    }

    @Test
    void aCommandRepeatedWithinTheRevertTimeKeepsIt() throws Exception {
        start(50, "revert", "30s");
        battery.setPower(Power.ofWatts(-1_000));
        clock.move(Duration.ofSeconds(20));
        battery.setPower(Power.ofWatts(-1_000));
        clock.move(Duration.ofSeconds(20));
        assertThat(battery.read().power()).as("40 s after the first command, 20 s after the second")
                .isEqualTo(Power.ofWatts(-1_000));
    }

    @Test
    void aFaultIsAnError() throws Exception {
        start(50);
        server.fault(true);
        BatteryReading r = battery.read();
        assertThat(r.status()).isEqualTo(BatteryStatus.ERROR);
        assertThat(r.power()).isEqualTo(Power.ZERO);
    }

    // State 3 CONNECTED, 4 STANDBY, 99 FAULT; Evt1 bit 25 OTHER_ALARM (33554432), bit 14 UNDER_SOC_MIN_WARNING (16384),
    // 4294967295 not implemented; ChaSt 3 DISCHARGING, 4 CHARGING, 5 FULL, 6 HOLDING, 65535 not implemented
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                        | State | Evt1       | ChaSt | W (charging +) | status
          charging                                    |     3 |          0 |     4 |           2000 | CHARGING
          discharging                                 |     3 |          0 |     3 |          -1500 | DISCHARGING
          holding                                     |     4 |          0 |     6 |              0 | STANDBY
          full, a few watts of idle flow              |     4 |          0 |     5 |             12 | STANDBY
          a trickle while ChaSt says charging         |     3 |          0 |     4 |             12 | CHARGING
          ChaSt lags: says charging, power goes out   |     3 |          0 |     4 |           -800 | DISCHARGING
          ChaSt lags: holding, power goes in          |     3 |          0 |     6 |            800 | CHARGING
          ChaSt not implemented, 19 W out             |     3 |          0 | 65535 |            -19 | STANDBY
          ChaSt not implemented, 20 W out             |     3 |          0 | 65535 |            -20 | DISCHARGING
          fault                                       |    99 |          0 |     1 |              0 | ERROR
          fault while power still flows               |    99 |          0 |     4 |           3000 | ERROR
          an alarm in Evt1                            |     3 |   33554432 |     4 |           1000 | ERROR
          a warning only: under SoC min               |     3 |      16384 |     2 |              0 | STANDBY
          Evt1 not implemented                        |     3 | 4294967295 |     3 |          -900 | DISCHARGING
        """)
    void statusAsTheManualShowsIt(String name, int state, long evt1, int chaSt, long watts, BatteryStatus status) {
        assertThat(SunSpecBattery.status(state, evt1, chaSt, watts)).isEqualTo(status);
    }

    @Test
    void aBatteryThatStopsAnsweringFailsWithinTheTimeoutAndIsReadAgainLater() throws Exception {
        start(50);
        battery.read();
        server.silent(true);
        // a read and a command, each failing after the 1 s timeout: inside the control loop's 2 s per call
        long started = System.nanoTime();
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no answer within 1000 ms")
                .satisfies(e -> assertThat(((DeviceException) e).badData()).isFalse());
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));
        started = System.nanoTime();
        assertThatThrownBy(() -> battery.setPower(Power.ofWatts(1_000))).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no answer within 1000 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(1_900));

        server.silent(false);
        assertThat(battery.read().socPercent()).isEqualTo(50.0);
    }

    @Test
    void aBatteryThatIsGoneFailsAtOnce() throws Exception {
        start(50);
        battery.read();
        server.close();
        long started = System.nanoTime();
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("127.0.0.1:" + server.port() + " unit 1: ");
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofMillis(2_500));
        server = null;
    }

    @Test
    void anInverterWithoutStorageModelsIsNoBattery() throws Exception {
        SimulatedInverter roof = new SimulatedInverter(new Household(HouseholdSettings.defaults(2026)),
                clock.instant(), 0);
        try (SunSpecInverterServer inverter = SunSpecInverterServer.start(SunSpecInverterServer.Options.loopback(0),
                "SN-9", () -> roof.readAt(clock.instant()));
             SunSpecBattery b = new SunSpecBatteryFactory(clock, TestHosts.defaults())
                     .create(settings(Map.of("address", "127.0.0.1:" + inverter.port())))) {
            assertThatThrownBy(b::read).isInstanceOf(DeviceException.class)
                    .hasMessage("no SunSpec storage model (124) and no SunSpec battery model (802) at 127.0.0.1:"
                            + inverter.port() + " unit 1 (models [1, 103])")
                    .satisfies(e -> assertThat(((DeviceException) e).badData()).isTrue());
            assertThatThrownBy(b::limits).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("no SunSpec storage model (124)");
        }
    }

    @Test
    void settingsThatMakeNoBatteryAreRefusedByName() {
        SunSpecBatteryFactory factory = new SunSpecBatteryFactory(clock, TestHosts.defaults());
        assertThatThrownBy(() -> factory.create(settings(Map.of("address", "10.0.0.9:99999"))))
                .hasMessage(ORIGIN + "address: '99999' in '10.0.0.9:99999' is not a port (1 to 65535)");
        // 30 s to 10 min: the loop repeats a command at most 27 s after the last, and a battery left alone goes
        // back to its own control within 10 minutes
        assertThatThrownBy(() -> factory.create(settings(Map.of("address", "10.0.0.9", "revert", "29s"))))
                .hasMessage(ORIGIN + "revert must be 30s to 10m, not PT29S");
        assertThatThrownBy(() -> factory.create(settings(Map.of("address", "10.0.0.9", "revert", "601s"))))
                .hasMessage(ORIGIN + "revert must be 30s to 10m, not PT10M1S");
        assertThatThrownBy(() -> factory.create(settings(Map.of("address", "10.0.0.9", "revert", "18h"))))
                .hasMessage(ORIGIN + "revert must be 30s to 10m, not PT18H");
        for (String revert : new String[] {"30s", "10m"}) {
            try {
                factory.create(settings(Map.of("address", "10.0.0.9", "revert", revert))).close();
            } catch (DeviceException e) {
                throw new AssertionError(revert + ": " + e.getMessage(), e);
            }
        }
        assertThatThrownBy(() -> factory.create(settings(Map.of())))
                .hasMessage(ORIGIN + "address is required for a battery of type sunspec");
    }

    @Test
    void aBatteryEnteredInTheAppWhoseHostIsLoopbackIsRefusedAtConnectAndNothingIsSent() throws Exception {
        server = SunSpecBatteryServer.start(SunSpecBatteryServer.Options.loopback(0), "BAT-7",
                new BatteryModel(BatterySettings.DEFAULT, 50), clock, householdNet::get, null);
        // 'localhost' resolves to loopback, outside the default allowed networks: refused at the connect itself
        battery = new SunSpecBatteryFactory(clock, TestHosts.defaults()).create(TestHosts.fromApp(DeviceKind.BATTERY,
                "sunspec", Map.of("address", "localhost:" + server.port())));
        String refused = "localhost:" + server.port() + " unit 1: cannot connect: 'localhost' is not"
                + " a host a device entered in the app may reach (outside meterkast.added-sources.allowed-networks);"
                + " nothing was sent to it";
        assertThatThrownBy(battery::read).isInstanceOf(DeviceException.class).hasMessage(refused);
        assertThatThrownBy(() -> battery.setPower(Power.ofWatts(2_000))).isInstanceOf(DeviceException.class)
                .hasMessage(refused);
        // a minute on: had the 2 kW charge arrived, the battery would draw 2000 W and be 50.3 % full
        // (2000 W x 0.95 x 60 s / 3600 = 31.7 Wh of 10 kWh); it holds at 0 W and 50 %
        clock.move(Duration.ofSeconds(60));
        server.update();
        assertThat(server.watts()).as("the simulated battery was told nothing").isZero();
        assertThat(server.socPercent()).isEqualTo(50.0);
        // nor does a listener on the same loopback see a single connection
        try (java.net.ServerSocket listener = new java.net.ServerSocket(0, 1,
                java.net.InetAddress.getByName("127.0.0.1"));
             SunSpecBattery b = new SunSpecBatteryFactory(clock, TestHosts.defaults()).create(TestHosts.fromApp(
                     DeviceKind.BATTERY, "sunspec", Map.of("address", "127.0.0.1:" + listener.getLocalPort())))) {
            listener.setSoTimeout(300);
            assertThatThrownBy(b::read).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("cannot connect: '127.0.0.1' is not a host a device entered in the app");
            assertThatThrownBy(listener::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aBatteryEnteredInTheAppOnAnAllowedNetworkIsReachedAtTheAddressChecked() throws Exception {
        server = SunSpecBatteryServer.start(SunSpecBatteryServer.Options.loopback(0), "BAT-7",
                new BatteryModel(BatterySettings.DEFAULT, 50), clock, householdNet::get, null);
        battery = new SunSpecBatteryFactory(clock, TestHosts.allowing("127.0.0.0/8")).create(TestHosts.fromApp(
                DeviceKind.BATTERY, "sunspec", Map.of("address", "127.0.0.1:" + server.port())));
        assertThat(battery.read()).isEqualTo(new BatteryReading(clock.instant(), BatteryStatus.STANDBY, 50.0,
                Power.ZERO));
    }
}
