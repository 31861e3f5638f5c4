package org.meterkast.server.fleet;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.Mqtt5ClientBuilder;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5Connect;
import com.hivemq.client.mqtt.mqtt5.message.connect.Mqtt5ConnectBuilder;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import com.hivemq.client.mqtt.mqtt5.message.subscribe.suback.Mqtt5SubAck;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.meterkast.p1.stream.Backoff;
import org.meterkast.server.ingest.MqttSettings;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * This node's share of the fleet's telegrams: one MQTT 5 connection to the broker of {@code meterkast.mqtt.*},
 * subscribed to {@code $share/<group>/<topic>} at QoS 1, each message handed to the {@link TelegramIntake} with the
 * meter id of its topic, and acknowledged only once the intake's answer completes normally (docs/CLUSTER.md, "The
 * broker", says why each choice here is made):
 *
 * <ul>
 *   <li>The client id is the node's ({@code meterkast-fleet-<meterkast.fleet.node>}) and the session persists
 *       (clean start false, {@code meterkast.fleet.session-expiry}): a node killed with messages in flight gets them
 *       again when it comes back.</li>
 *   <li>Receive Maximum 65534, so that it is sent: without it Mosquitto keeps 20 messages in flight, and queues,
 *       then drops, the rest while the intake gathers a flush.</li>
 *   <li>The client sends acknowledgements in the order the messages came, so one that is never acknowledged holds back
 *       all later ones. A failed message is therefore counted and, after a back-off, the connection is dropped and
 *       made again: the broker sends every unacknowledged message once more, the failed one first.</li>
 *   <li>A message whose topic does not match the pattern is counted and acknowledged: nobody will ever take it.</li>
 * </ul>
 *
 * <p>Messages are handed to the intake on one delivery thread of this subscription, never on the client's network
 * thread, so an intake that takes a while delays telegrams but never the keep-alive. Acknowledging does not block
 * either: the client takes it up on its own thread, whichever thread completes the intake's answer. A clean stop
 * leaves the group: unsubscribe, wait until every message held is answered, and disconnect ending the session.
 */
