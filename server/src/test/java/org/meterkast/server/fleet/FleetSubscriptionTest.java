package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.meterkast.server.ingest.MqttSettings;
import org.meterkast.sim.TelegramMqttPublisher;

/**
 * The shared subscription against the machine's Mosquitto (127.0.0.1:1883): the embedded Moquette 0.17 of the default
 * suite speaks MQTT 3.1.1 only and has no shared subscriptions. JUnit tag {@code cluster}; each test has a topic and
 * a group of its own.
 */
@Tag("cluster")
class FleetSubscriptionTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private final String run = "mk-fleet-" + UUID.randomUUID().toString().substring(0, 8);
    private final List<FleetSubscription> started = new ArrayList<>();

    @AfterEach
    void stopAll() {
        started.forEach(FleetSubscription::stop);
    }

    private FleetSubscription node(String node, RecordingIntake intake) {
        return node(node, intake, BROKER);
    }

    private FleetSubscription node(String node, RecordingIntake intake, String url) {
        FleetSettings fleet = new FleetSettings(true, run + "/+/p1", run, node, Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        MqttSettings mqtt = new MqttSettings(url, null, null, null, Duration.ofSeconds(30), Duration.ofMillis(100),
                Duration.ofSeconds(1));
        FleetSubscription s = new FleetSubscription(fleet, mqtt, intake, Duration.ofSeconds(60));
        s.start();
        started.add(s);
        return s;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    private static Mqtt5BlockingClient publisher5() {
        Mqtt5BlockingClient p = MqttClient.builder().useMqttVersion5().identifier("pub5-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        p.connect();
        return p;
    }

    private static void publish(Mqtt5BlockingClient p, String topic, String text) {
        p.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(text.getBytes(StandardCharsets.US_ASCII))
                .send();
    }

    /** Waits until the subscription is in place: a message published before it would be for nobody. */
    private void subscribed(FleetSubscription... nodes) throws InterruptedException {
        Thread.sleep(300);
        for (FleetSubscription s : nodes) {
            await(() -> s.counts().connections() >= 1, "connected");
        }
        Thread.sleep(300);
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
        await(() -> node.counts().acknowledged() == 2 && node.counts().foreign() == 1, "two taken, one foreign");
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
        assertThat(new HashSet<>(texts)).hasSize(10);
        // handed to the client for acknowledgement: t0..t2, then t4..t9 (held behind t3 and dropped with the
        // connection), then t3..t9 on the new one
        await(() -> node.counts().acknowledged() == 3 + 6 + 7, "all acknowledged on the new connection");
        p.disconnect();
    }

    @Test
    void aKilledNodeGetsWhatItHeldWhenItComesBackUnderItsName() throws Exception {
        try (CuttableLink link = new CuttableLink("127.0.0.1", 1883)) {
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
        try (CuttableLink broker = new CuttableLink("127.0.0.1", 1883, port)) {
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
        try (CuttableLink link = new CuttableLink("127.0.0.1", 1883)) {
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
}
