package org.meterkast.server.fleet;

import com.hivemq.client.mqtt.datatypes.MqttQos;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.stream.TelegramDecoder;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.server.ingest.MqttConnection;
import org.meterkast.server.ingest.MqttSettings;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.live.LiveWatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Live values in fleet mode. The node that takes a telegram through the shared subscription does not feed the live
 * view (ten thousand meters' rings would not fit a heap); instead a node whose browsers watch a meter subscribes to
 * that meter's own topic, without {@code $share}, so it hears every telegram of the meter whichever node stores it,
 * and publishes each as {@link TelegramReceived} for the live view and its streams. The subscription ends
 * {@code meterkast.fleet.live-grace} after the meter's last stream ended (a page reloaded or a browser that
 * reconnects keeps it).
 *
 * <p>QoS 0 and a clean session on a connection of its own ({@code meterkast-live-<node>}, MQTT 3.1.1, the meters'
 * {@link MqttConnection}): a live value missed is replaced by the next one a second later, and nothing should queue
 * at the broker for a node that is away. The live view drops a telegram not newer than the meter's last one, so one
 * the broker brings twice shows once.
 */
@Component
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
public class FleetLiveFeed implements DisposableBean {
    private static final Logger log = LoggerFactory.getLogger(FleetLiveFeed.class);

    private final MeterTopic topics;
    private final MqttConnection connection;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final Duration grace;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "fleet-live-grace");
        t.setDaemon(true);
        return t;
    });
    /** The meters followed, with their streams; guarded by this. */
    private final Map<String, Follow> follows = new HashMap<>();

    FleetLiveFeed(FleetSettings fleet, MqttSettings mqtt, ApplicationEventPublisher events, Clock clock,
                  @Value("${meterkast.fleet.live-grace:15s}") Duration grace) {
        this.topics = new MeterTopic(fleet);
        this.connection = new MqttConnection(mqtt, mqtt.requireUrlFor("meterkast.fleet.enabled=true"),
                "meterkast-live-" + fleet.node(), MqttQos.AT_MOST_ONCE);
        this.events = events;
        this.clock = clock;
        this.grace = grace;
    }

    /** The meters whose own topic this node follows now. */
    public synchronized Set<String> followed() {
        return Set.copyOf(follows.keySet());
    }

    @EventListener
    synchronized void on(LiveWatch watch) {
        Follow follow = follows.get(watch.meter());
        if (watch.began()) {
            if (follow == null) {
                follow = start(watch.meter());
                if (follow == null) {
                    return;
                }
            }
            follow.streams++;
            follow.keep();
        } else if (follow != null) {
            follow.streams--;
            if (follow.streams <= 0) {
                follow.endLater();
            }
        }
    }

    private Follow start(String meter) {
        String topic;
        try {
            topic = topics.topicOf(meter);
        } catch (IllegalArgumentException e) {
            log.warn("fleet live: {}", e.getMessage());
            return null;
        }
        Follow follow = new Follow(meter);
        follows.put(meter, follow);
        follow.subscription = connection.subscribe(topic, follow);
        log.debug("fleet live: following {} on '{}'", meter, topic);
        return follow;
    }

    private synchronized void end(Follow follow) {
        if (follow.streams > 0 || follows.get(follow.meter) != follow) {
            return;     // watched again meanwhile
        }
        follows.remove(follow.meter);
        follow.subscription.close();
        log.debug("fleet live: no longer following {}", follow.meter);
    }

    @Override
    public void destroy() {
        timer.shutdownNow();
        synchronized (this) {
            follows.values().forEach(f -> f.subscription.close());
            follows.clear();
        }
    }

    /** One meter followed: its subscription, its streams, and the decoding of its messages. */
    private final class Follow implements MqttConnection.Subscriber, TelegramListener {
        private final String meter;
        /** Its decoder, on the connection's one delivery thread only. */
        private final TelegramDecoder decoder;
        // guarded by the feed
        private int streams;
        private MqttConnection.Subscription subscription;
        private ScheduledFuture<?> ending;

        Follow(String meter) {
            this.meter = meter;
            this.decoder = new TelegramDecoder(this, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, false);
        }

        void keep() {
            if (ending != null) {
                ending.cancel(false);
                ending = null;
            }
        }

        void endLater() {
            keep();
            ending = timer.schedule(() -> end(this), grace.toMillis(), TimeUnit.MILLISECONDS);
        }

        @Override
        public void onMessage(String topic, byte[] payload) {
            decoder.acceptMessage(payload);
        }

        @Override
        public void onTelegram(Telegram telegram) {
            events.publishEvent(new TelegramReceived(meter, clock.instant(), telegram));
        }

        @Override
        public void onSubscribed(String broker) {
            log.debug("fleet live: {} followed on {}", meter, broker);
        }

        @Override
        public void onOpenFailed(IOException cause, Duration retryIn) {
            log.debug("fleet live: {}: {}; again in {}", meter, cause.getMessage(), retryIn);
        }

        @Override
        public void onLost(IOException cause) {
            log.debug("fleet live: {}: {}", meter, cause.getMessage());
        }
    }
}
