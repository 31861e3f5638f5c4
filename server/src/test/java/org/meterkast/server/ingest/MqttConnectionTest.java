package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.TelegramMqttPublisher;

/** The shared connection against a real broker (Moquette): who hears what, and when it connects at all. */
class MqttConnectionTest {

    /** Writes down what a subscription hears, in order. */
    private static final class Recorder implements MqttConnection.Subscriber {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void onMessage(String topic, byte[] payload) {
            events.add("message " + topic + " " + new String(payload, StandardCharsets.US_ASCII));
        }

        @Override
        public void onSubscribed(String broker) {
            events.add("subscribed");
        }

        @Override
        public void onOpenFailed(IOException cause, Duration retryIn) {
            events.add("open failed, again in " + retryIn);
        }

        @Override
        public void onLost(IOException cause) {
            events.add("lost");
        }
    }

    private static MqttConnection connection(EmbeddedBroker broker) {
        MqttSettings settings = new MqttSettings(broker.url(), null, null, null, Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(200));
        return new MqttConnection(settings, settings.requireUrl("test"));
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static void publish(EmbeddedBroker broker, String topic, String text) throws IOException {
        try (TelegramMqttPublisher publisher = TelegramMqttPublisher.connect(broker.url(), topic)) {
            publisher.publish(text.getBytes(StandardCharsets.US_ASCII));
        }
    }

    @Test
    void subscriptionsShareTheConnectionAndTheLastOneEndsIt() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.started()) {
            MqttConnection connection = connection(broker);
            Recorder exact = new Recorder();
            Recorder same = new Recorder();
            Recorder wildcard = new Recorder();
            MqttConnection.Subscription a = connection.subscribe("meters/a", exact);
            MqttConnection.Subscription b = connection.subscribe("meters/a", same);
            MqttConnection.Subscription c = connection.subscribe("meters/+", wildcard);
            await(() -> exact.events.contains("subscribed") && same.events.contains("subscribed")
                    && wildcard.events.contains("subscribed"), "all three subscribed");
            assertThat(broker.connectedClients()).isEqualTo(1);

            publish(broker, "meters/a", "one");
            publish(broker, "meters/b", "two");
            await(() -> wildcard.events.size() == 3, "the wildcard heard both");
            assertThat(exact.events).containsExactly("subscribed", "message meters/a one");
            assertThat(same.events).containsExactly("subscribed", "message meters/a one");
            assertThat(wildcard.events).containsExactly("subscribed", "message meters/a one", "message meters/b two");

            // the other subscription to meters/a keeps the topic subscribed
            a.close();
            publish(broker, "meters/a", "three");
            await(() -> same.events.size() == 3, "the second subscription heard it");
            assertThat(exact.events).hasSize(2);

            b.close();
            c.close();
            await(() -> broker.connectedClients() == 0, "disconnected once the last subscription ended");
            assertThat(connection.isConnected()).isFalse();
        }
    }

    @Test
    void aConnectionEndedWhileWaitingToConnectAgainStaysEnded() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.onFreePort()) {
            MqttConnection connection = connection(broker);
            Recorder meter = new Recorder();
            MqttConnection.Subscription s = connection.subscribe("dsmr/raw", meter);
            await(() -> meter.events.size() >= 3, "three failed attempts");
            // the pause doubles from 50 ms up to 200 ms
            assertThat(meter.events.subList(0, 3)).containsExactly(
                    "open failed, again in PT0.05S", "open failed, again in PT0.1S", "open failed, again in PT0.2S");
            s.close();
            int heard = meter.events.size();
            broker.start();
            Thread.sleep(500);      // several back-offs: a client still trying would have connected by now
            assertThat(broker.connectedClients()).isZero();
            assertThat(connection.isConnected()).isFalse();
            assertThat(meter.events).hasSizeLessThanOrEqualTo(heard + 1);   // one may have been under way
            assertThat(meter.events).doesNotContain("subscribed");
        }
    }
}
