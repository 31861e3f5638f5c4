package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;

/** The simulator publishing to a real broker (Moquette, in this JVM), read back by a subscriber. */
class TelegramMqttPublisherTest {
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.started();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** A subscriber on {@code topic} that keeps every message's topic and payload. */
    private static final class Subscriber implements AutoCloseable {
        final BlockingQueue<Mqtt3Publish> messages = new LinkedBlockingQueue<>();
        final Mqtt3AsyncClient client = MqttClient.builder().useMqttVersion3().identifier("test-subscriber")
                .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();

        Subscriber(String topic) throws Exception {
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).callback(messages::add).send()
                    .get(10, TimeUnit.SECONDS);
        }

        List<Mqtt3Publish> take(int n) throws InterruptedException {
            List<Mqtt3Publish> taken = new ArrayList<>();
            while (taken.size() < n) {
                Mqtt3Publish p = messages.poll(10, TimeUnit.SECONDS);
                assertThat(p).as("message %d of %d", taken.size() + 1, n).isNotNull();
                taken.add(p);
            }
            return taken;
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void eachTelegramIsOneMessageThatParsesAsSent() throws Exception {
        Instant start = Instant.parse("2025-06-21T10:00:00Z");
        SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(5)), start);
        TelegramStream stream = TelegramStream.unpaced(meter, start.plusSeconds(20));
        try (Subscriber subscriber = new Subscriber("meters/home/telegram");
             TelegramMqttPublisher publisher = TelegramMqttPublisher.connect(broker.url(), "meters/home/telegram")) {
            assertThat(publisher.describe()).isEqualTo("meters/home/telegram on " + broker.url());
            assertThat(publisher.publish(stream, 0)).isEqualTo(20);
            assertThat(publisher.published()).isEqualTo(20);

            List<Mqtt3Publish> messages = subscriber.take(20);
            Frames frames = new Frames();
            for (int i = 0; i < 20; i++) {
                Mqtt3Publish m = messages.get(i);
                assertThat(m.getTopic().toString()).isEqualTo("meters/home/telegram");
                assertThat(m.isRetain()).isFalse();
                // one whole telegram per message: the frames of one payload are exactly one telegram
                List<Telegram> telegrams = frames.accept(m.getPayloadAsBytes());
                assertThat(telegrams).hasSize(1);
                Telegram t = telegrams.get(0);
                assertThat(t.timestamp()).contains(start.plusSeconds(i + 1));
                assertThat(t.equipmentId()).isPresent();
                assertThat(t.tariff()).contains(Tariff.NIGHT);      // a Saturday
                assertThat(t.warnings()).isEmpty();
            }
            assertThat(subscriber.messages).isEmpty();
        }
    }

    @Test
    void simMainPublishesToTheTopicItIsGiven() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Subscriber subscriber = new Subscriber("sim/#")) {
            int code = SimMain.run(new String[] {"--mqtt", broker.url(), "--topic", "sim/p1", "--count", "5",
                    "--speed", "1000000", "--history-days", "0", "--start", "2026-01-12T09:00:00Z"},
                    Clock.systemUTC(), new PrintStream(out, true, StandardCharsets.UTF_8),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            assertThat(code).as(err.toString(StandardCharsets.UTF_8)).isZero();
            assertThat(err.toString(StandardCharsets.UTF_8))
                    .contains("publishing telegrams to sim/p1 on " + broker.url())
                    .contains("5 telegrams published");
            assertThat(out.size()).isZero();
            Frames frames = new Frames();
            List<Mqtt3Publish> messages = subscriber.take(5);
            for (int i = 0; i < 5; i++) {
                assertThat(messages.get(i).getTopic().toString()).isEqualTo("sim/p1");
                assertThat(frames.accept(messages.get(i).getPayloadAsBytes())).singleElement()
                        .satisfies(t -> assertThat(t.timestamp()).isPresent());
            }
            assertThat(frames.accept(messages.get(4).getPayloadAsBytes()).get(0).timestamp())
                    .contains(Instant.parse("2026-01-12T09:00:05Z"));
        }
    }

    @Test
    void aBrokerThatCannotBeReachedIsNamed() {
        EmbeddedBroker nobody = EmbeddedBroker.onFreePort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = SimMain.run(new String[] {"--mqtt", nobody.url(), "--count", "1", "--history-days", "0"},
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8))
                .contains("cannot connect to the MQTT broker " + nobody.url() + ": ");
    }
}