@Component
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
public class FleetSubscription implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FleetSubscription.class);
    /**
     * One below the largest Receive Maximum MQTT 5 allows: the client leaves out 65535, the protocol's default, and
     * Mosquitto, not told any, holds to its own max_inflight_messages (20).
     */
    static final int RECEIVE_MAXIMUM = 65_534;
    /** How long a clean stop waits for the intake to answer the messages it holds. */
    private static final Duration DRAIN = Duration.ofSeconds(10);

    /** What the subscription has done since the start. */
    public record Counts(long received, long acknowledged, long failed, long foreign, long connections) {
    }

    private final FleetSettings fleet;
    private final MqttSettings mqtt;
    private final MqttSettings.Broker broker;
    private final TelegramIntake intake;
    private final Duration sessionExpiry;
    private final int receiveMaximum;
    private final MeterTopic topics;
    private final String clientId;
    private final String filter;

    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final AtomicLong connections = new AtomicLong();
    /** Messages handed to the intake and not answered yet. */
    private final AtomicLong pending = new AtomicLong();
    /** Guarded by lock. */
    private final Backoff backoff;
    /** The back-off grew since a message was last acknowledged. */
    private volatile boolean backedOff;

    private final Object lock = new Object();
    // guarded by lock
    private Mqtt5AsyncClient client;
    private ExecutorService delivery;
    private ScheduledExecutorService timer;
    private boolean running;
    private boolean stopping;
    /** Which connection is up: a message remembers the one it came on, and is acknowledged only on that one. */
    private volatile long generation;
    /** The connection whose failed message has a reconnect scheduled already; guarded by lock. */
    private long recycling = -1;
    /** Failed messages on the current connection: the session must be kept for them; guarded by lock. */
    private long unanswered;

    @Autowired
    FleetSubscription(FleetSettings fleet, MqttSettings mqtt, TelegramIntake intake,
                      @Value("${meterkast.fleet.session-expiry:1h}") Duration sessionExpiry) {
        this(fleet, mqtt, intake, sessionExpiry, RECEIVE_MAXIMUM);
    }

    /** With another window than {@link #RECEIVE_MAXIMUM}: for measuring what the window costs the broker. */
    FleetSubscription(FleetSettings fleet, MqttSettings mqtt, TelegramIntake intake, Duration sessionExpiry,
                      int receiveMaximum) {
        this.fleet = fleet;
        this.mqtt = mqtt;
        this.broker = mqtt.requireUrlFor("meterkast.fleet.enabled=true");
        this.intake = intake;
        if (sessionExpiry.isNegative() || sessionExpiry.isZero() || sessionExpiry.toSeconds() > 0xFFFF_FFFEL) {
            throw new IllegalArgumentException("meterkast.fleet.session-expiry must be 1 s to 136 years, not "
                    + sessionExpiry + ": without a session a killed node's messages are lost");
        }
        this.sessionExpiry = sessionExpiry;
        if (receiveMaximum < 1 || receiveMaximum > 65_534) {
            throw new IllegalArgumentException("receive maximum must be 1 to 65534, not " + receiveMaximum);
        }
        this.receiveMaximum = receiveMaximum;
        this.topics = new MeterTopic(fleet);
        this.clientId = "meterkast-fleet-" + fleet.node();
        this.filter = "$share/" + fleet.group() + "/" + fleet.topic();
        this.backoff = new Backoff(mqtt.initialBackoff(), mqtt.maxBackoff());
    }

    /** The client id this node's subscription uses, stable across restarts of the node. */
    public String clientId() {
        return clientId;
    }

    /** The shared filter subscribed to. */
    public String filter() {
        return filter;
    }

    public Counts counts() {
        return new Counts(received.sum(), acknowledged.sum(), failed.sum(), foreign.sum(), connections.get());
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            running = true;
            stopping = false;
            // after the stop the client may still hand over a message or two: nobody takes them up any more, and the
            // broker sends them again
            delivery = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new LinkedBlockingQueue<>(),
                    r -> daemon(r, "fleet-mqtt-" + fleet.node()), new ThreadPoolExecutor.DiscardPolicy());
            timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "fleet-mqtt-timer"));
            Mqtt5ClientBuilder builder = MqttClient.builder().useMqttVersion5()
                    .identifier(clientId)
                    .serverHost(broker.host())
                    .serverPort(broker.port())
                    .addConnectedListener(context -> connected())
                    .addDisconnectedListener(this::disconnected);
            if (broker.tls()) {
                // the JVM's trust store: javax.net.ssl.trustStore names another one
                builder = builder.sslWithDefaultConfig();
            }
            client = builder.buildAsync();
            // registered before connecting: a persistent session's messages come right after the CONNACK, before
            // any subscribe of this connection
            client.publishes(MqttGlobalPublishFilter.ALL, this::deliver, delivery, true);
            Mqtt5ConnectBuilder connect = Mqtt5Connect.builder()
                    .cleanStart(false)
                    .sessionExpiryInterval(sessionExpiry.toSeconds())
                    .keepAlive((int) mqtt.keepAlive().toSeconds())
                    .restrictions().receiveMaximum(receiveMaximum).applyRestrictions();
            if (mqtt.username() != null && !mqtt.username().isEmpty()) {
                connect = mqtt.password() == null
                        ? connect.simpleAuth().username(mqtt.username()).applySimpleAuth()
                        : connect.simpleAuth().username(mqtt.username())
                        .password(mqtt.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
            }
            log.info("fleet: connecting to {} as {} for {}", broker, clientId, filter);
            client.connect(connect.build()).whenComplete((ack, failure) -> {
                // a failed first attempt is tried again by disconnected(), as a lost connection is
            });
        }
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    // on a client thread
    private void connected() {
        Mqtt5AsyncClient c;
        long g;
        synchronized (lock) {
            if (!running || stopping) {
                return;
            }
            g = ++generation;
            connections.incrementAndGet();
            unanswered = 0;
            c = client;
        }
        log.info("fleet: connected to {} as {}", broker, clientId);
        // asked on every connection: harmless when the session still has it, needed when the session expired
        c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send()
                .whenComplete((ack, failure) -> subscribed(g, ack, failure));
    }

    private void subscribed(long g, Mqtt5SubAck ack, Throwable failure) {
        if (failure == null && ack.getReasonCodes().stream().noneMatch(code -> code.isError())) {
            log.info("fleet: subscribed to '{}' on {}", filter, broker);
            return;
        }
        String why = failure != null ? String.valueOf(failure.getMessage()) : ack.getReasonCodes().toString();
        log.warn("fleet: {} refused the subscription to '{}': {}; connecting again", broker, filter, why);
        recycle(g);
    }

    // on a client thread, after a failed attempt to connect as well as after a lost or dropped connection
    private void disconnected(MqttClientDisconnectedContext context) {
        synchronized (lock) {
            if (!running || stopping) {
                return;
            }
            if (context.getSource() == MqttDisconnectSource.USER) {
                // recycle() dropped it after its back-off: back at once, for the broker to send everything again
                context.getReconnector().reconnect(true).resubscribeIfSessionExpired(false).delay(0,
                        TimeUnit.MILLISECONDS);
                return;
            }
            Duration pause = backoff.failed();
            backedOff = true;
            context.getReconnector().reconnect(true).resubscribeIfSessionExpired(false)
                    .delay(pause.toMillis(), TimeUnit.MILLISECONDS);
            log.warn("fleet: connection to {} lost or refused: {}; again in {}", broker,
                    explain(context.getCause()), pause);
        }
    }

    // on the delivery thread
    private void deliver(Mqtt5Publish publish) {
        received.increment();
        long g = generation;
        String meter = topics.meterOf(publish.getTopic().toString());
        if (meter == null) {
            // no meter at this topic, ever: acknowledged, or it would come again and again
            foreign.increment();
            publish.acknowledge();
            return;
        }
        CompletableFuture<Void> answer;
        try {
            answer = intake.accept(meter, publish.getPayloadAsBytes());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        pending.incrementAndGet();
        answer.whenComplete((done, failure) -> answered(publish, g, failure));
    }

    // on whichever thread completed the answer
    private void answered(Mqtt5Publish publish, long g, Throwable failure) {
        try {
            if (failure != null) {
                failed.increment();
                synchronized (lock) {
                    if (g == generation) {
                        unanswered++;
                    }
                }
                log.debug("fleet: telegram on '{}' not stored, not acknowledged: {}", publish.getTopic(),
                        failure.toString());
                recycle(g);
            } else if (g == generation) {
                // only on the connection it came on: after a reconnect the broker sends it again anyway
                publish.acknowledge();
                acknowledged.increment();
                if (backedOff) {
                    synchronized (lock) {
                        backoff.reset();
                        backedOff = false;
                    }
                }
            }
        } finally {
            pending.decrementAndGet();
        }
    }

    /** Drops connection {@code g} after a back-off, once however many of its messages fail. */
    private void recycle(long g) {
        synchronized (lock) {
            if (!running || stopping || recycling == g || g != generation) {
                return;
            }
            recycling = g;
            Duration pause = backoff.failed();
            backedOff = true;
            log.warn("fleet: a telegram was not stored; the connection is made again in {} so that the broker sends "
                    + "what is not acknowledged again", pause);
            timer.schedule(() -> {
                synchronized (lock) {
                    if (running && !stopping && generation == g) {
                        client.disconnect().whenComplete((done, failure) -> { });
                    }
                }
            }, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Leaves the group: unsubscribes, waits until the intake answered every message held (at most
     * {@link #DRAIN}), then disconnects ending the session when all were acknowledged, or keeping it, as after a kill,
     * when some were not, so that they come again when the node is back.
     */
    @Override
    public void stop() {
        Mqtt5AsyncClient c;
        synchronized (lock) {
            if (!running) {
                return;
            }
            stopping = true;
            c = client;
        }
        boolean connected = c.getState().isConnected();
        if (connected) {
            try {
                c.unsubscribeWith().topicFilter(filter).send().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                connected = false;
                log.debug("fleet: unsubscribing failed: {}", e.toString());
            }
        }
        long deadline = System.nanoTime() + DRAIN.toNanos();
        long seen = -1;
        try {
            // until nothing is pending and nothing came for a moment (messages sent before the unsubscribe)
            while (System.nanoTime() < deadline && (pending.get() > 0 || received.sum() != seen)) {
                seen = received.sum();
                Thread.sleep(50);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        boolean drained;
        synchronized (lock) {
            drained = pending.get() == 0 && unanswered == 0 && connected;
            running = false;
        }
        try {
            if (drained) {
                c.disconnectWith().sessionExpiryInterval(0).send().get(2, TimeUnit.SECONDS);
                log.info("fleet: left the group '{}' on {}", fleet.group(), broker);
            } else {
                c.disconnect().get(2, TimeUnit.SECONDS);
                log.warn("fleet: stopped with {} telegram(s) unanswered or not stored; the broker keeps them for {} "
                        + "in the session of {}", pending.get() + unanswered, sessionExpiry, clientId);
            }
        } catch (Exception e) {
            log.debug("fleet: disconnecting: {}", e.toString());
        }
        synchronized (lock) {
            delivery.shutdown();
            timer.shutdownNow();
        }
    }

    @Override
    public boolean isRunning() {
        synchronized (lock) {
            return running;
        }
    }

    /** Stops first and starts last among the server's parts, so the intake outlives the messages it is handed. */
    @Override
    public int getPhase() {
        return SmartLifecycle.DEFAULT_PHASE;
    }

    /** The innermost cause's message: "Connection refused", not the wrappers' class names. */
    private static String explain(Throwable failure) {
        if (failure == null) {
            return "no reason given";
        }
        Throwable root = failure;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String message = root.getMessage();
        return message == null || message.isBlank() ? root.getClass().getSimpleName() : message;
    }
}
