package org.meterkast.sim;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt3.Mqtt3BlockingClient;
import com.hivemq.client.mqtt.mqtt3.Mqtt3ClientBuilder;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.UUID;

/**
 * Publishes telegrams to a topic on an MQTT broker, one raw telegram per message, as P1 dongles and DSMR-reader
 * ({@code dsmr/raw}) do. MQTT 3.1.1, which every broker and dongle speaks. Each telegram goes with QoS 1 and
 * {@link #publish(byte[])} returns once the broker has it, so an accelerated simulation never runs ahead of the
 * broker. A broker that goes away ends the publishing with an {@link IOException}; it is not reconnected.
 */
public final class TelegramMqttPublisher implements AutoCloseable {
    private final Mqtt3BlockingClient client;
    private final String broker;
    private final MqttTopic topic;
    private long published;

    private TelegramMqttPublisher(Mqtt3BlockingClient client, String broker, MqttTopic topic) {
        this.client = client;
        this.broker = broker;
        this.topic = topic;
    }

    /**
     * Connects to the broker at {@code url} ({@code tcp://HOST:PORT}, {@code mqtt://}, or {@code ssl://} and
     * {@code mqtts://} for TLS; the port defaults to 1883 and 8883).
     *
     * @throws IllegalArgumentException when the URL or the topic is not valid (the message names which)
     * @throws IOException              naming the broker when it cannot be reached or refuses the connection
     */
    public static TelegramMqttPublisher connect(String url, String topic) throws IOException {
        Objects.requireNonNull(url, "url");
        Objects.requireNonNull(topic, "topic");
        MqttTopic mqttTopic = topic(topic);
        URI uri = brokerUri(url);
        boolean tls = uri.getScheme().equalsIgnoreCase("ssl") || uri.getScheme().equalsIgnoreCase("mqtts");
        int port = uri.getPort() >= 0 ? uri.getPort() : tls ? 8883 : 1883;
        String broker = (tls ? "ssl://" : "tcp://") + uri.getHost() + ":" + port;
        Mqtt3ClientBuilder builder = MqttClient.builder().useMqttVersion3()
                .identifier("meterkast-sim-" + UUID.randomUUID().toString().substring(0, 8))
                .serverHost(uri.getHost().startsWith("[") ? uri.getHost().substring(1, uri.getHost().length() - 1)
                        : uri.getHost())
                .serverPort(port);
        if (tls) {
            builder = builder.sslWithDefaultConfig();
        }
        Mqtt3BlockingClient client = builder.buildBlocking();
        try {
            client.connectWith().cleanSession(true).send();
        } catch (RuntimeException e) {
            throw new IOException("cannot connect to the MQTT broker " + broker + ": " + rootMessage(e), e);
        }
        return new TelegramMqttPublisher(client, broker, mqttTopic);
    }

    /** The topic to publish to; throws IllegalArgumentException saying what is wrong with it. */
    static MqttTopic topic(String topic) {
        try {
            return MqttTopic.of(topic);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + topic + "' is not a topic to publish to: " + e.getMessage(), e);
        }
    }

    /** The broker's address; throws IllegalArgumentException saying what is wrong with it. */
    public static URI brokerUri(String url) {
        URI uri;
        try {
            uri = new URI(url.strip());
        } catch (URISyntaxException e) {
            throw badUrl(url);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("tcp") && !scheme.equals("mqtt") && !scheme.equals("ssl") && !scheme.equals("mqtts")
                || uri.getHost() == null) {
            throw badUrl(url);
        }
        return uri;
    }

    private static IllegalArgumentException badUrl(String url) {
        return new IllegalArgumentException("'" + url + "' is not a broker address like tcp://127.0.0.1:1883");
    }

    /** Where the telegrams go: {@code dsmr/raw on tcp://127.0.0.1:1883}. */
    public String describe() {
        return topic + " on " + broker;
    }

    /** Telegrams the broker has taken so far. */
    public long published() {
        return published;
    }

    /**
     * Publishes one telegram as one message.
     *
     * @throws IOException naming the broker when it did not take the message
     */
    public void publish(byte[] telegram) throws IOException {
        try {
            client.publishWith().topic(topic).qos(MqttQos.AT_LEAST_ONCE).payload(telegram).send();
        } catch (RuntimeException e) {
            throw new IOException("publishing to " + describe() + " failed: " + rootMessage(e), e);
        }
        published++;
    }

    /**
     * Publishes telegrams until they end or {@code limit} were published (0 or less: no limit).
     *
     * @return how many were published
     */
    public long publish(Iterator<byte[]> telegrams, long limit) throws IOException {
        long n = 0;
        while ((limit <= 0 || n < limit) && telegrams.hasNext()) {
            publish(telegrams.next());
            n++;
        }
        return n;
    }

    @Override
    public void close() {
        try {
            client.disconnect();
        } catch (RuntimeException e) {
            // already disconnected: nothing is left to release
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
