package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * What the machine's Mosquitto (2.0.11 on 127.0.0.1:1883, its defaults: max_inflight_messages 20,
 * max_queued_messages 1000) does with an MQTT 5 subscriber that acknowledges by hand, and with the members of a shared
 * subscription that die: the findings of docs/CLUSTER.md, section "The broker", held as assertions. JUnit tag
 * {@code cluster}; each test uses topics and a group of its own, and sessions that expire within a minute.
 */
@Tag("cluster")
class MosquittoBehaviourTest {
    private static final String HOST = "127.0.0.1";
    private static final int PORT = 1883;
    private final String run = "mk-broker-" + UUID.randomUUID().toString().substring(0, 8);

    /** A subscriber that writes down every message and acknowledges only when told. */
    private static final class Member {
        final Mqtt5AsyncClient client;
        final List<Mqtt5Publish> held = new CopyOnWriteArrayList<>();
        final List<String> heard = new CopyOnWriteArrayList<>();
        final Set<String> distinct = ConcurrentHashMap.newKeySet();
        final List<String> disconnects = new CopyOnWriteArrayList<>();
        volatile boolean acknowledge;

        Member(String id, int port, int receiveMaximum, long sessionExpiry, boolean cleanStart) {
            client = MqttClient.builder().useMqttVersion5().identifier(id).serverHost(HOST).serverPort(port)
                    .addDisconnectedListener(context -> disconnects.add(String.valueOf(context.getCause())))
                    .buildAsync();
            client.publishes(MqttGlobalPublishFilter.ALL, publish -> {
                String text = new String(publish.getPayloadAsBytes(), StandardCharsets.US_ASCII);
                heard.add(text);
                distinct.add(text);
                if (acknowledge) {
                    publish.acknowledge();
                } else {
                    held.add(publish);
                }
            }, true);
            Mqtt5ConnectBuilder connect = Mqtt5Connect.builder().cleanStart(cleanStart)
                    .sessionExpiryInterval(sessionExpiry);
            if (receiveMaximum > 0) {
                connect = connect.restrictions().receiveMaximum(receiveMaximum).applyRestrictions();
            }
            client.connect(connect.build()).join();
        }

        Member subscribe(String filter) {
            client.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().join();
            return this;
        }

        void acknowledgeAll() {
            acknowledge = true;
            for (Mqtt5Publish p : held) {
                p.acknowledge();
            }
            held.clear();
        }
    }

    private static Mqtt5BlockingClient publisher() {
        Mqtt5BlockingClient p = MqttClient.builder().useMqttVersion5().identifier("pub-" + UUID.randomUUID())
                .serverHost(HOST).serverPort(PORT).buildBlocking();
        p.connect();
        return p;
    }

