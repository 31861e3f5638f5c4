package org.meterkast.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The simulated fleet against a real Mosquitto that is stopped (SIGTERM) and started again on the same port and
 * persistence file in the middle of a run: the dongles reconnect and send again what the broker had not
 * acknowledged, then what fell due while it was away, and a subscriber with a persistent session gets every telegram
 * (some twice, none missing). JUnit tag {@code cluster} (it needs the {@code mosquitto} binary).
 */
@Tag("cluster")
class FleetPublisherReconnectTest {
    private static final Instant START = Instant.parse("2026-03-10T08:59:00Z");

    @ParameterizedTest(name = "MQTT {0}")
    @ValueSource(ints = {3, 5})
    void everyTelegramArrivesAfterTheBrokerRestarts(int version) throws Exception {
        int meters = 200;
        int rounds = 40;
        String run = "restart-" + UUID.randomUUID().toString().substring(0, 8);
        String pattern = run + "/+/p1";
        Fleet fleet = new Fleet(7, START, 10);
        try (OwnMosquitto broker = OwnMosquitto.started("max_queued_messages 0\nmax_inflight_messages 1000\n")) {
            // ten telegrams per meter per second: 2,000 a second over two connections, for four seconds
            FleetPublisher.Settings settings = new FleetPublisher.Settings(broker.url(), pattern, meters, 10, 1,
                    version, 2);
            Set<String> heard = ConcurrentHashMap.newKeySet();
            AtomicLong deliveries = new AtomicLong();
            Mqtt3AsyncClient subscriber = MqttClient.builder().useMqttVersion3().identifier(run + "-sub")
                    .serverHost("127.0.0.1").serverPort(broker.port())
                    .automaticReconnect().initialDelay(100, TimeUnit.MILLISECONDS).maxDelay(1, TimeUnit.SECONDS)
                    .applyAutomaticReconnect().buildAsync();
            subscriber.connectWith().cleanSession(false).send().get(10, TimeUnit.SECONDS);
            subscriber.subscribeWith().topicFilter(pattern).qos(MqttQos.AT_LEAST_ONCE).callback(p -> {
                deliveries.incrementAndGet();
                heard.add(p.getTopic() + "\n" + new String(p.getPayloadAsBytes(), StandardCharsets.US_ASCII));
            }).send().get(10, TimeUnit.SECONDS);

            FleetPublisher.Result result;
            long stoppedAfter;
            long startedAfter;
            try (FleetPublisher publisher = FleetPublisher.connect(fleet, settings)) {
                Thread restarter = new Thread(() -> {
                    try {
                        while (publisher.published() < (long) meters * rounds / 3) {
                            Thread.sleep(1);
                        }
                        broker.stop();
                        Thread.sleep(1_000);
                        broker.start();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
                restarter.start();
                result = publisher.publish(rounds, Duration.ofSeconds(30));
                restarter.join();
            }
            System.out.printf(Locale.ROOT, "fleet broker restart, MQTT %d: %s%n", version, result.describe());
            assertThat(broker.persisted()).as("Mosquitto saved its persistence file at SIGTERM").isTrue();
            assertThat(result.reconnections()).as(result.describe()).isGreaterThanOrEqualTo(2);
            assertThat(result.published()).as(result.describe()).isEqualTo((long) meters * rounds);
            assertThat(result.acknowledged()).isEqualTo((long) meters * rounds);
            assertThat(result.failed()).isZero();
            assertThat(result.kept()).isZero();
            assertThat(result.dropped()).isZero();

            Set<String> expected = new HashSet<>();
            for (int n = 1; n <= meters; n++) {
                FleetMeter meter = new Fleet(7, START, 10).meter(n);
                for (int i = 0; i < rounds; i++) {
                    expected.add(settings.topicOf(meter.id()) + "\n"
                            + new String(meter.next(), StandardCharsets.US_ASCII));
                }
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (!heard.containsAll(expected) && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            Set<String> missing = new HashSet<>(expected);
            missing.removeAll(heard);
            System.out.printf(Locale.ROOT, "fleet broker restart, MQTT %d: %d telegrams expected, %d deliveries to the "
                    + "subscriber, %d distinct, %d missing%n", version, expected.size(), deliveries.get(), heard.size(),
                    missing.size());
            assertThat(missing).as("telegrams the subscriber never got").isEmpty();
            assertThat(heard).hasSize(expected.size());
            subscriber.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /** An MQTT packet as the client wrote it: its first byte and its body. */
    record Packet(int first, byte[] body) {
        int type() {
            return first & 0xF0;
        }

        /** A PUBLISH's packet id (QoS 1, MQTT 3.1.1). */
        int packetId() {
            int topic = (body[0] & 0xFF) << 8 | body[1] & 0xFF;
            return (body[2 + topic] & 0xFF) << 8 | body[3 + topic] & 0xFF;
        }
    }

    static List<Packet> packets(byte[] b) {
        List<Packet> packets = new ArrayList<>();
        int i = 0;
        while (i < b.length) {
            int first = b[i++] & 0xFF;
            int remaining = 0;
            for (int shift = 0; ; shift += 7) {
                int digit = b[i++] & 0xFF;
                remaining |= (digit & 0x7F) << shift;
                if ((digit & 0x80) == 0) {
                    break;
                }
            }
            packets.add(new Packet(first, Arrays.copyOfRange(b, i, i + remaining)));
            i += remaining;
        }
        return packets;
    }

    @Test
    void unacknowledgedPublishesGoAgainWithDupAndTheirPacketIdsOnTheSameSession() throws Exception {
        try (OwnMosquitto broker = OwnMosquitto.started(""); Relay relay = new Relay(broker.port());
             FleetPublisherTest.Subscriber subscriber = new FleetPublisherTest.Subscriber("127.0.0.1", broker.port(),
                     "dup/+/p1")) {
            FleetPublisher.Settings settings = new FleetPublisher.Settings(relay.url(), "dup/+/p1", 10, 20, 1, 3, 1);
            FleetPublisher.Result result;
            try (FleetPublisher publisher = FleetPublisher.connect(new Fleet(4, START, 1), settings)) {
                Thread breaker = new Thread(() -> {
                    try {
                        while (publisher.round() < 5) {
                            Thread.sleep(1);
                        }
                        relay.holdAnswers(true);
                        while (publisher.round() < 10) {
                            Thread.sleep(1);
                        }
                        relay.refuse(true);
                        relay.cut();
                        relay.holdAnswers(false);
                        Thread.sleep(300);
                        relay.refuse(false);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                breaker.start();
                result = publisher.publish(20, Duration.ofSeconds(20));
                breaker.join();
            }
            System.out.println("fleet publisher, answers held then the connection cut: " + result.describe());
            assertThat(result.published()).as(result.describe()).isEqualTo(200);
            assertThat(result.acknowledged()).isEqualTo(200);
            assertThat(result.failed()).isZero();
            assertThat(result.reconnections()).isEqualTo(1);
            // rounds 5 to 9 went out while the answers were held: at least those 50 were unacknowledged at the cut
            assertThat(result.resent()).isGreaterThanOrEqualTo(50);

            List<Packet> first = packets(relay.sent.get(0).toByteArray());
            List<Packet> second = packets(relay.sent.get(1).toByteArray());
            Packet connect1 = first.get(0);
            Packet connect2 = second.get(0);
            assertThat(connect1.type()).isEqualTo(0x10);
            assertThat(connect2.body()).as("the same CONNECT: same client id, clean session off")
                    .isEqualTo(connect1.body());
            assertThat(connect2.body()[7] & 0x02).as("clean session flag").isZero();
            List<Packet> dups = second.stream().filter(p -> p.type() == 0x30 && (p.first() & 0x08) != 0).toList();
            assertThat(dups).hasSize((int) result.resent());
            assertThat(second.subList(1, 1 + dups.size())).as("sent again first, before anything new")
                    .isEqualTo(dups);
            Map<Integer, byte[]> firstById = new HashMap<>();
            for (Packet p : first) {
                if (p.type() == 0x30) {
                    firstById.put(p.packetId(), p.body());
                }
            }
            // a PUBLISH written before the cut goes again with its packet id and bytes; one still in the buffer at the
            // cut was never on the wire and goes for the first time, its DUP flag set all the same
            int sameAsBefore = 0;
            for (Packet dup : dups) {
                assertThat(dup.first()).isEqualTo(0x30 | 0x08 | 0x02);
                byte[] before = firstById.get(dup.packetId());
                if (before != null) {
                    assertThat(Arrays.equals(dup.body(), before)).as("packet %d again, the same", dup.packetId())
                            .isTrue();
                    sameAsBefore++;
                }
            }
            // rounds 5 to 9 were written while the answers were held
            assertThat(sameAsBefore).isGreaterThanOrEqualTo(50);
            // every telegram reached the subscriber, some twice
            Map<String, List<byte[]>> got = new HashMap<>();
            for (FleetPublisherTest.Heard h : subscriber.take(200)) {
                got.computeIfAbsent(h.topic(), t -> new ArrayList<>()).add(h.payload());
            }
            Thread.sleep(500);
            for (FleetPublisherTest.Heard h; (h = subscriber.messages.poll()) != null; ) {
                got.computeIfAbsent(h.topic(), t -> new ArrayList<>()).add(h.payload());
            }
            for (int n = 1; n <= 10; n++) {
                FleetMeter again = new Fleet(4, START, 1).meter(n);
                List<String> heardOfMeter = got.get("dup/" + Fleet.meterId(n) + "/p1").stream()
                        .map(b -> new String(b, StandardCharsets.US_ASCII)).toList();
                for (int i = 0; i < 20; i++) {
                    assertThat(heardOfMeter).as("meter %d telegram %d", n, i)
                            .contains(new String(again.next(), StandardCharsets.US_ASCII));
                }
            }
        }
    }
}
