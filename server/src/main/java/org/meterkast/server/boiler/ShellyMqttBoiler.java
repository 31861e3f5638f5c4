package org.meterkast.server.boiler;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.lifecycle.MqttClientDisconnectedContext;
import com.hivemq.client.mqtt.lifecycle.MqttDisconnectSource;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.connect.Mqtt3ConnectBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.server.device.HostCheck;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A boiler switched by a Shelly Gen2 relay over its MQTT channel, on a broker of the household's (MQTT 3.1.1, as the
 * device speaks it). It keeps the last status the device published on {@code <prefix>/status/switch:<id>} and
 * {@code <prefix>/status/temperature:<id>} (the device's "generic status update over MQTT" must be on) and what it
 * says on {@code <prefix>/online}; a read answers from them, so it never waits on the wire. As those status messages
 * are not retained, it asks {@code Switch.GetStatus} and {@code Temperature.GetStatus} once it has subscribed, on
 * every connection, rather than wait for the device's next change or minute. {@link #switchOn} sends
 * {@code Switch.Set} as an RPC request frame on {@code <prefix>/rpc} with its own {@code src} and waits for the
 * answer on {@code <src>/rpc}. A device that said it is offline, or published nothing for longer than {@code
 * staleAfter} (a relay publishes its switch at least every minute, as its energy counter moves), reads as a
 * DeviceException, as does one that never spoke since the connection. The client connects again by itself after
 * the broker goes away, with a back-off from 1 s to 30 s, and subscribes again. The first connect and every
 * reconnect go where its {@link HostCheck} says: for a broker entered in the app the address its host resolves to
 * at that moment, once allowed; while it is refused the client waits, asks again every 30 s, and sends nothing.
 * Thread-safe.
 */
final class ShellyMqttBoiler implements BoilerPort {
    private static final Logger log = LoggerFactory.getLogger(ShellyMqttBoiler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** How long a reconnect waits before the broker's host, refused, is checked again. */
    private static final long RECHECK_SECONDS = 30;

    /** Where the broker is. */
    record Broker(String host, int port, boolean tls) {
        @Override
        public String toString() {
            return (tls ? "ssl://" : "tcp://") + (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        }
    }

    private final Broker broker;
    private final String prefix;
    private final ShellyComponents components;
    private final Duration staleAfter;
    private final Duration timeout;
    private final Clock clock;
    private final HostCheck hosts;
    private final String src;
    private final String switchTopic;
    private final String temperatureTopic;
    private final Mqtt3AsyncClient client;
    // guarded by this
    private ShellyStatus.Switch relay;
    private ShellyStatus.Temperature probe;
    private Instant heardAt;
    private Instant switchHeardAt;
    private long switchStatuses;
    /** The ids of the status requests sent on connecting, with the topic whose status their answer stands for. */
    private final Map<Long, String> statusRequests = new HashMap<>();
    private Boolean online;
    private DeviceException badStatus;
    private boolean connected;
    private String lastFailure;
    private long learnedWatts;
    private long nextId;
    private boolean closed;
    private BoilerStatus loggedStatus;
    private final Map<Long, CompletableFuture<JsonNode>> pending = new HashMap<>();

    ShellyMqttBoiler(Broker broker, String username, String password, String prefix, ShellyComponents components,
                     Duration staleAfter, Duration timeout, Clock clock, HostCheck hosts) throws DeviceException {
        this.broker = Objects.requireNonNull(broker, "broker");
        this.prefix = Objects.requireNonNull(prefix, "prefix");
        this.components = Objects.requireNonNull(components, "components");
        this.staleAfter = Objects.requireNonNull(staleAfter, "staleAfter");
        this.timeout = Objects.requireNonNull(timeout, "timeout");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.hosts = Objects.requireNonNull(hosts, "hosts");
        this.src = "meterkast-" + UUID.randomUUID().toString().substring(0, 8);
        this.switchTopic = prefix + "/status/switch:" + components.switchId();
        this.temperatureTopic = components.temperatureId().isPresent()
                ? prefix + "/status/temperature:" + components.temperatureId().getAsInt() : null;
        String target;
        try {
            target = hosts.connectTo(broker.host());
        } catch (DeviceException e) {
            throw new DeviceException(describe() + ": " + e.getMessage());
        }
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier(src)
                .serverHost(target)
                .serverPort(broker.port())
                .automaticReconnect().initialDelay(1, TimeUnit.SECONDS).maxDelay(30, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> connected())
                .addDisconnectedListener(this::disconnected);
        if (broker.tls()) {
            builder = builder.sslWithDefaultConfig();
        }
        client = builder.buildAsync();
        client.publishes(MqttGlobalPublishFilter.ALL, this::received);
        Mqtt3ConnectBuilder.Send<?> connect = client.connectWith().cleanSession(true).keepAlive(30);
        if (username != null && !username.isEmpty()) {
            connect = password == null || password.isEmpty()
                    ? connect.simpleAuth().username(username).applySimpleAuth()
                    : connect.simpleAuth().username(username).password(password.getBytes(StandardCharsets.UTF_8))
                    .applySimpleAuth();
        }
        connect.send();
    }

    @Override
    public String describe() {
        return "Shelly MQTT " + prefix + " on " + broker + " switch " + components.switchId()
                + components.temperatureId().stream().mapToObj(id -> " probe " + id).findFirst().orElse("");
    }

    // on a client thread
    private void connected() {
        synchronized (this) {
            connected = true;
            lastFailure = null;
        }
        log.info("{}: connected as {}", describe(), src);
        CompletableFuture.allOf(subscribe(switchTopic),
                temperatureTopic == null ? CompletableFuture.completedFuture(null) : subscribe(temperatureTopic),
                subscribe(prefix + "/online"), subscribe(src + "/rpc"))
                .thenRun(() -> {
                    // the probe first: once the relay's status is in, the probe's is too
                    if (temperatureTopic != null) {
                        ask("Temperature.GetStatus", components.temperatureId().getAsInt(), temperatureTopic);
                    }
                    ask("Switch.GetStatus", components.switchId(), switchTopic);
                });
    }

    /** Asks for a component's status; the answer counts as a message on {@code topic}. */
    private void ask(String method, int componentId, String topic) {
        long id;
        synchronized (this) {
            id = ++nextId;
            statusRequests.put(id, topic);
        }
        client.publishWith().topic(prefix + "/rpc").qos(MqttQos.AT_LEAST_ONCE)
                .payload(JSON.writeValueAsBytes(frame(id, method, componentId))).send();
    }

    private ObjectNode frame(long id, String method, int componentId) {
        ObjectNode request = JSON.createObjectNode();
        request.put("id", id);
        request.put("src", src);
        request.put("method", method);
        request.putObject("params").put("id", componentId);
        return request;
    }

    private CompletableFuture<?> subscribe(String topic) {
        return client.subscribeWith().topicFilter(topic).qos(MqttQos.AT_LEAST_ONCE).send()
                .whenComplete((ack, failure) -> {
                    if (failure != null || ack.getReturnCodes().stream().anyMatch(code -> code.isError())) {
                        log.warn("{}: the broker refused the subscription to '{}'", describe(), topic);
                        synchronized (this) {
                            lastFailure = "the broker refused the subscription to '" + topic + "'";
                        }
                    }
                });
    }

    // on a client thread
    private void disconnected(MqttClientDisconnectedContext context) {
        if (context.getSource() == MqttDisconnectSource.USER) {
            return;     // close() asked for it
        }
        String why = explain(context.getCause());
        synchronized (this) {
            if (connected) {
                log.warn("{}: connection lost: {}", describe(), why);
            }
            connected = false;
            lastFailure = why;
            if (closed || hosts == HostCheck.NONE) {
                return;
            }
        }
        // the reconnect goes to the address the broker's host resolves to now, once allowed, and waits till then
        context.getReconnector().reconnectWhen(allowedAddress(), (address, failure) -> {
            if (address != null) {
                context.getReconnector().transportConfig().serverAddress(address).applyTransportConfig();
            } else {
                context.getReconnector().reconnect(false);
            }
        });
    }

    /** The broker's address once its host is allowed, checked now and every 30 s after a refusal; off on close. */
    private CompletableFuture<InetSocketAddress> allowedAddress() {
        CompletableFuture<InetSocketAddress> address = new CompletableFuture<>();
        checkAddress(address, 0);
        return address;
    }

    private void checkAddress(CompletableFuture<InetSocketAddress> address, long delaySeconds) {
        CompletableFuture.runAsync(() -> {
            synchronized (this) {
                if (closed) {
                    address.cancel(false);
                    return;
                }
            }
            try {
                address.complete(new InetSocketAddress(InetAddress.getByName(hosts.connectTo(broker.host())),
                        broker.port()));
            } catch (DeviceException | UnknownHostException e) {
                synchronized (this) {
                    lastFailure = e.getMessage();
                }
                log.warn("{}: not reconnecting: {}", describe(), e.getMessage());
                checkAddress(address, RECHECK_SECONDS);
            }
        }, CompletableFuture.delayedExecutor(delaySeconds, TimeUnit.SECONDS));
    }

    // on a client thread
    private void received(Mqtt3Publish publish) {
        String topic = publish.getTopic().toString();
        String text = new String(publish.getPayloadAsBytes(), StandardCharsets.UTF_8);
        Instant now = clock.instant();
        if (topic.equals(prefix + "/online")) {
            synchronized (this) {
                online = text.strip().equals("true");
                if (online) {
                    heardAt = now;
                }
            }
            return;
        }
        JsonNode json;
        try {
            json = JSON.readTree(text);
        } catch (JacksonException e) {
            json = null;
        }
        synchronized (this) {
            try {
                if (topic.equals(src + "/rpc")) {
                    heardAt = now;
                    topic = answered(json);
                    json = json.get("result");
                }
                if (topic == null) {
                    return;
                }
                if (topic.equals(switchTopic)) {
                    heardAt = now;
                    switchHeardAt = now;
                    switchStatuses++;
                    relay = ShellyStatus.Switch.parse(json, describe() + " " + topic);
                    if (relay.output() && relay.watts().isPresent()) {
                        learnedWatts = Math.max(learnedWatts, Math.round(relay.watts().getAsDouble()));
                    }
                    badStatus = null;
                } else if (topic.equals(temperatureTopic)) {
                    heardAt = now;
                    probe = ShellyStatus.Temperature.parse(json, describe() + " " + topic);
                    badStatus = null;
                }
            } catch (DeviceException e) {
                // the last good status is not kept: a read says what is wrong until the device says better
                relay = topic.equals(switchTopic) ? null : relay;
                probe = topic.equals(temperatureTopic) ? null : probe;
                badStatus = e;
                log.warn("{}", e.getMessage());
            }
        }
    }

    /**
     * Hands an answer to whoever waits for it; for the answer to a status request, the status topic it stands for
     * (its result is then read as that topic's message), else null.
     */
    // guarded by this
    private String answered(JsonNode frame) throws DeviceException {
        if (frame == null || !frame.path("id").isNumber()) {
            log.warn("{}: an answer on {}/rpc without a numeric id", describe(), src);
            return null;
        }
        long id = frame.path("id").asLong();
        String statusTopic = statusRequests.remove(id);
        if (statusTopic != null) {
            if (frame.get("error") != null) {
                throw new DeviceException(describe() + ": asked for the status of " + statusTopic + ", the device "
                        + "answered error " + frame.get("error").path("code") + ": "
                        + frame.get("error").path("message").asString(""));
            }
            return statusTopic;
        }
        CompletableFuture<JsonNode> waiting = pending.remove(id);
        if (waiting != null) {
            waiting.complete(frame);
        }
        return null;
    }

    @Override
    public BoilerReading read() throws DeviceException {
        Instant now = clock.instant();
        synchronized (this) {
            if (closed) {
                throw new DeviceException(describe() + ": closed");
            }
            if (Boolean.FALSE.equals(online)) {
                throw new DeviceException(describe() + ": the device says it is offline on " + prefix + "/online");
            }
            if (badStatus != null) {
                throw badStatus;
            }
            if (relay == null || heardAt == null) {
                throw new DeviceException(describe() + (connected ? ": nothing on " + switchTopic + " yet (is the"
                        + " device's generic status update over MQTT on?)" : ": not connected to the broker"
                        + (lastFailure == null ? "" : ": " + lastFailure)));
            }
            Duration silent = Duration.between(heardAt, now);
            if (silent.compareTo(staleAfter) > 0) {
                throw new DeviceException(describe() + ": silent for " + silent.toSeconds() + " s (since " + heardAt
                        + (connected ? "" : "; not connected to the broker") + ")");
            }
            BoilerReading reading = ShellyStatus.reading(now, relay, temperatureTopic == null ? null : probe,
                    ratedPower());
            if (reading.status() == BoilerStatus.ERROR && loggedStatus != BoilerStatus.ERROR) {
                log.warn("{}: reports {}", describe(), ShellyStatus.faults(relay, probe));
            }
            loggedStatus = reading.status();
            return reading;
        }
    }

    @Override
    public void switchOn(boolean on) throws DeviceException {
        long id;
        CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        synchronized (this) {
            if (closed) {
                throw new DeviceException(describe() + ": closed");
            }
            if (!connected) {
                throw new DeviceException(describe() + ": not connected to the broker"
                        + (lastFailure == null ? "" : ": " + lastFailure));
            }
            id = ++nextId;
            pending.put(id, answer);
        }
        ObjectNode request = frame(id, "Switch.Set", components.switchId());
        ((ObjectNode) request.get("params")).put("on", on);
        JsonNode frame;
        try {
            client.publishWith().topic(prefix + "/rpc").qos(MqttQos.AT_LEAST_ONCE)
                    .payload(JSON.writeValueAsBytes(request)).send();
            frame = answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new DeviceException(describe() + ": no answer to Switch.Set on " + src + "/rpc within "
                    + timeout.toMillis() + " ms");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(describe() + ": interrupted", e);
        } catch (ExecutionException e) {
            throw new DeviceException(describe() + ": " + explain(e), e);
        } finally {
            synchronized (this) {
                pending.remove(id);
            }
        }
        JsonNode error = frame.get("error");
        if (error != null && error.isObject()) {
            throw new DeviceException(describe() + ": Switch.Set answered error " + error.path("code") + ": "
                    + error.path("message").asString(""));
        }
        if (frame.get("result") == null) {
            throw new DeviceException(describe() + ": Switch.Set answered neither result nor error: " + frame, true);
        }
        synchronized (this) {
            if (relay != null) {
                // until the device publishes its new status: the relay as told, the element's power as last seen
                relay = new ShellyStatus.Switch(on, on ? relay.watts() : OptionalDouble.of(0), relay.errors());
            }
        }
    }

    /** The rated power given, else the most the element was seen to draw while the relay was on (0 until then). */
    @Override
    public synchronized Power ratedPower() {
        return Power.ofWatts(components.ratedWatts().orElse(learnedWatts));
    }

    /** When the relay's status last came, by the clock; null before the first (for tests). */
    synchronized Instant switchHeardAt() {
        return switchHeardAt;
    }

    /** How many statuses of the relay came so far (for tests). */
    synchronized long switchStatuses() {
        return switchStatuses;
    }

    /** Whether the client is connected to the broker now (for tests and the log). */
    synchronized boolean connectedNow() {
        return connected;
    }

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

    @Override
    public void close() {
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            pending.values().forEach(f -> f.cancel(true));
            pending.clear();
        }
        client.disconnect().whenComplete((done, failure) -> { });
    }
}
