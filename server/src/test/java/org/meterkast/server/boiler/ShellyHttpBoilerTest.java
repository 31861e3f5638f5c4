package org.meterkast.server.boiler;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;
import org.meterkast.server.device.DeviceFactories;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSettingException;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.device.TestHosts;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.shelly.ShellyBoiler;
import org.meterkast.sim.shelly.ShellyHttpServer;

/** {@code shelly-http} against the simulated Shelly's HTTP server: errors, silence, the poll and the settings. */
class ShellyHttpBoilerTest {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-10T11:00:00Z"));
    private final ShellyBoiler shelly = new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 60,
            null, clock);
    private final ShellyHttpServer server;
    private ShellyHttpBoiler boiler;

    ShellyHttpBoilerTest() throws IOException {
        server = ShellyHttpServer.start(shelly, "127.0.0.1", 0);
    }

    @AfterEach
    void stop() {
        if (boiler != null) {
            boiler.close();
        }
        server.close();
    }

    private ShellyHttpBoiler boiler(Map<String, String> more) throws DeviceException {
        Map<String, String> values = new HashMap<>(Map.of("address", "127.0.0.1:" + server.port()));
        values.putAll(more);
        boiler = new ShellyHttpBoilerFactory(clock, TestHosts.defaults()).create(settings(values));
        return boiler;
    }

    private static DeviceSettings settings(Map<String, String> values) {
        return new DeviceSettings(1, "boiler", DeviceKind.BOILER, "shelly-http", values, "test.boiler.");
    }

    @Test
    void aShellyErrorAnswerIsADeviceExceptionWithItsCodeAndMessage() throws Exception {
        ShellyHttpBoiler wrongSwitch = boiler(Map.of("switch-id", "1"));
        assertThatThrownBy(wrongSwitch::read).isInstanceOf(DeviceException.class)
                .hasMessageContaining("Switch.GetStatus answered error -105: Argument 'id', value 1 not found!");
    }

    @Test
    void theRelaysOvertemperatureAndAProbeThatReadsNothingAreReadingsInError() throws Exception {
        boiler(Map.of("poll", "200ms"));
        shelly.sensorFault(true);
        BoilerReading noProbe = boiler.read();
        assertThat(noProbe.status()).isEqualTo(BoilerStatus.ERROR);
        assertThat(noProbe.temperatureC()).isEmpty();
        shelly.sensorFault(false);
        boiler.switchOn(true);
        shelly.overtemperature(true);
        clock.move(Duration.ofSeconds(1));
        BoilerReading overheated = boiler.read();
        assertThat(overheated.status()).isEqualTo(BoilerStatus.ERROR);
        assertThat(overheated.switchedOn()).isFalse();
        assertThat(overheated.temperatureC().getAsDouble()).isEqualTo(60.0);
        // the relay refuses to switch on while its protection holds: Shelly's error, named
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("Switch.Set answered error -107");
    }

    @Test
    void aDeviceThatStopsAnsweringIsADeviceExceptionWithinTheTimeout() throws Exception {
        boiler(Map.of());
        assertThat(boiler.read().status()).isEqualTo(BoilerStatus.IDLE);
        shelly.silent(true);
        clock.move(Duration.ofSeconds(5));
        long before = System.nanoTime();
        assertThatThrownBy(boiler::read).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no answer within 1500 ms");
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class)
                .hasMessageContaining("no answer within 1500 ms");
        // two calls of at most 1.5 s each, within the loop's 2 s apiece
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(3800));
        shelly.silent(false);
        assertThat(boiler.read().status()).isEqualTo(BoilerStatus.IDLE);
    }

    @Test
    void nobodyListeningIsADeviceExceptionAtOnce() throws Exception {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = probe.getLocalPort();
        }
        boiler = new ShellyHttpBoilerFactory(clock, TestHosts.defaults())
                .create(settings(Map.of("address", "127.0.0.1:" + closedPort)));
        long before = System.nanoTime();
        assertThatThrownBy(boiler::read).isInstanceOf(DeviceException.class)
                .hasMessageStartingWith("Shelly HTTP 127.0.0.1:" + closedPort + " switch 0 probe 100: ");
        assertThat(Duration.ofNanos(System.nanoTime() - before)).isLessThan(Duration.ofMillis(1500));
    }

    @Test
    void withinThePollTheLastReadingIsAnsweredWithoutAsking() throws Exception {
        boiler(Map.of("poll", "5s"));
        BoilerReading first = boiler.read();
        shelly.silent(true);
        clock.move(Duration.ofSeconds(4));
        assertThat(boiler.read()).isSameAs(first);
        clock.move(Duration.ofSeconds(1));
        assertThatThrownBy(boiler::read).isInstanceOf(DeviceException.class);
    }

    @Test
    void withoutItsRatingTheElementsPowerIsLearnedFromWhatTheRelayMeasures() throws Exception {
        boiler(Map.of("temperature-id", "none"));
        assertThat(boiler.ratedPower()).isEqualTo(Power.ZERO);
        boiler.switchOn(true);
        clock.move(Duration.ofSeconds(10));
        BoilerReading heating = boiler.read();
        assertThat(heating.status()).isEqualTo(BoilerStatus.HEATING);
        assertThat(heating.temperatureC()).as("no probe").isEmpty();
        assertThat(boiler.ratedPower()).isEqualTo(Power.ofWatts(2400));
        assertThat(boiler.describe()).isEqualTo("Shelly HTTP 127.0.0.1:" + server.port() + " switch 0");
    }

    @Test
    void settingsAreCheckedAndNamed() {
        DeviceFactories factories = new DeviceFactories(List.of(
                new ShellyHttpBoilerFactory(clock, TestHosts.defaults()),
                new ShellyMqttBoilerFactory(clock, TestHosts.defaults())));
        assertThatThrownBy(() -> factories.check(settings(Map.of("address", "192.168.1.80", "rated-watts", "50"))))
                .isInstanceOfSatisfying(DeviceSettingException.class, e -> {
                    assertThat(e.setting()).isEqualTo("rated-watts");
                    assertThat(e.code()).isEqualTo("device.setting.range");
                });
        assertThatThrownBy(() -> factories.check(settings(Map.of("address", "http://192.168.1.80"))))
                .isInstanceOfSatisfying(DeviceSettingException.class,
                        e -> assertThat(e.code()).isEqualTo("device.setting.address"));
        assertThatThrownBy(() -> factories.check(settings(Map.of("address", "192.168.1.80",
                "temperature-id", "probe"))))
                .isInstanceOf(DeviceException.class)
                .hasMessage("test.boiler.temperature-id must be the probe's component id, 100 to 199 for the add-on's,"
                        + " or none, not 'probe'");
        assertThatThrownBy(() -> factories.check(settings(Map.of("address", "192.168.1.80", "poll", "50ms"))))
                .hasMessage("test.boiler.poll must be at least 200ms, not 50ms");
    }

    @Test
    void aRelayEnteredInTheAppWhoseHostIsLoopbackIsRefusedAtConnectAndNothingIsSent() throws Exception {
        // the check runs at the connect itself, not only when the app saves: 'localhost' is 127.0.0.1 (and ::1),
        // outside the default allowed networks (the private ranges)
        boiler = new ShellyHttpBoilerFactory(clock, TestHosts.defaults()).create(TestHosts.fromApp(DeviceKind.BOILER,
                "shelly-http", Map.of("address", "localhost:" + server.port())));
        String refused = "Shelly HTTP localhost:" + server.port() + " switch 0 probe 100: 'localhost' is not a host a"
                + " device entered in the app may reach (outside meterkast.added-sources.allowed-networks); nothing"
                + " was sent to it";
        assertThatThrownBy(boiler::read).isInstanceOf(DeviceException.class).hasMessage(refused);
        assertThatThrownBy(() -> boiler.switchOn(true)).isInstanceOf(DeviceException.class).hasMessage(refused);
        assertThat(shelly.output()).as("the simulated relay was not switched").isFalse();
        // nor does anything reach a listener on the same loopback: not a single connection
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            listener.setSoTimeout(300);
            boiler.close();
            boiler = new ShellyHttpBoilerFactory(clock, TestHosts.defaults()).create(TestHosts.fromApp(
                    DeviceKind.BOILER, "shelly-http", Map.of("address", "127.0.0.1:" + listener.getLocalPort())));
            assertThatThrownBy(boiler::read).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("'127.0.0.1' is not a host a device entered in the app may reach");
            assertThatThrownBy(listener::accept).isInstanceOf(java.net.SocketTimeoutException.class);
        }
    }

    @Test
    void aRelayEnteredInTheAppOnAnAllowedNetworkIsReachedAtTheAddressChecked() throws Exception {
        boiler = new ShellyHttpBoilerFactory(clock, TestHosts.allowing("127.0.0.0/8")).create(TestHosts.fromApp(
                DeviceKind.BOILER, "shelly-http", Map.of("address", "127.0.0.1:" + server.port())));
        assertThat(boiler.read().status()).isEqualTo(BoilerStatus.IDLE);
        boiler.switchOn(true);
        assertThat(shelly.output()).isTrue();
    }

    @Test
    void whatAnotherServerAnswersIsQuotedOnlyForARelayOfTheProperties() throws Exception {
        // an HTTP server that is no Shelly, such as a metadata service: its answer must not reach the household
        String body = "ami-id\nhostname\ninstance-id\n";     // 6 + 1 + 8 + 1 + 11 + 1 = 28 characters
        com.sun.net.httpserver.HttpServer other = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress(InetAddress.getByName("127.0.0.1"), 0), 0);
        other.createContext("/", exchange -> {
            byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(404, bytes.length);
            exchange.getResponseBody().write(bytes);
            exchange.close();
        });
        other.start();
        try {
            String address = "127.0.0.1:" + other.getAddress().getPort();
            try (ShellyHttpBoiler operators = new ShellyHttpBoilerFactory(clock, TestHosts.defaults())
                    .create(settings(Map.of("address", address)))) {
                assertThatThrownBy(operators::read).isInstanceOf(DeviceException.class)
                        .hasMessageContaining("answered HTTP 404 'ami-id\nhostname\ninstance-id\n'");
            }
            try (ShellyHttpBoiler households = new ShellyHttpBoilerFactory(clock, TestHosts.allowing("127.0.0.0/8"))
                    .create(TestHosts.fromApp(DeviceKind.BOILER, "shelly-http", Map.of("address", address)))) {
                assertThatThrownBy(households::read).isInstanceOf(DeviceException.class)
                        .hasMessageEndingWith("answered HTTP 404 with 28 characters that are not a Shelly RPC answer")
                        .message().doesNotContain("ami-id");
            }
        } finally {
            other.stop(0);
        }
    }
}
