package org.meterkast.server.fleet;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.eclipse.paho.client.mqttv3.IMqttActionListener;
import org.eclipse.paho.client.mqttv3.IMqttDeliveryToken;
import org.eclipse.paho.client.mqttv3.IMqttToken;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttCallback;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.MqttMessage;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
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
 * This node's share of the fleet's telegrams: one MQTT 3.1.1 connection (the Eclipse Paho client) to the broker of
 * {@code meterkast.mqtt.*}, subscribed to {@code $share/<group>/<topic>} at QoS 1, each message handed to the
 * {@link TelegramIntake} with the meter id of its topic, and acknowledged only once the intake's answer completes
 * normally (docs/CLUSTER.md, "The broker", says why each choice here is made):
 *
 * <ul>
 *   <li>The client id is the node's ({@code meterkast-fleet-<meterkast.fleet.node>}) and the session persists (clean
 *       session false): a node killed with messages in flight gets them again when it comes back. How long the broker
 *       keeps the session of a node that does not come back is the broker's setting (Mosquitto:
 *       {@code persistent_client_expiration}).</li>
 *   <li>At most {@code meterkast.fleet.most-unacknowledged} messages are held unanswered: the next one waits on the
 *       client's delivery thread, the client stops reading the socket, and the broker's writes wait in TCP. A broker
 *       that sends a long queue at once, beyond any in-flight window (Mosquitto 2.0 does, when a node comes back to
 *       its session), is thus read only as fast as the node stores.</li>
 *   <li>Acknowledgements go out in the order the messages came, so one that is never acknowledged holds back all
 *       later ones. One that fails is therefore counted and, after a back-off, the connection is dropped and made
 *       again: the broker sends every unacknowledged message once more, the failed one first.</li>
 *   <li>A message whose topic does not match the pattern is counted and acknowledged: nobody will ever take it.</li>
 * </ul>
 *
 * <p>Messages are handed to the intake on the client's delivery thread, never on its network threads. While the node
 * holds that thread the client reads nothing, the broker's answer to its keep-alive included: a store that stalls for
 * longer than the keep-alive costs a reconnect, which loses nothing (the session keeps what was not acknowledged).
 * Acknowledging does not block: the client queues the
 * PUBACK for its sending thread, whichever thread completes the intake's answer. A clean stop leaves the group:
 * unsubscribe, wait until every message held is answered, disconnect, and end the session.
 */
