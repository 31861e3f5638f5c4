package org.meterkast.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.EmbeddedBroker;

/** The fleet publishing to a real broker (Moquette, MQTT 3.1.1, in this JVM), read back by a plain subscriber. */
class FleetPublisherTest {
    private static final Instant START = Instant.parse("2026-03-10T08:59:00Z");
    private static EmbeddedBroker broker;

    @BeforeAll
    static void startBroker() {
        broker = EmbeddedBroker.started();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** Every message on {@code filter}, in arrival order, as (topic, payload). */
    record Heard(String topic, byte[] payload) {
    }

    static final class Subscriber implements AutoCloseable {
        final BlockingQueue<Heard> messages = new LinkedBlockingQueue<>();
        final Mqtt3AsyncClient client;

        Subscriber(String host, int port, String filter) throws Exception {
            client = MqttClient.builder().useMqttVersion3().identifier("fleet-test-" + System.nanoTime())
                    .serverHost(host).serverPort(port).buildAsync();
            client.connect().get(10, TimeUnit.SECONDS);
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE)
                    .callback(p -> messages.add(new Heard(p.getTopic().toString(), p.getPayloadAsBytes()))).send()
                    .get(10, TimeUnit.SECONDS);
        }

        List<Heard> take(int n) throws InterruptedException {
            List<Heard> taken = new ArrayList<>();
            while (taken.size() < n) {
                Heard h = messages.poll(20, TimeUnit.SECONDS);
                assertThat(h).as("message %d of %d", taken.size() + 1, n).isNotNull();
                taken.add(h);
            }
            return taken;
        }

        @Override
        public void close() throws Exception {
            client.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * Every telegram arrived once, on its meter's topic, in its meter's order, with the bytes a fresh {@link Fleet}
     * of the same seed regenerates.
     */
    static void assertRegenerated(List<Heard> heard, Fleet fleet, String pattern, int meters, int rounds) {
        Map<String, List<byte[]>> byTopic = new HashMap<>();
        for (Heard h : heard) {
            byTopic.computeIfAbsent(h.topic(), t -> new ArrayList<>()).add(h.payload());
        }
        assertThat(byTopic).hasSize(meters);
        for (int n = 1; n <= meters; n++) {
            FleetMeter again = fleet.meter(n);
            List<byte[]> got = byTopic.get(pattern.replace("+", Fleet.meterId(n)));
            assertThat(got).as("meter %d", n).hasSize(rounds);
            for (int i = 0; i < rounds; i++) {
                assertThat(got.get(i)).as("meter %d telegram %d", n, i).isEqualTo(again.next());
            }
        }
    }

    @Test
    void eachMeterPublishesItsTelegramsInOrderOnItsOwnTopic() throws Exception {
        Fleet fleet = new Fleet(5, START, 10);
        FleetPublisher.Settings settings = new FleetPublisher.Settings(broker.url(), "homes/+/p1", 20, 10, 1, 3, 2);
        try (Subscriber subscriber = new Subscriber("127.0.0.1", broker.port(), "homes/+/p1");
             FleetPublisher publisher = FleetPublisher.connect(fleet, settings)) {
            long before = System.nanoTime();
            FleetPublisher.Result result = publisher.publish(4, Duration.ofSeconds(20));
            long took = System.nanoTime() - before;
            assertThat(result.rounds()).isEqualTo(4);
            assertThat(result.published()).isEqualTo(80);
            assertThat(result.acknowledged()).isEqualTo(80);
            assertThat(result.failed()).isZero();
            assertThat(result.firstFailure()).isNull();
            // ten rounds a second: the fourth round starts 0.3 s after the first
            assertThat(took).isGreaterThanOrEqualTo(300_000_000L);
            assertRegenerated(subscriber.take(80), new Fleet(5, START, 10), "homes/+/p1", 20, 4);
            assertThat(subscriber.messages.poll(200, TimeUnit.MILLISECONDS)).isNull();
        }
    }

    @Test
    void stopEndsARunWithoutEnd() throws Exception {
        FleetPublisher.Settings settings = new FleetPublisher.Settings(broker.url(), "stop/+/p1", 5, 20, 0, 3, 1);
        try (FleetPublisher publisher = FleetPublisher.connect(new Fleet(1, START, 1), settings)) {
            Thread stopper = new Thread(() -> {
                while (publisher.published() < 12) {
                    Thread.onSpinWait();
                }
                publisher.stop();
            });
            stopper.start();
            FleetPublisher.Result result = publisher.publish(0, Duration.ofSeconds(10));
            stopper.join();
            // stopped soon after: the stopping thread may be scheduled late on a busy machine, never a second late
            assertThat(result.published()).isBetween(12L, 30L);
            assertThat(result.acknowledged()).isEqualTo(result.published());
            assertThat(result.rounds()).isEqualTo(result.published() / 5);
        }
    }

    @Test
    void theCommandLinePublishesWholeRoundsAndSaysHowToRegenerate() throws Exception {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try (Subscriber subscriber = new Subscriber("127.0.0.1", broker.port(), "meterkast/+/p1")) {
            int code = FleetMain.run(new String[] {"--meters", "3", "--rate", "4", "--duration", "1", "--seed", "9",
                    "--seconds-per-telegram", "30", "--start", "2026-03-10T08:59:00Z", "--broker", broker.url(),
                    "--mqtt-version", "3.1.1"}, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                    new PrintStream(err, true, StandardCharsets.UTF_8));
            String said = err.toString(StandardCharsets.UTF_8);
            assertThat(code).as(said).isZero();
            assertThat(said).contains("3 meters (fleet-00001 to fleet-00003)")
                    .contains("seed 9, start 2026-03-10T08:59:00Z, 30 s per telegram, 4 telegram(s) per meter per second")
                    .contains("4 rounds, 12 telegrams published, 12 acknowledged, 0 failed")
                    .contains("regenerate with --seed 9 --start 2026-03-10T08:59:00Z --seconds-per-telegram 30: "
                            + "telegrams 0 to 3 of each meter");
            assertRegenerated(subscriber.take(12), new Fleet(9, START, 30), "meterkast/+/p1", 3, 4);
        }
    }

    @Test
    void aBrokerThatStaysAwayLeavesTheTelegramsInTheMetersMemoryAndTheUnansweredOnesCountedAsFailed()
            throws Exception {
        EmbeddedBroker leaving = EmbeddedBroker.started();
        FleetPublisher.Settings settings = new FleetPublisher.Settings(leaving.url(), "gone/+/p1", 50, 20, 1, 3, 2);
        try (FleetPublisher publisher = FleetPublisher.connect(new Fleet(1, START, 1), settings)) {
            Thread stopper = new Thread(() -> {
                while (publisher.published() < 200) {
                    Thread.onSpinWait();
                }
                leaving.stop();
            });
            stopper.start();
            FleetPublisher.Result result = publisher.publish(40, Duration.ofSeconds(2));
            stopper.join();
            assertThat(result.rounds()).isEqualTo(40);
            assertThat(result.published()).isGreaterThanOrEqualTo(200).isLessThan(2_000);
            assertThat(result.acknowledged()).isGreaterThanOrEqualTo(100).isLessThanOrEqualTo(result.published());
            assertThat(result.acknowledged() + result.failed()).isEqualTo(result.published());
            // the rest is still in the meters' memory (40 telegrams each, far below its 600), none dropped
            assertThat(result.published() + result.kept()).isEqualTo(2_000);
            assertThat(result.dropped()).isZero();
            assertThat(result.reconnections()).isZero();
            assertThat(result.firstFailure()).contains("the connection to tcp://127.0.0.1:" + leaving.port()
                    + " was lost");
            assertThat(result.describe()).contains(result.kept() + " never sent (broker away), 0 dropped");
        } finally {
            leaving.close();
        }
    }

    @Test
    void aMeterKeepsItsLast600TelegramsWhileTheBrokerIsAwayAndSendsThemWhenItIsBack() throws Exception {
        // three meters at 1,000 telegrams a second for 0.7 s: 700 due each while the broker is away, 600 kept
        try (Relay relay = new Relay(broker.port());
             Subscriber subscriber = new Subscriber("127.0.0.1", broker.port(), "memory/+/p1")) {
            FleetPublisher.Settings settings = new FleetPublisher.Settings(relay.url(), "memory/+/p1", 3, 1_000, 1, 3,
                    1);
            try (FleetPublisher publisher = FleetPublisher.connect(new Fleet(2, START, 1), settings)) {
                relay.refuse(true);
                relay.cut();
                Thread back = new Thread(() -> {
                    while (publisher.round() < 700) {
                        Thread.onSpinWait();
                    }
                    relay.refuse(false);
                });
                back.start();
                FleetPublisher.Result result = publisher.publish(700, Duration.ofSeconds(20));
                back.join();
                assertThat(result.dropped()).as(result.describe()).isEqualTo(300);
                assertThat(result.kept()).isZero();
                assertThat(result.published()).isEqualTo(1_800);
                assertThat(result.acknowledged()).isEqualTo(1_800);
                assertThat(result.reconnections()).isEqualTo(1);
                assertThat(result.describe()).contains("0 never sent (broker away), 300 dropped (a meter's memory full)");
            }
            List<Heard> heard = subscriber.take(1_800);
            // each meter's telegrams 100 to 699, in order: the oldest 100 did not fit its memory
            for (int n = 1; n <= 3; n++) {
                FleetMeter again = new Fleet(2, START, 1).meter(n);
                for (int i = 0; i < 100; i++) {
                    again.skip();
                }
                String topic = "memory/" + Fleet.meterId(n) + "/p1";
                List<byte[]> got = heard.stream().filter(h -> h.topic().equals(topic)).map(Heard::payload).toList();
                assertThat(got).hasSize(600);
                for (byte[] telegram : got) {
                    assertThat(telegram).isEqualTo(again.next());
                }
            }
        }
    }

    @Test
    void badOptionsAreNamed() {
        assertThat(fails("--qos", "2")).contains("qos must be 0 or 1, not 2");
        assertThat(fails("--mqtt-version", "4")).contains("--mqtt-version: '4' is not 3 (3.1.1) or 5");
        assertThat(fails("--topic", "meterkast/p1")).contains("must hold exactly one '+'");
        assertThat(fails("--rate", "fast")).contains("--rate: 'fast' is not a number");
        assertThat(fails("--start", "2026-03-10T08:59:00.5Z")).contains("must be a whole second");
        assertThat(fails("--meters", "100000")).contains("meters must be 1 to 99999");
        assertThat(fails("--loud")).contains("unknown option '--loud'");
        assertThatThrownBy(() -> new FleetPublisher.Settings("http://x", "a/+/b", 1, 1, 1, 5, 1))
                .hasMessageContaining("not a broker address");
    }

    @Test
    void anUnreachableBrokerIsNamed() {
        EmbeddedBroker nobody = EmbeddedBroker.onFreePort();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FleetMain.run(new String[] {"--meters", "2", "--duration", "1", "--broker", nobody.url()},
                Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(1);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("cannot connect to the MQTT broker " + nobody.url());
    }

    private static String fails(String... args) {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = FleetMain.run(args, Clock.systemUTC(), new PrintStream(new ByteArrayOutputStream()),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        assertThat(code).isEqualTo(2);
        return err.toString(StandardCharsets.UTF_8);
    }
}
