package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.ingest.MqttSettings;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.live.LiveWatch;
import org.meterkast.sim.EmbeddedBroker;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;
import org.meterkast.sim.TelegramMqttPublisher;

/**
 * A node follows a watched meter's own topic on a real broker (Moquette: this part needs no MQTT 5) while a stream
 * watches it, and for a short while after the last one ended.
 */
class FleetLiveFeedTest {
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private final List<TelegramReceived> heard = new CopyOnWriteArrayList<>();

    private FleetLiveFeed feed(EmbeddedBroker broker, Duration grace) {
        FleetSettings fleet = new FleetSettings(true, "meterkast/+/p1", "meterkast", "n1", Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        MqttSettings mqtt = new MqttSettings(broker.url(), null, null, null, Duration.ofSeconds(30),
                Duration.ofMillis(50), Duration.ofMillis(200));
        return new FleetLiveFeed(fleet, mqtt, event -> {
            if (event instanceof TelegramReceived t) {
                heard.add(t);
            }
        }, Clock.fixed(START, ZoneOffset.UTC), grace);
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /** Publishes telegrams of the meter until the feed heard {@code count} more, a second apart on the meter's clock. */
    private void publishUntilHeard(EmbeddedBroker broker, String meter, SimulatedMeter sim, int[] second, int count)
            throws Exception {
        int before = heard.size();
        try (TelegramMqttPublisher dongle = TelegramMqttPublisher.connect(broker.url(), "meterkast/" + meter + "/p1")) {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (heard.size() < before + count) {
                assertThat(System.nanoTime()).as("heard " + count).isLessThan(deadline);
                dongle.publish(TelegramWriter.toBytes(sim.next(START.plusSeconds(++second[0]))));
                Thread.sleep(50);
            }
        }
    }

    @Test
    void aWatchedMetersTelegramsBecomeLiveValuesUntilTheLastWatcherLeftAndTheGracePassed() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.started()) {
            FleetLiveFeed feed = feed(broker, Duration.ofMillis(300));
            SimulatedMeter sim = new SimulatedMeter(new Household(HouseholdSettings.defaults(3)), START);
            int[] second = {0};

            feed.on(new LiveWatch("5412", true));
            feed.on(new LiveWatch("5412", true));
            assertThat(feed.followed()).containsExactly("5412");
            publishUntilHeard(broker, "5412", sim, second, 2);
            TelegramReceived last = heard.get(heard.size() - 1);
            assertThat(last.meter()).isEqualTo("5412");
            assertThat(last.telegram().timestamp()).contains(START.plusSeconds(second[0]));

            // one of two streams ends: still followed, even past the grace
            feed.on(new LiveWatch("5412", false));
            Thread.sleep(600);
            assertThat(feed.followed()).containsExactly("5412");

            // the last one ends, and a new stream within the grace keeps the subscription
            feed.on(new LiveWatch("5412", false));
            Thread.sleep(100);
            feed.on(new LiveWatch("5412", true));
            Thread.sleep(600);
            assertThat(feed.followed()).containsExactly("5412");

            feed.on(new LiveWatch("5412", false));
            await(() -> feed.followed().isEmpty(), "no longer followed after the grace");
            await(() -> broker.connectedClients() == 0, "the live connection ended with the last meter");
            int heardBefore = heard.size();
            try (TelegramMqttPublisher dongle = TelegramMqttPublisher.connect(broker.url(), "meterkast/5412/p1")) {
                dongle.publish(TelegramWriter.toBytes(sim.next(START.plusSeconds(++second[0]))));
            }
            Thread.sleep(300);
            assertThat(heard).hasSize(heardBefore);
            feed.destroy();
        }
    }

    @Test
    void onlyTheWatchedMeterIsHeardAndAMessageThatIsNoTelegramIsNot() throws Exception {
        try (EmbeddedBroker broker = EmbeddedBroker.started()) {
            FleetLiveFeed feed = feed(broker, Duration.ofSeconds(5));
            feed.on(new LiveWatch("watched", true));
            Telegram t = new SimulatedMeter(new Household(HouseholdSettings.defaults(4)), START)
                    .next(START.plusSeconds(1));
            await(() -> broker.connectedClients() == 1, "connected");
            Thread.sleep(200);
            try (TelegramMqttPublisher other = TelegramMqttPublisher.connect(broker.url(), "meterkast/other/p1");
                 TelegramMqttPublisher watched = TelegramMqttPublisher.connect(broker.url(), "meterkast/watched/p1")) {
                other.publish(TelegramWriter.toBytes(t));
                watched.publish("not a telegram".getBytes());
                watched.publish(TelegramWriter.toBytes(t));
            }
            await(() -> !heard.isEmpty(), "the watched meter's telegram");
            Thread.sleep(200);
            assertThat(heard).extracting(TelegramReceived::meter).containsExactly("watched");
            assertThat(heard.get(0).receivedAt()).isEqualTo(START);
            feed.destroy();
        }
    }

    @Test
    void aMeterIdThatCannotBeATopicLevelIsNotFollowed() {
        try (EmbeddedBroker broker = EmbeddedBroker.started()) {
            FleetLiveFeed feed = feed(broker, Duration.ofSeconds(5));
            feed.on(new LiveWatch("a/b", true));
            feed.on(new LiveWatch("a/b", false));
            assertThat(feed.followed()).isEmpty();
            feed.destroy();
        }
    }
}
