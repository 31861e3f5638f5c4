package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.meterkast.server.ingest.MqttSettings;
import org.meterkast.sim.TelegramMqttPublisher;

/**
 * The shared subscription against the machine's {@code mosquitto} binary, run by the test with the settings fleet mode
 * needs of it ({@link OwnMosquitto#FLEET_SETTINGS}): the embedded Moquette 0.17 of the default suite has no shared
 * subscriptions. JUnit tag {@code cluster}; each test has a topic and
 * a group of its own.
 */
@Tag("cluster")
class FleetSubscriptionTest {
    private static OwnMosquitto broker;
    private static String BROKER;
    private static int PORT;
    private final String run = "mk-fleet-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<FleetSubscription> started = new ArrayList<>();

    @BeforeAll
    static void startBroker() throws Exception {
        broker = OwnMosquitto.start(Path.of("target", "fleet-subscription").toAbsolutePath(),
                OwnMosquitto.FLEET_SETTINGS);
        BROKER = broker.url();
        PORT = broker.port();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void stopAll() {
        started.forEach(FleetSubscription::stop);
    }

    private FleetSubscription node(String node, RecordingIntake intake) {
        return node(node, intake, BROKER);
    }

    private FleetSubscription node(String node, RecordingIntake intake, String url) {
        return node(node, intake, url, FleetSubscription.MOST_UNACKNOWLEDGED);
    }

    private FleetSubscription node(String node, TelegramIntake intake, String url, int mostUnacknowledged) {
        FleetSettings fleet = new FleetSettings(true, run + "/+/p1", run, node, Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        MqttSettings mqtt = new MqttSettings(url, null, null, null, Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        FleetSubscription s = new FleetSubscription(fleet, mqtt, intake, mostUnacknowledged);
        s.start();
        started.add(s);
        return s;
    }

    /** Waits up to 15 s for {@code condition}; also the TLS test's. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        await(condition, () -> what);
    }

    private static void await(BooleanSupplier condition, java.util.function.Supplier<String> what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what.get()).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static Mqtt5BlockingClient publisher5() {
        Mqtt5BlockingClient p = MqttClient.builder().useMqttVersion5().identifier("pub5-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(PORT).buildBlocking();
        p.connect();
        return p;
    }

    private static void publish(Mqtt5BlockingClient p, String topic, String text) {
        p.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(text.getBytes(StandardCharsets.US_ASCII))
                .send();
    }

    /** Waits until the subscription is in place: a message published before it would be for nobody. */
    private void subscribed(FleetSubscription... nodes) throws InterruptedException {
        for (FleetSubscription s : nodes) {
            await(s::subscribed, "subscribed");
        }
    }

    @Test
    void telegramsFromMqtt3And5DonglesReachTheIntakeWithTheMeterOfTheirTopic() throws Exception {
        RecordingIntake intake = new RecordingIntake().answeringAfter(20);
        FleetSubscription node = node("a", intake);
        subscribed(node);
        try (TelegramMqttPublisher dongle3 = TelegramMqttPublisher.connect(BROKER, run + "/5400/p1")) {
            dongle3.publish("three".getBytes(StandardCharsets.US_ASCII));
        }
        Mqtt5BlockingClient dongle5 = publisher5();
        publish(dongle5, run + "/EAN-541448/p1", "five");
        // '+' matches an empty level: no meter there
        publish(dongle5, run + "//p1", "nobody");
        await(() -> node.counts().acknowledged() == 3 && node.counts().foreign() == 1, () -> "two taken, one foreign: "
                + node.counts() + " " + intake.got);
        assertThat(intake.got).containsExactlyInAnyOrder(new RecordingIntake.Got("5400", "three"),
                new RecordingIntake.Got("EAN-541448", "five"));
        assertThat(node.counts().received()).isEqualTo(3);
        assertThat(node.counts().failed()).isZero();
        assertThat(node.clientId()).isEqualTo("meterkast-fleet-a");
        dongle5.disconnect();
    }

    @Test
    void twoNodesShareTheTelegramsEachTakenByOneOfThem() throws Exception {
        RecordingIntake onA = new RecordingIntake();
        RecordingIntake onB = new RecordingIntake().answeringAfter(5);
        FleetSubscription a = node("a", onA);
        FleetSubscription b = node("b", onB);
        subscribed(a, b);
        Mqtt5BlockingClient p = publisher5();
        for (int i = 0; i < 300; i++) {
            publish(p, run + "/m" + (i % 10) + "/p1", "t" + i);
        }
        await(() -> onA.got.size() + onB.got.size() == 300, "all 300 taken");
        Set<String> both = new HashSet<>(onA.texts());
        both.retainAll(onB.texts());
        assertThat(both).isEmpty();
        assertThat(onA.got).hasSizeGreaterThan(50);
        assertThat(onB.got).hasSizeGreaterThan(50);
        await(() -> a.counts().acknowledged() + b.counts().acknowledged() == 300, "all acknowledged");
        p.disconnect();
    }

    @Test
    void aTelegramNotStoredIsNotAcknowledgedAndComesAgainOnANewConnection() throws Exception {
        RecordingIntake intake = new RecordingIntake().failingOnce(g -> g.text().equals("t3"));
        FleetSubscription node = node("a", intake);
        subscribed(node);
        Mqtt5BlockingClient p = publisher5();
        for (int i = 0; i < 10; i++) {
            publish(p, run + "/m/p1", "t" + i);
        }
        await(() -> node.counts().connections() == 2 && intake.texts().lastIndexOf("t9") > intake.texts().indexOf("t9"),
                "connected again, and everything from t3 on sent again");
        assertThat(intake.failed()).containsExactly(new RecordingIntake.Got("m", "t3"));
        assertThat(node.counts().failed()).isEqualTo(1);
        // t0..t2 were acknowledged before t3 failed; t3..t9 came twice: the acknowledgements after t3 waited for it
        List<String> texts = intake.texts();
        assertThat(texts.stream().filter("t0"::equals).count()).isEqualTo(1);
        assertThat(texts.stream().filter("t3"::equals).count()).isEqualTo(2);
        assertThat(texts.stream().filter("t9"::equals).count()).isEqualTo(2);
        assertThat(new HashSet<>(texts)).hasSize(10);
        // t0..t2 on the first connection, t3..t9 on the new one
        await(() -> node.counts().acknowledged() == 3 + 7, "all acknowledged on the new connection");
        p.disconnect();
    }

    @Test
    void aKilledNodeGetsWhatItHeldWhenItComesBackUnderItsName() throws Exception {
        try (CuttableLink link = new CuttableLink("127.0.0.1", PORT)) {
            RecordingIntake first = new RecordingIntake().holding();
            FleetSubscription killed = node("k", first, "tcp://127.0.0.1:" + link.port());
            subscribed(killed);
            Mqtt5BlockingClient p = publisher5();
            for (int i = 0; i < 20; i++) {
                publish(p, run + "/m" + i + "/p1", "t" + i);
            }
            await(() -> first.got.size() == 20, "all held");
            link.close();       // the process is gone: its connection reset, and it connects no more
            first.failHeld();
            killed.stop();

            RecordingIntake again = new RecordingIntake();
            FleetSubscription back = node("k", again);
            await(() -> again.got.size() == 20, "all 20 again");
            assertThat(new HashSet<>(again.texts())).isEqualTo(new HashSet<>(first.texts()));
            await(() -> back.counts().acknowledged() == 20, "acknowledged this time");
            p.disconnect();
        }
    }

    @Test
    void aNodeThatStopsCleanlyLeavesTheGroupAndItsShareGoesToTheOthers() throws Exception {
        RecordingIntake onA = new RecordingIntake().answeringAfter(50);
        RecordingIntake onB = new RecordingIntake();
        FleetSubscription a = node("a", onA);
        FleetSubscription b = node("b", onB);
        subscribed(a, b);
        Mqtt5BlockingClient p = publisher5();
        for (int i = 0; i < 40; i++) {
            publish(p, run + "/m/p1", "before" + i);
        }
        await(() -> onA.got.size() + onB.got.size() == 40, "all 40 before");
        a.stop();
        assertThat(a.counts().acknowledged()).isEqualTo(onA.got.size());
        for (int i = 0; i < 40; i++) {
            publish(p, run + "/m/p1", "after" + i);
        }
        await(() -> onB.texts().stream().filter(t -> t.startsWith("after")).count() == 40, "B took all 40 after");
        // and nothing waits in a's session: under its name again it gets nothing
        RecordingIntake again = new RecordingIntake();
        node("a", again);
        Thread.sleep(1000);
        assertThat(again.got).isEmpty();
        p.disconnect();
    }

    @Test
    void aBrokerAwayAtTheStartIsTriedAgainWithABackOff() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = probe.getLocalPort();
        }
        RecordingIntake intake = new RecordingIntake();
        FleetSubscription node = node("late", intake, "tcp://127.0.0.1:" + port);
        Thread.sleep(1500);     // attempts after 0.1, 0.2, 0.4, 0.8 s: all refused
        assertThat(node.counts().connections()).isZero();
        try (CuttableLink broker = new CuttableLink("127.0.0.1", PORT, port)) {
            await(() -> node.counts().connections() == 1, "connected once the broker is there");
            Thread.sleep(300);
            Mqtt5BlockingClient p = publisher5();
            publish(p, run + "/m/p1", "late");
            await(() -> node.counts().acknowledged() == 1, "taken");
            assertThat(intake.texts()).containsExactly("late");
            p.disconnect();
            node.stop();
        }
    }

    @Test
    void aLostConnectionIsMadeAgainAndWhatWasNotAcknowledgedComesAgain() throws Exception {
        try (CuttableLink link = new CuttableLink("127.0.0.1", PORT)) {
            RecordingIntake intake = new RecordingIntake().answeringAfter(300);
            FleetSubscription node = node("lost", intake, "tcp://127.0.0.1:" + link.port());
            subscribed(node);
            Mqtt5BlockingClient p = publisher5();
            for (int i = 0; i < 10; i++) {
                publish(p, run + "/m/p1", "t" + i);
            }
            await(() -> intake.got.size() == 10, "all ten handed over");
            // the network drops before the store answers: those answers are not acknowledged on the new connection
            link.cut();
            await(() -> node.counts().connections() == 2, "connected again");
            await(() -> intake.got.size() == 20, "all ten again");
            await(() -> node.counts().acknowledged() == 10, "acknowledged on the new connection");
            assertThat(new HashSet<>(intake.texts())).hasSize(10);
            for (int i = 10; i < 15; i++) {
                publish(p, run + "/m/p1", "t" + i);
            }
            await(() -> node.counts().acknowledged() == 15, "and the next ones");
            p.disconnect();
        }
    }

    /**
     * An intake that answers what it was handed every 50 ms, as the store's flush does, and keeps the most it ever
     * held unanswered.
     */
    private static final class FlushingIntake implements TelegramIntake {
        final Set<String> distinct = java.util.concurrent.ConcurrentHashMap.newKeySet();
        final java.util.concurrent.atomic.AtomicInteger mostHeld = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.ConcurrentLinkedQueue<CompletableFuture<Void>> held =
                new java.util.concurrent.ConcurrentLinkedQueue<>();
        private final java.util.concurrent.atomic.AtomicInteger holding = new java.util.concurrent.atomic.AtomicInteger();
        private final java.util.concurrent.ScheduledExecutorService flush =
                java.util.concurrent.Executors.newSingleThreadScheduledExecutor();

        FlushingIntake() {
            flush.scheduleWithFixedDelay(() -> {
                for (CompletableFuture<Void> f; (f = held.poll()) != null; ) {
                    holding.decrementAndGet();
                    f.complete(null);
                }
            }, 50, 50, TimeUnit.MILLISECONDS);
        }

        @Override
        public CompletableFuture<Void> accept(String meter, byte[] payload) {
            distinct.add(new String(payload, 0, Math.min(payload.length, 12), StandardCharsets.US_ASCII).trim());
            CompletableFuture<Void> answer = new CompletableFuture<>();
            held.add(answer);
            mostHeld.accumulateAndGet(holding.incrementAndGet(), Math::max);
            return answer;
        }

        void close() {
            flush.shutdownNow();
        }
    }

    @Test
    void aNodeBackToAQueueLongerThanThePacketIdentifiersReadsItAtThePaceOfItsStore() throws Exception {
        int away = 80_000;
        int most = 500;
        Path dir = Path.of("target", "fleet-subscription", run);
        try (OwnMosquitto broker = OwnMosquitto.start(dir, OwnMosquitto.FLEET_SETTINGS);
             CuttableLink link = new CuttableLink("127.0.0.1", broker.port())) {
            // a broker of its own: the class's broker would be busy with this queue for the other tests
            FlushingIntake first = new FlushingIntake();
            FleetSubscription killed = node("back", new RecordingIntake(), "tcp://127.0.0.1:" + link.port(), most);
            subscribed(killed);
            link.close();       // killed: its session and its share of the group stay with the broker
            killed.stop();
            first.close();
            // while it is away, the broker queues the messages for its session (this group has no other member)
            Mqtt5AsyncClient p = MqttClient.builder().useMqttVersion5().identifier(run + "-pub")
                    .serverHost("127.0.0.1").serverPort(broker.port()).buildAsync();
            p.connect().join();
            List<CompletableFuture<?>> sent = new ArrayList<>(away);
            byte[] tail = new byte[900];
            java.util.Arrays.fill(tail, (byte) ' ');
            for (int i = 0; i < away; i++) {
                byte[] payload = tail.clone();
                byte[] number = String.format("%-12d", i).getBytes(StandardCharsets.US_ASCII);
                System.arraycopy(number, 0, payload, 0, number.length);
                sent.add(p.publishWith().topic(run + "/m" + (i % 500) + "/p1").qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload).send());
            }
            CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new)).join();

            FlushingIntake again = new FlushingIntake();
            long start = System.nanoTime();
            FleetSubscription back = node("back", again, broker.url(), most);
            long deadline = start + TimeUnit.SECONDS.toNanos(120);
            while (again.distinct.size() < away && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("back to a queue of %d: all %d distinct in %.1f s, at most %d held unanswered, the "
                            + "reading paused %d times, %d connection(s)%n", away, again.distinct.size(),
                    seconds, again.mostHeld.get(), back.counts().waits(), back.counts().connections());
            assertThat(again.distinct).hasSize(away);
            // Mosquitto 2.0 sends such a queue at once, past its max_inflight_messages; the node read it no faster
            // than it stored, on one connection, without packet identifiers reused while unacknowledged
            assertThat(again.mostHeld.get()).isLessThanOrEqualTo(most);
            assertThat(back.counts().waits()).isPositive();
            assertThat(back.counts().connections()).isEqualTo(1);
            await(() -> back.counts().acknowledged() >= away, "all acknowledged");
            again.close();
            p.disconnect();
        }
    }
}
