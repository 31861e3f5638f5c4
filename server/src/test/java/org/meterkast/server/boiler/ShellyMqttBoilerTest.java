package org.meterkast.server.boiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meterkast.server.boiler.ShellyMqttBoilerContractTest.PREFIX;
import static org.meterkast.server.boiler.ShellyMqttBoilerContractTest.awaitSwitchStatus;
import static org.meterkast.server.boiler.ShellyMqttBoilerContractTest.settings;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.MovableClock;
import org.meterkast.server.device.DeviceFactories;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.TestHosts;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.shelly.ShellyBoiler;
import org.meterkast.sim.shelly.ShellyMqttDevice;

/**
 * {@code shelly-mqtt} against the simulated Shelly through an embedded Moquette broker: silence, offline, errors,
 * nonsense on a status topic, and a broker that restarts.
 */
class ShellyMqttBoilerTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-10T11:00:00Z"));
    private final EmbeddedBroker broker = EmbeddedBroker.started();
    private final ShellyBoiler shelly = new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 55,
            null, clock);
    private final ShellyMqttDevice device = ShellyMqttDevice.start(shelly, broker.url(), PREFIX, clock,
            Duration.ofSeconds(60), Duration.ofMillis(50));
    private ShellyMqttBoiler boiler;

    @AfterEach
    void stop() {
        if (boiler != null) {
            boiler.close();
        }
        device.close();
        broker.close();
    }

    private ShellyMqttBoiler boiler(Map<String, String> more) throws Exception {
        boiler = new ShellyMqttBoilerFactory(clock, TestHosts.defaults()).create(settings(broker, more));
        awaitSwitchStatus(boiler, 0);
        return boiler;
    }

    @Test
    void aDeviceSilentForLongerThanItsLimitIsADeviceException() throws Exception {
        boiler(Map.of("stale-after", "30s"));
        assertThat(boiler.read().temperatureC().getAsDouble()).isEqualTo(55.0);
        shelly.silent(true);
        Thread.sleep(200);
        clock.move(Duration.ofSeconds(30));
        assertThat(boiler.read().status()).as("30 s is not longer than 30 s").isEqualTo(BoilerStatus.IDLE);
        clock.move(Duration.ofSeconds(1));
        assertThatThrownBy(boiler::read).isInstanceOf(DeviceException.class)
                .hasMessageContaining("silent for 31 s");
        long before = System.nanoTime();
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no answer to Switch.Set on meterkast-");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(1900));
    }

    @Test
    void aDeviceThatSaysItIsOfflineIsADeviceException() throws Exception {
        boiler(Map.of());
        device.close();
        await(() -> {
            try {
                boiler.read();
                return false;
            } catch (DeviceException e) {
                return e.getMessage().contains("the device says it is offline on " + PREFIX + "/online");
            }
        });
    }

    @Test
    void anErrorAnswerToSwitchSetIsADeviceExceptionAndAFaultAReadingInError() throws Exception {
        boiler(Map.of());
        long before = boiler.switchStatuses();
        shelly.overtemperature(true);
        awaitSwitchStatus(boiler, before);
        BoilerReading reading = boiler.read();
        assertThat(reading.status()).isEqualTo(BoilerStatus.ERROR);
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("Switch.Set answered error -107: Switch 0 is in overtemp protection!");
    }

    @Test
    void nonsenseOnAStatusTopicIsBadDataUntilTheDeviceSaysBetter() throws Exception {
        boiler(Map.of());
        Mqtt3BlockingClient other = MqttClient.builder().useMqttVersion3().identifier("someone-else")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildBlocking();
        other.connect();
        try {
            long before = boiler.switchStatuses();
            other.publishWith().topic(PREFIX + "/status/switch:0").qos(MqttQos.AT_LEAST_ONCE)
                    .payload("{\"id\":0,\"output\":\"maybe\"}".getBytes(StandardCharsets.UTF_8)).send();
            awaitSwitchStatus(boiler, before);
            assertThatThrownBy(boiler::read).isInstanceOfSatisfying(DeviceException.class, e -> {
                assertThat(e.badData()).isTrue();
                assertThat(e.getMessage()).contains("the switch's output is \"maybe\", not true or false");
            });
        } finally {
            other.disconnect();
        }
        // the device's next status (its relay switched) puts it right
        shelly.overtemperature(false);
        long before = boiler.switchStatuses();
        shellySwitch(true);
        awaitSwitchStatus(boiler, before);
        assertThat(boiler.read().status()).isEqualTo(BoilerStatus.HEATING);
    }

    @Test
    void afterTheBrokerRestartsItConnectsAgainAndAsksForTheStatus() throws Exception {
        boiler(Map.of());
        broker.stop();
        await(() -> !boiler.connectedNow());
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("not connected to the broker");
        long before = boiler.switchStatuses();
        broker.start();
        await(boiler::connectedNow);
        awaitSwitchStatus(boiler, before);
        boiler.switchOn(true);
        await(() -> {
            try {
                return boiler.read().status() == BoilerStatus.HEATING;
            } catch (DeviceException e) {
                return false;
            }
        });
        assertThat(shelly.output()).isTrue();
    }

    @Test
    void aBrokerEnteredInTheAppWhoseHostIsLoopbackIsRefusedBeforeAnyConnect() {
        // 'localhost' is loopback, outside the default allowed networks: the client is not even made
        assertThatThrownBy(() -> new ShellyMqttBoilerFactory(clock, TestHosts.defaults()).create(TestHosts.fromApp(
                DeviceKind.BOILER, "shelly-mqtt", Map.of("broker", "localhost:" + broker.port(), "prefix", PREFIX))))
                .isInstanceOf(DeviceException.class)
                .hasMessage("Shelly MQTT " + PREFIX + " on tcp://localhost:" + broker.port() + " switch 0 probe 100:"
                        + " 'localhost' is not a host a device entered in the app may reach (outside"
                        + " meterkast.added-sources.allowed-networks); nothing was sent to it");
    }

    @Test
    void aBrokerEnteredInTheAppIsCheckedAgainAtEveryReconnect() throws Exception {
        // the host's check as a name that resolves to an allowed address at first, and later to one refused
        java.util.concurrent.atomic.AtomicBoolean allowed = new java.util.concurrent.atomic.AtomicBoolean(true);
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        org.meterkast.server.device.HostCheck check = host -> {
            asked.incrementAndGet();
            if (!allowed.get()) {
                throw new DeviceException("'" + host + "' is refused now");
            }
            return "127.0.0.1";
        };
        org.meterkast.server.device.AllowedHosts hosts = new org.meterkast.server.device.AllowedHosts(null) {
            @Override
            public org.meterkast.server.device.HostCheck of(DeviceSettings settings) {
                return settings.fromApp() ? check : org.meterkast.server.device.HostCheck.NONE;
            }
        };
        Map<String, String> values = Map.of("broker", "broker.example:" + broker.port(), "prefix", PREFIX);
        boiler = new ShellyMqttBoilerFactory(clock, hosts).create(TestHosts.fromApp(DeviceKind.BOILER, "shelly-mqtt",
                values));
        awaitSwitchStatus(boiler, 0);
        assertThat(asked.get()).as("checked at the first connect").isEqualTo(1);
        // allowed: the reconnect after the broker restarts goes to the address checked again
        broker.stop();
        await(() -> !boiler.connectedNow());
        broker.start();
        await(boiler::connectedNow);
        assertThat(asked.get()).as("checked again at the reconnect").isGreaterThanOrEqualTo(2);
        // refused: the connection lost, the host is checked for the reconnect, and the broker, back, is not reached
        int before = asked.get();
        allowed.set(false);
        broker.stop();
        await(() -> !boiler.connectedNow());
        await(() -> asked.get() > before);
        broker.start();
        Thread.sleep(4_000);        // the allowed reconnect above took the back-off's 1 to 2 s
        assertThat(boiler.connectedNow()).isFalse();
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class)
                .hasMessageEndingWith("not connected to the broker: 'broker.example' is refused now");
        assertThat(shelly.output()).isFalse();
    }

    @Test
    void settingsAreChecked() {
        DeviceFactories factories = new DeviceFactories(List.of(
                new ShellyHttpBoilerFactory(clock, TestHosts.defaults()),
                new ShellyMqttBoilerFactory(clock, TestHosts.defaults())));
        assertThatThrownBy(() -> factories.check(mqtt(Map.of("broker", "127.0.0.1", "prefix", "boiler",
                "password", "s3cret"))))
                .hasMessage("test.boiler.password is set without username; MQTT 3.1.1 sends a password only with a "
                        + "user name");
        assertThatThrownBy(() -> factories.check(mqtt(Map.of("broker", "127.0.0.1", "prefix", "shellies/#"))))
                .hasMessageStartingWith("test.boiler.prefix 'shellies/#' is not the device's topic prefix");
        assertThatThrownBy(() -> factories.check(mqtt(Map.of("broker", "127.0.0.1", "prefix", "boiler",
                "stale-after", "5s")))).hasMessage("test.boiler.stale-after must be at least 10s, not 5s");
    }

    private static DeviceSettings mqtt(Map<String, String> values) {
        return new DeviceSettings(1, "boiler", DeviceKind.BOILER, "shelly-mqtt", values, "test.boiler.");
    }

    private void shellySwitch(boolean on) throws Exception {
        shelly.call("Switch.Set", Map.of("id", 0, "on", on), "button");
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + Duration.ofSeconds(15).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within 15 s");
            }
            Thread.sleep(50);
        }
    }
}
