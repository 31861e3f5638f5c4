package org.meterkast.sim.shelly;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.MqttGlobalPublishFilter;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3AsyncClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import com.hivemq.client.mqtt.mqtt3.message.publish.Mqtt3Publish;
import java.math.BigDecimal;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.meterkast.sim.ev.Json;

/**
 * A {@link ShellyBoiler} on Shelly's MQTT channel (MQTT 3.1.1, QoS 1, as the device speaks it): it answers RPC
 * request frames published on {@code <prefix>/rpc} with a response frame on the request's {@code src} +
 * {@code /rpc}; it publishes each component's whole status on {@code <prefix>/status/switch:0} and {@code
 * <prefix>/status/temperature:100} (the device's "generic status update over MQTT") when it connects, when it
 * changes (the relay, the power by more than 5 % or 10 W, the temperature by 0.5 K, the add-on's default threshold,
 * an error) and at least every {@code statusPeriod} for the switch, whose energy counter moves every minute; and
 * {@code true} on {@code <prefix>/online}, retained, with {@code false} as its last will. It connects again by
 * itself after the broker goes away. While the boiler is {@linkplain ShellyBoiler#silent(boolean) silent} it
 * neither answers nor publishes. Not simulated: the {@code <prefix>/events/rpc} notifications and the {@code
 * <prefix>/command} topic.
 */
public final class ShellyMqttDevice implements AutoCloseable {
    /** A status notification in a test or the demo comes at least this often for the switch. */
    public static final Duration DEFAULT_STATUS_PERIOD = Duration.ofSeconds(60);
    private static final double POWER_STEP_W = 10;
    private static final double POWER_STEP_SHARE = 0.05;
    private static final double TEMPERATURE_STEP_K = 0.5;

    private final ShellyBoiler boiler;
    private final String prefix;
    private final String broker;
    private final Clock clock;
    private final Duration statusPeriod;
    private final Mqtt3AsyncClient client;
    private final ScheduledExecutorService ticks;
    // guarded by this
    private Map<String, Object> lastSwitch;
    private Map<String, Object> lastTemperature;
    private Instant switchPublishedAt;
    private volatile boolean connected;

