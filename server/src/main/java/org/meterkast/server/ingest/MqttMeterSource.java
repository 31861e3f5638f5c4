package org.meterkast.server.ingest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.stream.ByteTap;
import org.meterkast.p1.stream.TelegramDecoder;
import org.meterkast.p1.stream.TelegramListener;

/**
 * A meter whose dongle publishes its raw telegrams to an MQTT topic (DSMR-reader's {@code dsmr/raw} and the
 * like): one subscription on the server's shared {@link MqttConnection}. Each message is decoded on its own, so a
 * telegram cut off in one message is counted as truncated rather than joined to the next; a message that holds no
 * telegram at all is counted as a parse error that quotes its start.
 */
final class MqttMeterSource implements MeterSource {
    /** How much of a message that is not a telegram the error quotes. */
    private static final int QUOTED = 40;

    private final String meter;
    private final String topic;
    private final boolean allowMissingCrc;
    private final MqttConnection connection;
    private final Object lock = new Object();
    // guarded by lock: deliveries come on the connection's thread, close() on another
    private TelegramListener listener;
    private TelegramDecoder decoder;
    private ByteTap tap;
    private boolean heard;
    private boolean closed;
    private MqttConnection.Subscription subscription;

    MqttMeterSource(String meter, MeterSettings settings, MqttConnection connection) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.topic = Objects.requireNonNull(settings.topic(), "topic").strip();
        this.allowMissingCrc = settings.allowMissingCrc();
        this.connection = Objects.requireNonNull(connection, "connection");
        if (topic.startsWith("$share/")) {
            throw new IllegalArgumentException("meterkast.meters." + meter + ".topic '" + topic
                    + "': shared subscriptions are not supported, as a meter's quarters need all of its telegrams");
        }
    }

    @Override
    public String describe() {
        return "mqtt " + topic + " on " + connection.describe();
    }

    @Override
    public void capture(ByteTap tap) {
        synchronized (lock) {
            this.tap = tap;
        }
    }

    @Override
    public void start(TelegramListener listener) {
        synchronized (lock) {
            if (this.listener != null) {
                throw new IllegalStateException("meter '" + meter + "': " + describe() + " is already being read");
            }
            this.listener = Objects.requireNonNull(listener, "listener");
            this.decoder = new TelegramDecoder(new Heard(), TelegramFramer.DEFAULT_MAX_FRAME_BYTES, allowMissingCrc);
            decoder.tap(tap);
        }
        MqttConnection.Subscription s;
        try {
            s = connection.subscribe(topic, new Deliveries());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("meterkast.meters." + meter + ".topic '" + topic + "': "
                    + e.getMessage(), e);
        }
        synchronized (lock) {
            if (closed) {
                s.close();
            } else {
                subscription = s;
            }
        }
    }

    /** Ends the subscription; a delivery under way finishes first, none comes after. */
    @Override
    public void close() {
        MqttConnection.Subscription s;
        synchronized (lock) {
            closed = true;
            s = subscription;
            subscription = null;
        }
        if (s != null) {
            s.close();
        }
    }

    /** What the connection hands this meter, passed on to the listener one at a time while open. */
    private final class Deliveries implements MqttConnection.Subscriber {
        @Override
        public void onMessage(String topic, byte[] payload) {
            synchronized (lock) {
                if (closed) {
                    return;
                }
                heard = false;
                decoder.acceptMessage(payload);
                if (!heard) {
                    listener.onParseError(new P1FormatException("message on '" + topic + "' holds no telegram: "
                            + quote(payload)));
                }
            }
        }

        @Override
        public void onSubscribed(String broker) {
            synchronized (lock) {
                if (!closed) {
                    listener.onConnected(describe());
                }
            }
        }

        @Override
        public void onOpenFailed(IOException cause, Duration retryIn) {
            synchronized (lock) {
                if (!closed) {
                    listener.onOpenFailed(cause, retryIn);
                }
            }
        }

        @Override
        public void onLost(IOException cause) {
            synchronized (lock) {
                if (!closed) {
                    listener.onDisconnected(cause);
                }
            }
        }
    }

    /** Passes the decoder's findings on, noting that the message held something recognisable. */
    private final class Heard implements TelegramListener {
        @Override
        public void onTelegram(Telegram telegram) {
            heard = true;
            listener.onTelegram(telegram);
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            heard = true;
            listener.onRejected(reason, detail);
        }

        @Override
        public void onParseError(P1FormatException error) {
            heard = true;
            listener.onParseError(error);
        }
    }

    static String quote(byte[] payload) {
        if (payload.length == 0) {
            return "it is empty";
        }
        StringBuilder text = new StringBuilder("'");
        String start = new String(payload, 0, Math.min(payload.length, QUOTED), StandardCharsets.ISO_8859_1);
        for (char c : start.toCharArray()) {
            text.append(c >= 0x20 && c < 0x7F ? c : '.');
        }
        return text.append(payload.length > QUOTED ? "…'" : "'").append(" (").append(payload.length)
                .append(" bytes)").toString();
    }
}