@Component
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
public class FleetSubscription implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FleetSubscription.class);
    /** The default of {@code meterkast.fleet.most-unacknowledged}: messages held unanswered before reading stops. */
    static final int MOST_UNACKNOWLEDGED = 10_000;
    /** How long a clean stop waits for the intake to answer the messages it holds. */
    private static final Duration DRAIN = Duration.ofSeconds(10);
    private static final int QOS = 1;

    /**
     * What the subscription has done since the start.
     *
     * @param received     messages taken from the broker
     * @param acknowledged messages acknowledged: after the intake stored or judged them, and the foreign ones
     * @param failed       messages the intake could not store (not acknowledged: the broker sends them again)
     * @param foreign      messages on a topic without a meter id (acknowledged)
     * @param connections  connections made
     * @param waits        times the delivery thread waited because {@code most-unacknowledged} were held
     */
    public record Counts(long received, long acknowledged, long failed, long foreign, long connections, long waits) {
    }

    private final FleetSettings fleet;
    private final MqttSettings mqtt;
    private final MqttSettings.Broker broker;
    private final TelegramIntake intake;
    private final int mostUnacknowledged;
    private final MeterTopic topics;
    private final String clientId;
    private final String filter;
    private final String uri;

    private final LongAdder received = new LongAdder();
    private final LongAdder acknowledged = new LongAdder();
    private final LongAdder failed = new LongAdder();
    private final LongAdder foreign = new LongAdder();
    private final LongAdder waits = new LongAdder();
    private final AtomicLong connections = new AtomicLong();
    /** Messages handed to the intake and not answered yet. */
    private final AtomicLong pending = new AtomicLong();
    /** Notified when {@link #pending} falls below the bound. */
    private final Object room = new Object();
    /** Guarded by lock. */
    private final Backoff backoff;
    /** The back-off grew since a message was last acknowledged. */
    private volatile boolean backedOff;

    private final Object lock = new Object();
    // guarded by lock
    private volatile MqttAsyncClient client;
    private ScheduledExecutorService timer;
    private volatile boolean running;
    private volatile boolean stopping;
    /** Which connection is up: a message remembers the one it came on, and is acknowledged only on that one. */
    private volatile long generation;
    /** The connection whose subscription the broker granted. */
    private volatile long subscribedOn;
    /** A connection attempt is scheduled; guarded by lock. */
    private boolean connectScheduled;
    /** The connection whose failed message has a reconnect scheduled already; guarded by lock. */
    private long recycling = -1;
    /** Failed messages on the current connection: the session must be kept for them; guarded by lock. */
    private long unanswered;

    @Autowired
    FleetSubscription(FleetSettings fleet, MqttSettings mqtt, TelegramIntake intake,
                      @Value("${meterkast.fleet.most-unacknowledged:" + MOST_UNACKNOWLEDGED + "}")
                      int mostUnacknowledged) {
        this.fleet = fleet;
        this.mqtt = mqtt;
        this.broker = mqtt.requireUrlFor("meterkast.fleet.enabled=true");
        this.intake = intake;
        if (mostUnacknowledged < 1 || mostUnacknowledged > 60_000) {
            throw new IllegalArgumentException("meterkast.fleet.most-unacknowledged must be 1 to 60000 (below MQTT's "
                    + "65535 packet identifiers), not " + mostUnacknowledged);
        }
        this.mostUnacknowledged = mostUnacknowledged;
        this.topics = new MeterTopic(fleet);
        this.clientId = "meterkast-fleet-" + fleet.node();
        this.filter = "$share/" + fleet.group() + "/" + fleet.topic();
        this.uri = (broker.tls() ? "ssl://" : "tcp://") + broker.host() + ":" + broker.port();
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

    /** Whether the broker granted the subscription on the connection that is up now. */
    boolean subscribed() {
        return generation > 0 && subscribedOn == generation && running && !stopping;
    }

    public Counts counts() {
        return new Counts(received.sum(), acknowledged.sum(), failed.sum(), foreign.sum(), connections.get(),
                waits.sum());
    }

    @Override
    public void start() {
        synchronized (lock) {
            if (running) {
                return;
            }
            timer = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "fleet-mqtt-timer");
                t.setDaemon(true);
                return t;
            });
            running = true;
            stopping = false;
            log.info("fleet: connecting to {} as {} for {}", broker, clientId, filter);
        }
        connect();
    }

    private MqttConnectOptions options(boolean cleanSession) {
        MqttConnectOptions options = new MqttConnectOptions();
        options.setMqttVersion(MqttConnectOptions.MQTT_VERSION_3_1_1);
        options.setCleanSession(cleanSession);
        options.setKeepAliveInterval((int) mqtt.keepAlive().toSeconds());
        options.setConnectionTimeout(10);
        options.setAutomaticReconnect(false);
        if (mqtt.username() != null && !mqtt.username().isEmpty()) {
            options.setUserName(mqtt.username());
            if (mqtt.password() != null) {
                options.setPassword(mqtt.password().toCharArray());
            }
        }
        // ssl://: the JVM's default socket factory and trust store (javax.net.ssl.trustStore names another one)
        options.setHttpsHostnameVerificationEnabled(true);
        if (!broker.tls()) {
            options.setSocketFactory(new BufferedSocketFactory());
        }
        return options;
    }

    /**
     * Connects with the node's session, on a client of its own: Paho 1.2.5 can hang connecting a client again right
     * after it lost its connection (its sender thread not yet stopped), so each attempt retires the last client and
     * makes a new one. A failure is tried again after the back-off. Never called holding lock: the client calls back
     * on its own threads, which take lock.
     */
    private void connect() {
        MqttAsyncClient old;
        long g;
        synchronized (lock) {
            if (!running || stopping) {
                return;
            }
            old = client;
            client = null;
            g = ++generation;
        }
        retire(old);
        MqttAsyncClient fresh;
        try {
            fresh = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
        } catch (MqttException | RuntimeException e) {
            again(g, e);
            return;
        }
        fresh.setManualAcks(true);
        fresh.setCallback(new Callback(g));
        synchronized (lock) {
            if (!running || stopping || generation != g) {
                retire(fresh);
                return;
            }
            client = fresh;
        }
        try {
            fresh.connect(options(false), null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    connected(g, fresh);
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    again(g, failure);
                }
            });
        } catch (MqttException | RuntimeException e) {
            again(g, e);
        }
    }

    private static void retire(MqttAsyncClient old) {
        if (old == null) {
            return;
        }
        try {
            old.disconnectForcibly(0, 1_000, false);
        } catch (MqttException | RuntimeException e) {
            // lost already
        }
        try {
            old.close(true);
        } catch (MqttException | RuntimeException e) {
            log.debug("fleet: closing a client: {}", e.toString());
        }
    }

    /** After connection {@code g} failed or was lost: connects again after the back-off, once. */
    private void again(long g, Throwable cause) {
        synchronized (lock) {
            if (!running || stopping || g != generation || connectScheduled) {
                return;
            }
            Duration pause = backoff.failed();
            backedOff = true;
            log.warn("fleet: connection to {} lost or refused: {}; again in {}", broker, explain(cause), pause);
            connectScheduled = true;
            timer.schedule(this::reconnect, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    private void reconnect() {
        synchronized (lock) {
            connectScheduled = false;
        }
        connect();
    }

    // on a client thread
    private void connected(long g, MqttAsyncClient c) {
        synchronized (lock) {
            if (!running || stopping || g != generation) {
                return;
            }
            connections.incrementAndGet();
            unanswered = 0;
        }
        log.info("fleet: connected to {} as {}", broker, clientId);
        // asked on every connection: harmless when the session still has it, needed when the broker dropped it
        try {
            c.subscribe(filter, QOS, null, new IMqttActionListener() {
                @Override
                public void onSuccess(IMqttToken token) {
                    int[] granted = token.getGrantedQos();
                    if (granted != null && granted.length == 1 && granted[0] <= 2) {
                        subscribedOn = g;
                        log.info("fleet: subscribed to '{}' on {}", filter, broker);
                    } else {
                        log.warn("fleet: {} refused the subscription to '{}'; connecting again", broker, filter);
                        recycle(g);
                    }
                }

                @Override
                public void onFailure(IMqttToken token, Throwable failure) {
                    log.warn("fleet: subscribing to '{}' on {} failed: {}; connecting again", filter, broker,
                            explain(failure));
                    recycle(g);
                }
            });
        } catch (MqttException | RuntimeException e) {
            recycle(g);
        }
    }

    /** The callbacks of the client of connection {@code g}; those of a retired client change nothing. */
    private final class Callback implements MqttCallback {
        private final long g;
        private final Arrivals arrivals;

        Callback(long g) {
            this.g = g;
            this.arrivals = new Arrivals(g);
        }

        @Override
        public void connectionLost(Throwable cause) {
            again(g, cause);
        }

        // on the client's delivery thread
        @Override
        public void messageArrived(String topic, MqttMessage message) {
            if (g == generation) {
                deliver(arrivals, topic, message);
            }
            // else: a retired client's; not acknowledged, so the broker sends it again
        }

        @Override
        public void deliveryComplete(IMqttDeliveryToken token) {
            // this client publishes nothing
        }
    }

    private void deliver(Arrivals arrivals, String topic, MqttMessage message) {
        received.increment();
        Arrival arrival = arrivals.add(message.getId());
        String meter = topics.meterOf(topic);
        if (meter == null) {
            // no meter at this topic, ever: acknowledged, or it would come again and again
            foreign.increment();
            arrivals.settle(arrival, true);
            return;
        }
        CompletableFuture<Void> answer;
        try {
            answer = intake.accept(meter, message.getPayload());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        pending.incrementAndGet();
        answer.whenComplete((done, failure) -> answered(arrivals, arrival, failure));
        if (pending.get() >= mostUnacknowledged) {
            waitForRoom();
        }
    }

    /** A message of one connection, until it is acknowledged. */
    private static final class Arrival {
        final int id;
        /** Guarded by the queue of its {@link Arrivals}. */
        boolean stored;

        Arrival(int id) {
            this.id = id;
        }
    }

    /**
     * The messages of one connection in the order they came, acknowledged from the oldest on as the store answers
     * them, as MQTT asks (4.6). It also spares the broker: Mosquitto looks an acknowledgement up in its list of
     * messages in flight from the oldest on, so one out of order costs a walk past every older one still waiting. A
     * message whose store failed stays at the head and holds the later ones back until the connection is made again.
     */
    private final class Arrivals {
        private final long g;
        private final ArrayDeque<Arrival> queue = new ArrayDeque<>();

        Arrivals(long g) {
            this.g = g;
        }

        Arrival add(int id) {
            Arrival a = new Arrival(id);
            synchronized (queue) {
                queue.add(a);
            }
            return a;
        }

        /** Marks {@code a} stored and acknowledges every stored message from the oldest on. */
        boolean settle(Arrival a, boolean stored) {
            boolean any = false;
            synchronized (queue) {
                a.stored = stored;
                for (Arrival head; (head = queue.peek()) != null && head.stored; ) {
                    queue.poll();
                    any |= acknowledge(head.id, g);
                }
            }
            return any;
        }
    }

    /**
     * Holds the delivery thread while {@code most-unacknowledged} messages are unanswered: the client then stops
     * reading, and the broker's sending waits in TCP. The intake answers within a flush or fails, so this ends.
     */
    private void waitForRoom() {
        waits.increment();
        synchronized (room) {
            try {
                while (pending.get() >= mostUnacknowledged && running && !stopping) {
                    room.wait(100);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    // on whichever thread completed the answer
    private void answered(Arrivals arrivals, Arrival arrival, Throwable failure) {
        try {
            if (failure != null) {
                failed.increment();
                synchronized (lock) {
                    if (arrivals.g == generation) {
                        unanswered++;
                    }
                }
                log.debug("fleet: telegram {} not stored, not acknowledged: {}", arrival.id, failure.toString());
                recycle(arrivals.g);
            } else if (arrivals.settle(arrival, true) && backedOff) {
                synchronized (lock) {
                    backoff.reset();
                    backedOff = false;
                }
            }
        } finally {
            if (pending.decrementAndGet() == mostUnacknowledged - 1) {
                synchronized (room) {
                    room.notifyAll();
                }
            }
        }
    }

    /**
     * Acknowledges message {@code id} if connection {@code g} is still up: after a reconnect the broker sends it again
     * anyway, and its packet identifier may name another message now.
     */
    private boolean acknowledge(int id, long g) {
        MqttAsyncClient c = client;
        if (g != generation || c == null) {
            return false;
        }
        try {
            c.messageArrivedComplete(id, QOS);
            acknowledged.increment();
            return true;
        } catch (MqttException | RuntimeException e) {
            // the connection went meanwhile: the broker sends the message again
            log.debug("fleet: acknowledging {} failed: {}", id, e.toString());
            return false;
        }
    }

    /** Drops connection {@code g} after a back-off, once however many of its messages fail, and connects again. */
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
                    if (!running || stopping || generation != g || connectScheduled) {
                        return;
                    }
                }
                connect();
            }, pause.toMillis(), TimeUnit.MILLISECONDS);
        }
    }

    /**
     * Leaves the group: unsubscribes, waits until the intake answered every message held (at most {@link #DRAIN}),
     * then disconnects and ends the session when all were acknowledged, or keeps it, as after a kill, when some were
     * not, so that they come again when the node is back.
     */
    @Override
    public void stop() {
        MqttAsyncClient c;
        synchronized (lock) {
            if (!running) {
                return;
            }
            stopping = true;
            c = client;
        }
        synchronized (room) {
            room.notifyAll();
        }
        boolean connected = c != null && c.isConnected();
        if (connected) {
            try {
                c.unsubscribe(filter).waitForCompletion(2_000);
            } catch (MqttException e) {
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
        if (connected) {
            try {
                c.disconnect(1_000).waitForCompletion(2_000);
            } catch (MqttException e) {
                log.debug("fleet: disconnecting: {}", e.toString());
            }
        }
        retire(c);
        if (drained) {
            endSession();
        } else {
            log.warn("fleet: stopped with {} telegram(s) unanswered or not stored; the broker keeps them in the "
                    + "session of {}", pending.get() + unanswered, clientId);
        }
        synchronized (lock) {
            timer.shutdownNow();
        }
    }

    /** MQTT 3.1.1 ends a session by a connection with clean session. */
    private void endSession() {
        MqttAsyncClient c = null;
        try {
            c = new MqttAsyncClient(uri, clientId, new MemoryPersistence());
            c.connect(options(true)).waitForCompletion(5_000);
            c.disconnect(0).waitForCompletion(2_000);
            log.info("fleet: left the group '{}' on {}", fleet.group(), broker);
        } catch (MqttException | RuntimeException e) {
            log.warn("fleet: could not end the session of {} on {}: {}", clientId, broker, explain(e));
        } finally {
            retire(c);
        }
    }

    @Override
    public boolean isRunning() {
        return running;
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