    private ShellyMqttDevice(ShellyBoiler boiler, String url, String prefix, Clock clock, Duration statusPeriod) {
        this.boiler = boiler;
        this.prefix = prefix;
        this.clock = clock;
        this.statusPeriod = statusPeriod;
        URI uri = brokerUri(url);
        boolean tls = uri.getScheme().equalsIgnoreCase("ssl") || uri.getScheme().equalsIgnoreCase("mqtts");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883;
        this.broker = (tls ? "ssl://" : "tcp://") + uri.getHost() + ":" + port;
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier(boiler.id())
                .serverHost(uri.getHost())
                .serverPort(port)
                .automaticReconnect().initialDelay(200, TimeUnit.MILLISECONDS).maxDelay(5, TimeUnit.SECONDS)
                .applyAutomaticReconnect()
                .addConnectedListener(context -> onConnected())
                .addDisconnectedListener(context -> connected = false);
        if (tls) {
            builder = builder.sslWithDefaultConfig();
        }
        this.client = builder.buildAsync();
        this.ticks = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "shelly-mqtt-" + boiler.id());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * Connects the boiler to the broker at {@code url} ({@code tcp://HOST:PORT}, or {@code ssl://} for TLS) under
     * the topic prefix {@code prefix} (a Shelly's default is its id), and looks at its status every {@code tick}.
     *
     * @throws IllegalArgumentException naming what is wrong with the URL or the prefix
     */
    public static ShellyMqttDevice start(ShellyBoiler boiler, String url, String prefix, Clock clock,
                                         Duration statusPeriod, Duration tick) {
        Objects.requireNonNull(boiler, "boiler");
        Objects.requireNonNull(clock, "clock");
        if (prefix == null || prefix.isBlank() || prefix.contains("#") || prefix.contains("+")
                || prefix.startsWith("/") || prefix.endsWith("/")) {
            throw new IllegalArgumentException("'" + prefix + "' is not a topic prefix like shellyplus1pm-boiler");
        }
        ShellyMqttDevice device = new ShellyMqttDevice(boiler, url, prefix, clock, statusPeriod);
        device.client.publishes(MqttGlobalPublishFilter.ALL, device::received);
        device.client.connectWith().cleanSession(true).keepAlive(30)
                .willPublish().topic(prefix + "/online").payload(bytes("false")).qos(MqttQos.AT_LEAST_ONCE)
                .retain(true).applyWillPublish()
                .send();
        device.ticks.scheduleWithFixedDelay(device::tick, tick.toMillis(), tick.toMillis(), TimeUnit.MILLISECONDS);
        return device;
    }

    /** The broker's address, checked: {@code tcp://HOST:PORT}, {@code mqtt://}, {@code ssl://} or {@code mqtts://}. */
    public static URI brokerUri(String url) {
        try {
            URI uri = new URI(Objects.requireNonNull(url, "url").strip());
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if (uri.getHost() != null && (scheme.equals("tcp") || scheme.equals("mqtt") || scheme.equals("ssl")
                    || scheme.equals("mqtts"))) {
                return uri;
            }
        } catch (URISyntaxException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + url + "' is not a broker address like tcp://127.0.0.1:1883");
    }

    /** What it is: {@code Shelly shellyplus1pm-… (boiler relay) as shellyplus1pm-boiler on tcp://…:1883}. */
    public String describe() {
        return "Shelly " + boiler.id() + " (boiler relay) as " + prefix + " on " + broker;
    }

    /** Whether it is connected to the broker now. */
    public boolean connected() {
        return connected;
    }

    // on a client thread
    private void onConnected() {
        connected = true;
        client.subscribeWith().topicFilter(prefix + "/rpc").qos(MqttQos.AT_LEAST_ONCE).send();
        publish(prefix + "/online", "true", true);
        synchronized (this) {
            lastSwitch = null;
            lastTemperature = null;
        }
        ticks.execute(this::tick);
    }

    @SuppressWarnings("unchecked")
    private void received(Mqtt3Publish publish) {
        if (!publish.getTopic().toString().equals(prefix + "/rpc") || boiler.silent()) {
            return;
        }
        Map<String, Object> request;
        try {
            request = (Map<String, Object>) Json.parse(new String(publish.getPayloadAsBytes(),
                    StandardCharsets.UTF_8));
        } catch (Json.SyntaxException | ClassCastException e) {
            return;     // the device drops a frame it cannot read
        }
        if (!(request.get("src") instanceof String src) || src.isBlank()) {
            return;     // nowhere to answer
        }
        MqttTopic to;
        try {
            to = MqttTopic.of(src + "/rpc");
        } catch (IllegalArgumentException e) {
            return;
        }
        publish(to.toString(), Json.write(answer(boiler, request, "MQTT")), false);
        ticks.execute(this::tick);
    }

    /** The response frame to a request frame: its id, the device as src, the request's src as dst, result or error. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> answer(ShellyBoiler boiler, Map<String, Object> request, String channel) {
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("id", request.get("id"));
        response.put("src", boiler.id());
        if (request.get("src") != null) {
            response.put("dst", request.get("src"));
        }
        Object method = request.get("method");
        Object params = request.get("params");
        if (!(method instanceof String m) || params != null && !(params instanceof Map)) {
            response.put("error", new ShellyBoiler.RpcError(ShellyBoiler.INVALID_ARGUMENT,
                    "A request frame needs a method and, if any, params as an object").asJson());
            return response;
        }
        try {
            response.put("result", boiler.call(m, params == null ? Map.of() : (Map<String, Object>) params,
                    channel));
        } catch (ShellyBoiler.RpcError e) {
            response.put("error", e.asJson());
        }
        return response;
    }

    /** Publishes what changed, and the switch's status when its period is up. */
    private void tick() {
        if (!connected || boiler.silent()) {
            return;
        }
        Map<String, Object> sw;
        Map<String, Object> temperature;
        boolean sendSwitch;
        boolean sendTemperature;
        synchronized (this) {
            sw = boiler.switchStatus();
            temperature = boiler.temperatureStatus();
            Instant now = clock.instant();
            sendSwitch = lastSwitch == null || switchChanged(lastSwitch, sw)
                    || !now.isBefore(switchPublishedAt.plus(statusPeriod));
            sendTemperature = lastTemperature == null || temperatureChanged(lastTemperature, temperature);
            if (sendSwitch) {
                lastSwitch = sw;
                switchPublishedAt = now;
            }
            if (sendTemperature) {
                lastTemperature = temperature;
            }
        }
        // the probe first: a subscriber that has the switch's status of a moment has the probe's of it too
        if (sendTemperature) {
            publish(prefix + "/status/temperature:" + ShellyBoiler.TEMPERATURE_ID, Json.write(temperature), false);
        }
        if (sendSwitch) {
            publish(prefix + "/status/switch:" + ShellyBoiler.SWITCH_ID, Json.write(sw), false);
        }
    }

    private static boolean switchChanged(Map<String, Object> was, Map<String, Object> now) {
        if (!Objects.equals(was.get("output"), now.get("output")) || !Objects.equals(was.get("errors"),
                now.get("errors"))) {
            return true;
        }
        double before = number(was.get("apower"));
        double after = number(now.get("apower"));
        return Math.abs(after - before) > Math.max(POWER_STEP_W, POWER_STEP_SHARE * before);
    }

    private static boolean temperatureChanged(Map<String, Object> was, Map<String, Object> now) {
        if (!Objects.equals(was.get("errors"), now.get("errors"))) {
            return true;
        }
        if (was.get("tC") == null || now.get("tC") == null) {
            return was.get("tC") != now.get("tC");
        }
        return Math.abs(number(now.get("tC")) - number(was.get("tC"))) >= TEMPERATURE_STEP_K;
    }

    private static double number(Object value) {
        return value == null ? 0 : new BigDecimal(value.toString()).doubleValue();
    }

    private void publish(String topic, String payload, boolean retain) {
        client.publishWith().topic(topic).payload(bytes(payload)).qos(MqttQos.AT_LEAST_ONCE).retain(retain).send();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Says {@code false} on its online topic and leaves the broker. */
    @Override
    public void close() {
        ticks.shutdownNow();
        if (connected) {
            try {
                client.publishWith().topic(prefix + "/online").payload(bytes("false")).qos(MqttQos.AT_LEAST_ONCE)
                        .retain(true).send().get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // the broker is gone: its copy of the last will says the same
            }
        }
        client.disconnect();
    }
}