    private static void publish(Mqtt5BlockingClient p, String topic, int from, int to) {
        for (int i = from; i < to; i++) {
            p.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(Integer.toString(i).getBytes(StandardCharsets.US_ASCII)).send();
        }
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Waits until the count has not changed for a while: the broker sends nothing more. */
    private static int settled(java.util.function.IntSupplier count) throws InterruptedException {
        int last = -1;
        while (true) {
            int now = count.getAsInt();
            if (now == last) {
                return now;
            }
            last = now;
            Thread.sleep(700);
        }
    }

    @Test
    void theSubscribersReceiveMaximumBoundsWhatIsInFlightNotMaxInflightMessages() throws Exception {
        String topic = run + "/inflight";
        Member asked = new Member(run + "-asked", PORT, 1000, 30, true).subscribe(topic);
        Member silent = new Member(run + "-silent", PORT, 0, 30, true).subscribe(topic);
        Mqtt5BlockingClient p = publisher();
        publish(p, topic, 0, 300);
        int withReceiveMaximum = settled(asked.heard::size);
        int withoutReceiveMaximum = settled(silent.heard::size);
        System.out.printf("in flight unacknowledged: receive maximum 1000 -> %d, not sent -> %d%n",
                withReceiveMaximum, withoutReceiveMaximum);
        assertThat(withReceiveMaximum).isEqualTo(300);
        // HiveMQ's client leaves out its default of 65535, and Mosquitto then holds to its max_inflight_messages
        assertThat(withoutReceiveMaximum).isEqualTo(20);
        p.disconnect();
        asked.client.disconnect();
        silent.client.disconnect();
    }

    @Test
    void beyondTheReceiveMaximumTheBrokerQueuesAThousandDropsTheRestAndOversteps() throws Exception {
        String topic = run + "/queue";
        Member slow = new Member(run + "-slow", PORT, 20, 30, false).subscribe(topic);
        Mqtt5BlockingClient p = publisher();
        publish(p, topic, 0, 1500);
        int inFlight = settled(slow.heard::size);
        slow.acknowledgeAll();
        int afterAcknowledging = settled(slow.heard::size);
        System.out.printf("receive maximum 20, 1500 published: %d in flight; after acknowledging %d, then %s%n",
                inFlight, afterAcknowledging, slow.disconnects);
        assertThat(inFlight).isEqualTo(20);
        // Mosquitto 2.0.11 sends its queue faster than the receive maximum allows, and the client hangs up on it
        await(() -> !slow.disconnects.isEmpty(), "the client ended the connection");
        assertThat(slow.disconnects.get(0)).containsIgnoringCase("receive maximum");
        // a window larger than the queue, so that the broker cannot overstep it again
        Member back = new Member(run + "-slow", PORT, 2000, 30, false);
        back.acknowledge = true;
        settled(back.heard::size);
        java.util.Set<String> all = ConcurrentHashMap.newKeySet();
        all.addAll(slow.distinct);
        all.addAll(back.distinct);
        System.out.printf("back with its session: %d distinct of 1500 in all%n", all.size());
        assertThat(all).hasSize(20 + 1000);
        p.disconnect();
        back.client.disconnect();
    }

    @Test
    void acknowledgementsLeaveTheClientInTheOrderTheMessagesCame() throws Exception {
        String topic = run + "/order";
        Member member = new Member(run + "-order", PORT, 10, 30, true);
        member.client.publishes(MqttGlobalPublishFilter.ALL, publish -> { }, true);
        List<Mqtt5Publish> got = new CopyOnWriteArrayList<>();
        Mqtt5AsyncClient c = MqttClient.builder().useMqttVersion5().identifier(run + "-order2").serverHost(HOST)
                .serverPort(PORT).buildAsync();
        c.publishes(MqttGlobalPublishFilter.ALL, publish -> {
            got.add(publish);
            if (!new String(publish.getPayloadAsBytes(), StandardCharsets.US_ASCII).equals("0")) {
                publish.acknowledge();      // every one but the first
            }
        }, true);
        c.connectWith().cleanStart(true).sessionExpiryInterval(30).restrictions().receiveMaximum(10)
                .applyRestrictions().send().join();
        c.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send().join();
        Mqtt5BlockingClient p = publisher();
        publish(p, topic, 0, 50);
        int stuck = settled(got::size);
        System.out.printf("first of 50 not acknowledged, receive maximum 10: %d received%n", stuck);
        // the client sends acknowledgements in the order the messages came: nine acknowledged ones wait for the first
        assertThat(stuck).isEqualTo(10);
        got.get(0).acknowledge();
        assertThat(settled(got::size)).isGreaterThan(10);
        p.disconnect();
        c.disconnect();
        member.client.disconnect();
    }

    @Test
    void aKilledMembersMessagesWaitInItsSessionAndNewOnesKeepComingToIt() throws Exception {
        String topic = run + "/shared";
        String share = "$share/" + run + "/" + topic;
        try (CuttableLink link = new CuttableLink(HOST, PORT)) {
            Member killed = new Member(run + "-killed", link.port(), 1000, 60, false).subscribe(share);
            Member alive = new Member(run + "-alive", PORT, 1000, 60, false).subscribe(share);
            alive.acknowledge = true;
            Mqtt5BlockingClient p = publisher();
            publish(p, topic, 0, 100);
            settled(() -> killed.heard.size() + alive.heard.size());
            int killedHeld = killed.heard.size();
            int aliveHeard = alive.heard.size();
            link.cut();
            Thread.sleep(500);
            publish(p, topic, 100, 2600);
            int aliveAfterKill = settled(alive.heard::size) - aliveHeard;
            System.out.printf("before the kill: killed member held %d, the other acknowledged %d; after it, the "
                    + "other got %d of 2500 more%n", killedHeld, aliveHeard, aliveAfterKill);
            assertThat(aliveAfterKill).isEqualTo(1250);

            Member back = new Member(run + "-killed", PORT, 1000, 60, false);
            back.acknowledge = true;
            int redelivered = settled(back.heard::size);
            System.out.printf("back with the same id and its session: %d delivered to it%n", redelivered);
            Set<String> all = ConcurrentHashMap.newKeySet();
            all.addAll(alive.distinct);
            all.addAll(back.distinct);
            long heldAgain = killed.distinct.stream().filter(back.distinct::contains).count();
            System.out.printf("all distinct %d of 2600; of the %d it held, %d came again%n", all.size(),
                    killedHeld, heldAgain);
            assertThat(killedHeld).isEqualTo(50);
            // a session without a connection holds 1000 messages in all, the 50 once in flight among them: the
            // first 950 of the 1250 sent to it while it was away came, the last 300 were dropped
            assertThat(heldAgain).isEqualTo(50);
            assertThat(redelivered).isEqualTo(1000);
            assertThat(all).hasSize(2600 - 300);
            p.disconnect();
            back.client.disconnect();
            alive.client.disconnect();
        }
    }

    @Test
    void aKilledMemberThatNeverComesBackKeepsItsMessagesUntilItsSessionExpires() throws Exception {
        String topic = run + "/gone";
        String share = "$share/" + run + "/" + topic;
        try (CuttableLink link = new CuttableLink(HOST, PORT)) {
            Member gone = new Member(run + "-gone", link.port(), 1000, 3, false).subscribe(share);
            Member alive = new Member(run + "-alive", PORT, 1000, 60, false).subscribe(share);
            alive.acknowledge = true;
            Mqtt5BlockingClient p = publisher();
            publish(p, topic, 0, 100);
            settled(() -> gone.heard.size() + alive.heard.size());
            int held = gone.heard.size();
            link.cut();
            Thread.sleep(Duration.ofSeconds(5).toMillis());     // past the session expiry of 3 s
            publish(p, topic, 100, 200);
            int aliveTotal = settled(alive.heard::size);
            Set<String> missing = ConcurrentHashMap.newKeySet();
            for (int i = 0; i < 200; i++) {
                if (!alive.distinct.contains(Integer.toString(i))) {
                    missing.add(Integer.toString(i));
                }
            }
            System.out.printf("gone member held %d; after its session expired the other has %d distinct, "
                    + "missing %d (%s)%n", held, alive.distinct.size(), missing.size(),
                    missing.stream().sorted().limit(10).toList());
            // what it held went with its session; all that came after the expiry went to the other
            assertThat(held).isEqualTo(50);
            assertThat(missing).hasSize(50);
            assertThat(aliveTotal).isEqualTo(150);
            p.disconnect();
            alive.client.disconnect();
        }
    }

    /**
     * A member of a shared group back to its session after the group's messages were queued for it: Mosquitto 2.0.11
     * sends the queue at once, past its own max_inflight_messages, over MQTT 3.1.1 as well (the Paho client here,
     * which reads whatever comes). A broker of the test's own, with no queue limit and a window of 100.
     */
    @Test
    void aReturningMembersQueueComesAtOncePastTheInFlightWindow() throws Exception {
        int queued = 20_000;
        try (OwnMosquitto broker = OwnMosquitto.start(java.nio.file.Path.of("target", "mosquitto-behaviour", run)
                .toAbsolutePath(), "allow_anonymous true\npersistence false\nmax_queued_messages 0\n"
                + "max_inflight_messages 100\n")) {
            String topic = run + "/back";
            String share = "$share/" + run + "/" + topic;
            String id = run + "-back";
            org.eclipse.paho.client.mqttv3.MqttConnectOptions options =
                    new org.eclipse.paho.client.mqttv3.MqttConnectOptions();
            options.setCleanSession(false);
            org.eclipse.paho.client.mqttv3.MqttAsyncClient first = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                    broker.url(), id, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            first.connect(options).waitForCompletion(5_000);
            first.subscribe(share, 1).waitForCompletion(5_000);
            first.disconnect().waitForCompletion(5_000);
            first.close();
            Mqtt5AsyncClient p = MqttClient.builder().useMqttVersion5().identifier(run + "-pub").serverHost(HOST)
                    .serverPort(broker.port()).buildAsync();
            p.connect().join();
            List<java.util.concurrent.CompletableFuture<?>> sent = new java.util.ArrayList<>();
            for (int i = 0; i < queued; i++) {
                sent.add(p.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(Integer.toString(i).getBytes(StandardCharsets.US_ASCII)).send());
            }
            java.util.concurrent.CompletableFuture.allOf(sent.toArray(java.util.concurrent.CompletableFuture[]::new))
                    .join();

            java.util.concurrent.ConcurrentLinkedQueue<Integer> unacknowledged =
                    new java.util.concurrent.ConcurrentLinkedQueue<>();
            java.util.concurrent.atomic.AtomicInteger held = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger got = new java.util.concurrent.atomic.AtomicInteger();
            org.eclipse.paho.client.mqttv3.MqttAsyncClient back = new org.eclipse.paho.client.mqttv3.MqttAsyncClient(
                    broker.url(), id, new org.eclipse.paho.client.mqttv3.persist.MemoryPersistence());
            back.setManualAcks(true);
            back.setCallback(new org.eclipse.paho.client.mqttv3.MqttCallback() {
                @Override
                public void connectionLost(Throwable cause) {
                }

                @Override
                public void messageArrived(String t, org.eclipse.paho.client.mqttv3.MqttMessage message) {
                    got.incrementAndGet();
                    unacknowledged.add(message.getId());
                    most.accumulateAndGet(held.incrementAndGet(), Math::max);
                }

                @Override
                public void deliveryComplete(org.eclipse.paho.client.mqttv3.IMqttDeliveryToken token) {
                }
            });
            back.connect(options).waitForCompletion(5_000);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (got.get() < queued && System.nanoTime() < deadline) {
                Thread.sleep(100);      // acknowledged every 100 ms, as a node's flush does
                for (Integer m; (m = unacknowledged.poll()) != null; ) {
                    back.messageArrivedComplete(m, 1);
                    held.decrementAndGet();
                }
            }
            System.out.printf("back to a queue of %d, max_inflight_messages 100: %d came, at most %d unacknowledged%n",
                    queued, got.get(), most.get());
            assertThat(got.get()).isEqualTo(queued);
            assertThat(most.get()).isGreaterThan(1_000);
            back.disconnect().waitForCompletion(5_000);
            back.close();
            p.disconnect();
        }
    }
}
