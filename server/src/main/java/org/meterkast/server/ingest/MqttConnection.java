package org.meterkast.server.ingest;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopicFilter;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3Connect;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import com.hivemq.client.mqtt.mqtt3.message.subscribe.suback.Mqtt3SubAck;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Predicate;
import org.meterkast.p1.stream.Backoff;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server's one connection to its MQTT broker, shared by every meter of type mqtt: each meter is one
 * subscription on it. It connects when the first meter subscribes and disconnects when the last one leaves. A
 * broker that cannot be reached, or that drops the connection, is tried again after a back-off that starts at
 * {@link MqttSettings#initialBackoff()} and doubles up to {@link MqttSettings#maxBackoff()}; the subscriptions
 * are made again on every new connection.
 *
 * <p>MQTT 3.1.1 rather than 5: it is what P1 dongles and every home broker speak (Moquette, older Mosquitto, the
 * brokers built into some dongles and home-automation boxes), and reading a topic needs nothing MQTT 5 adds. A
 * broker relays a dongle's messages to us whatever version either side speaks, so a 3.1.1 client also reads an
 * MQTT 5 broker.
 *
 * <p>Each subscription hears its messages and the state of the connection in order, on the connection's one
 * delivery thread, never on the client's network threads: a slow database write then delays the telegrams but
 * never the client's keep-alive. Nothing is kept for a server that is away (clean session): the registers in the
 * next telegram cover the energy of the ones it missed.
 */
public final class MqttConnection {
    private static final Logger log = LoggerFactory.getLogger(MqttConnection.class);

    /** What a subscription hears, on the connection's delivery thread. */
    public interface Subscriber {
        /** A message on a topic the subscription's filter matches. */
        void onMessage(String topic, byte[] payload);

        /** The broker acknowledged the subscription: messages come from now on. */
        void onSubscribed(String broker);

        /** Connecting, or subscribing, failed; it is tried again in {@code retryIn}. */
        void onOpenFailed(IOException cause, Duration retryIn);

        /** The connection was lost; connecting again begins after the first back-off. */
        void onLost(IOException cause);
    }

    /** One topic filter's subscription; closing it is the end of its deliveries. */
    public final class Subscription implements AutoCloseable {
        private final MqttTopicFilter filter;
        private final Subscriber subscriber;

        private Subscription(MqttTopicFilter filter, Subscriber subscriber) {
            this.filter = filter;
            this.subscriber = subscriber;
        }

        public String filter() {
            return filter.toString();
        }

        @Override
        public void close() {
            remove(this);
        }
    }

    private final MqttSettings settings;
    private final MqttSettings.Broker broker;
    private final String clientId;
    private final MqttQos qos;
    private final List<Subscription> subscriptions = new CopyOnWriteArrayList<>();
    /** The client while anyone subscribes; guarded by this. */
    private Session session;

    MqttConnection(MqttSettings settings, MqttSettings.Broker broker) {
        this(settings, broker, settings.clientId() == null || settings.clientId().isBlank()
                ? "meterkast-" + UUID.randomUUID().toString().substring(0, 8) : settings.clientId(),
                MqttQos.AT_LEAST_ONCE);
    }

    /**
     * A connection of its own beside the meters' one, as the fleet's live values use: its own client id (two
     * connections with one id push each other off the broker) and the QoS its subscriptions ask for.
     */
    public MqttConnection(MqttSettings settings, MqttSettings.Broker broker, String clientId, MqttQos qos) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.broker = Objects.requireNonNull(broker, "broker");
        this.clientId = Objects.requireNonNull(clientId, "clientId");
        this.qos = Objects.requireNonNull(qos, "qos");
    }

    /** The broker's address, without credentials. */
    public String describe() {
        return broker.toString();
    }

    /**
     * Subscribes to {@code topicFilter}; the subscriber hears of it once the broker has acknowledged it.
     *
     * @throws IllegalArgumentException when the filter is not a valid MQTT topic filter
     */
    public Subscription subscribe(String topicFilter, Subscriber subscriber) {
        Subscription s = new Subscription(MqttTopicFilter.of(topicFilter), Objects.requireNonNull(subscriber));
        synchronized (this) {
            subscriptions.add(s);
            if (session == null) {
                session = new Session();
            } else {
                session.added(s);
            }
        }
        return s;
    }

    /** True while the client is connected to the broker (for tests and the log). */
    public synchronized boolean isConnected() {
        return session != null && session.connected;
    }

    private synchronized void remove(Subscription s) {
        if (!subscriptions.remove(s) || session == null) {
            return;
        }
        if (subscriptions.isEmpty()) {
            session.stop();
            session = null;
        } else {
            session.removed(s);
        }
    }

    /** One client, from the first subscription to the last one's end. Its state is guarded by the connection. */
    private final class Session {
        private final ScheduledThreadPoolExecutor delivery;
        private final Mqtt3AsyncClient client;
        /** Per filter subscribed on this connection: true once acknowledged, false while asked. */
        private final Map<String, Boolean> filters = new HashMap<>();
        private boolean connected;
        private boolean stopped;
        /** Counts connections, so an answer to a subscription asked on an earlier one is recognised as stale. */
        private long generation;
        private final Backoff backoff = new Backoff(settings.initialBackoff(), settings.maxBackoff());

        Session() {
            delivery = new ScheduledThreadPoolExecutor(1, runnable -> {
                Thread t = new Thread(runnable, "mqtt-" + clientId);
                t.setDaemon(true);
                return t;
            });
            // after stop the client may still hand over a message or two: they are of no interest any more
            delivery.setRejectedExecutionHandler(new ThreadPoolExecutor.DiscardPolicy());
            Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                    .identifier(clientId)
                    .serverHost(broker.host())
                    .serverPort(broker.port())
                    .addConnectedListener(context -> connected())
                    .addDisconnectedListener(this::disconnected);
            if (broker.tls()) {
                builder = builder.sslWithDefaultConfig();
            }
            client = builder.buildAsync();
            Mqtt3ConnectBuilder connect = Mqtt3Connect.builder()
                    .cleanSession(true)
                    .keepAlive((int) settings.keepAlive().toSeconds());
            if (settings.username() != null && !settings.username().isEmpty()) {
                connect = settings.password() == null
                        ? connect.simpleAuth().username(settings.username()).applySimpleAuth()
                        : connect.simpleAuth().username(settings.username())
                        .password(settings.password().getBytes(StandardCharsets.UTF_8)).applySimpleAuth();
            }
            log.info("MQTT: connecting to {} as {}", broker, clientId);
            client.connect(connect.build());
        }

        // on a client thread
        private void connected() {
            synchronized (MqttConnection.this) {
                if (stopped) {
                    client.disconnect();
                    return;
                }
                connected = true;
                generation++;
                backoff.reset();
                filters.clear();
                log.info("MQTT: connected to {} as {}", broker, clientId);
                for (Subscription s : subscriptions) {
                    if (!filters.containsKey(s.filter())) {
                        ask(s.filter());
                    }
                }
            }
        }

        // on a client thread, after a failed attempt to connect as well as after a lost connection
        private void disconnected(MqttClientDisconnectedContext context) {
            if (context.getSource() == MqttDisconnectSource.USER) {
                return;     // stop() asked for it
            }
            synchronized (MqttConnection.this) {
                if (stopped) {
                    return;
                }
                boolean wasConnected = connected;
                connected = false;
                filters.clear();
                Duration pause = backoff.failed();
                // the subscriptions are made again by connected(), so the client need not remember them
                context.getReconnector().reconnect(true).resubscribeIfSessionExpired(false)
                        .delay(pause.toMillis(), TimeUnit.MILLISECONDS);
                IOException cause = new IOException("MQTT broker " + broker + ": " + explain(context.getCause()),
                        context.getCause());
                if (wasConnected) {
                    log.warn("MQTT: connection lost: {}", cause.getMessage());
                    tell(s -> true, subscriber -> subscriber.onLost(cause));
                } else {
                    log.debug("MQTT: cannot connect: {}; again in {}", cause.getMessage(), pause);
                    tell(s -> true, subscriber -> subscriber.onOpenFailed(cause, pause));
                }
            }
        }

        // guarded by the connection
        void added(Subscription s) {
            if (!connected) {
                return;     // connected() subscribes it
            }
            Boolean acknowledged = filters.get(s.filter());
            if (acknowledged == null) {
                ask(s.filter());
            } else if (acknowledged) {
                tell(other -> other == s, subscriber -> subscriber.onSubscribed(broker.toString()));
            }
        }

        // guarded by the connection
        void removed(Subscription s) {
            for (Subscription other : subscriptions) {
                if (other.filter().equals(s.filter())) {
                    return;     // another meter reads the same topic
                }
            }
            if (filters.remove(s.filter()) != null && connected) {
                client.unsubscribeWith().topicFilter(s.filter()).send();
            }
        }

        // guarded by the connection
        private void ask(String filter) {
            filters.put(filter, Boolean.FALSE);
            long asked = generation;
            // QoS 1 for the meters, so that the broker's queue towards us does not drop what a dongle sent with
            // QoS 1. The callback belongs to this subscription: the client forgets it with the session when the
            // connection ends, and the next connection's subscription brings its own.
            client.subscribeWith().topicFilter(filter).qos(qos)
                    .callback(publish -> route(filter, publish)).executor(delivery).send()
                    .whenComplete((ack, failure) -> answered(asked, filter, ack, failure));
        }

        // on a client thread
        private void answered(long asked, String filter, Mqtt3SubAck ack, Throwable failure) {
            synchronized (MqttConnection.this) {
                if (stopped || !connected || asked != generation || !filters.containsKey(filter)) {
                    return;     // the connection it was asked on is gone; connected() asks again
                }
                if (failure == null && ack.getReturnCodes().stream().noneMatch(code -> code.isError())) {
                    filters.put(filter, Boolean.TRUE);
                    log.info("MQTT: subscribed to '{}' on {}", filter, broker);
                    tell(s -> s.filter().equals(filter), subscriber -> subscriber.onSubscribed(broker.toString()));
                    return;
                }
                // refused, typically by the broker's access rules: ask again now and then, on this connection
                filters.remove(filter);
                Duration retry = settings.maxBackoff();
                IOException cause = new IOException("MQTT broker " + broker + " refused the subscription to '"
                        + filter + "'" + (failure == null ? "" : ": " + explain(failure)), failure);
                log.warn("MQTT: {}; again in {}", cause.getMessage(), retry);
                tell(s -> s.filter().equals(filter), subscriber -> subscriber.onOpenFailed(cause, retry));
                delivery.schedule(() -> askAgain(asked, filter), retry.toMillis(), TimeUnit.MILLISECONDS);
            }
        }

        private void askAgain(long asked, String filter) {
            synchronized (MqttConnection.this) {
                if (!stopped && connected && asked == generation && !filters.containsKey(filter)
                        && subscriptions.stream().anyMatch(s -> s.filter().equals(filter))) {
                    ask(filter);
                }
            }
        }

        // on the delivery thread
        private void route(String filter, Mqtt3Publish publish) {
            String topic = publish.getTopic().toString();
            byte[] payload = publish.getPayloadAsBytes();
            for (Subscription s : subscriptions) {
                if (s.filter().equals(filter)) {
                    deliver(s, subscriber -> subscriber.onMessage(topic, payload));
                }
            }
        }

        /** Hands {@code what} to the subscribers {@code which} selects now, in order, on the delivery thread. */
        // guarded by the connection
        private void tell(Predicate<Subscription> which, Consumer<Subscriber> what) {
            List<Subscription> to = subscriptions.stream().filter(which).toList();
            delivery.execute(() -> to.forEach(s -> deliver(s, what)));
        }

        private void deliver(Subscription s, Consumer<Subscriber> what) {
            try {
                what.accept(s.subscriber);
            } catch (RuntimeException e) {
                // a meter's failure must not end the delivery thread the other meters share
                log.error("MQTT: delivery to the subscription to '{}' failed", s.filter(), e);
            }
        }

        // guarded by the connection
        void stop() {
            stopped = true;
            connected = false;
            log.info("MQTT: disconnecting from {}", broker);
            // also ends a wait to connect again; the answer is of no interest either way
            client.disconnect().whenComplete((done, failure) -> { });
            delivery.shutdown();
        }
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
