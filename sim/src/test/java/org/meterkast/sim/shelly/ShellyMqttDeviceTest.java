package org.meterkast.sim.shelly;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.ev.Json;

/** The simulated Shelly on its MQTT channel, through an embedded Moquette broker and a HiveMQ client of the test's. */
class ShellyMqttDeviceTest {
    private static final String PREFIX = "shellyplus1pm-boiler";

    private final EmbeddedBroker broker = EmbeddedBroker.started();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-03-10T11:00:00Z"));
    private final ShellyBoiler boiler = new ShellyBoiler("shellyplus1pm-a8032ab1c2d3", BoilerTankSettings.DEFAULT, 45,
            null, clock);
    private ShellyMqttDevice device;
    private Mqtt3BlockingClient test;

    @AfterEach
    void stop() {
        if (test != null) {
            test.disconnect();
        }
        if (device != null) {
            device.close();
        }
        broker.close();
    }

    private Mqtt3BlockingClient.Mqtt3Publishes listen(String filter) {
        test = MqttClient.builder().useMqttVersion3().identifier("test-client").serverHost("127.0.0.1")
                .serverPort(broker.port()).buildBlocking();
        test.connect();
        Mqtt3BlockingClient.Mqtt3Publishes publishes = test.publishes(MqttGlobalPublishFilter.ALL);
        test.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send();
        return publishes;
    }

    @Test
    void publishesItsStatusAndAnswersARequestOnTheSourcesTopic() throws Exception {
        Mqtt3BlockingClient.Mqtt3Publishes heard = listen("#");
        device = ShellyMqttDevice.start(boiler, broker.url(), PREFIX, clock, Duration.ofSeconds(60),
                Duration.ofMillis(100));
        assertThat(text(next(heard, PREFIX + "/online"))).isEqualTo("true");
        Map<?, ?> sw = json(next(heard, PREFIX + "/status/switch:0"));
        assertThat(sw.get("output")).isEqualTo(false);
        assertThat(json(next(heard, PREFIX + "/status/temperature:100")).get("tC").toString()).isEqualTo("45.0");

        test.publishWith().topic(PREFIX + "/rpc").qos(MqttQos.AT_LEAST_ONCE).payload(
                "{\"id\":3,\"src\":\"meterkast-test\",\"method\":\"Switch.Set\",\"params\":{\"id\":0,\"on\":true}}"
                        .getBytes(StandardCharsets.UTF_8)).send();
        Map<?, ?> response = json(next(heard, "meterkast-test/rpc"));
        assertThat(response.get("id").toString()).isEqualTo("3");
        assertThat(response.get("dst")).isEqualTo("meterkast-test");
        assertThat(response.get("result")).isEqualTo(Map.of("was_on", false));
        // the relay's change is published at once, with the element's power
        Map<?, ?> on = json(next(heard, PREFIX + "/status/switch:0"));
        assertThat(on.get("output")).isEqualTo(true);
        assertThat(on.get("apower").toString()).isEqualTo("2400.0");
        assertThat(on.get("source")).isEqualTo("MQTT");
    }

    @Test
    void aSilentDeviceNeitherAnswersNorPublishes() throws Exception {
        Mqtt3BlockingClient.Mqtt3Publishes heard = listen(PREFIX + "/status/#");
        device = ShellyMqttDevice.start(boiler, broker.url(), PREFIX, clock, Duration.ofSeconds(1),
                Duration.ofMillis(100));
        next(heard, PREFIX + "/status/switch:0");
        boiler.silent(true);
        clock.advance(Duration.ofSeconds(5));
        Optional<Mqtt3Publish> any = heard.receive(600, TimeUnit.MILLISECONDS);
        // a message already on its way when it fell silent may still come; none after it
        if (any.isPresent()) {
            any = heard.receive(600, TimeUnit.MILLISECONDS);
        }
        assertThat(any).isEmpty();
        boiler.silent(false);
        assertThat(next(heard, PREFIX + "/status/switch:0")).isNotNull();
    }

    @Test
    void connectsAgainAfterTheBrokerRestartsAndSaysItIsOnline() throws Exception {
        device = ShellyMqttDevice.start(boiler, broker.url(), PREFIX, clock, Duration.ofSeconds(60),
                Duration.ofMillis(100));
        await(device::connected);
        broker.stop();
        await(() -> !device.connected());
        broker.start();
        await(device::connected);
        Mqtt3BlockingClient.Mqtt3Publishes heard = listen(PREFIX + "/#");
        // retained by the broker since it came back
        assertThat(text(next(heard, PREFIX + "/online"))).isEqualTo("true");
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 10 s").isLessThan(end);
            Thread.sleep(50);
        }
    }

    /** Messages received but not yet asked for, so that waiting for one topic loses none of another's. */
    private final java.util.List<Mqtt3Publish> held = new java.util.ArrayList<>();

    private Mqtt3Publish next(Mqtt3BlockingClient.Mqtt3Publishes heard, String topic) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (true) {
            for (Mqtt3Publish p : held) {
                if (p.getTopic().toString().equals(topic)) {
                    held.remove(p);
                    return p;
                }
            }
            if (System.nanoTime() > end) {
                throw new AssertionError("nothing on " + topic + " within 5 s");
            }
            heard.receive(100, TimeUnit.MILLISECONDS).ifPresent(held::add);
        }
    }

    private static String text(Mqtt3Publish p) {
        return new String(p.getPayloadAsBytes(), StandardCharsets.UTF_8);
    }

    private static Map<?, ?> json(Mqtt3Publish p) {
        return (Map<?, ?>) Json.parse(text(p));
    }
}
