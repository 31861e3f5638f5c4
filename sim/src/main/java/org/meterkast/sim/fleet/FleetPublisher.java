package org.meterkast.sim.fleet;

import com.hivemq.client.mqtt.datatypes.MqttTopic;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import org.meterkast.sim.TelegramMqttPublisher;

/**
 * Publishes the telegrams of a {@link Fleet}'s meters to a broker, each meter on its own topic, as the dongles of a
 * provider's homes do: every meter sends one telegram per period, the meters spread evenly over the period, in rounds
 * (round {@code r} carries telegram {@code r} of every meter, meter 1 first). One thread makes the telegrams, paces
 * them and writes them, the telegrams due within a couple of milliseconds together, over a few {@link PublishLink}
 * connections, meter {@code n} always on the same one, so a meter's telegrams leave in order.
 *
 * <p>A publisher that falls behind its schedule does not skip telegrams: it sends each late, and reports how late
 * the latest was. Publishes awaiting the broker's acknowledgement are bounded by its window; when it is full the
 * pacing waits.
 *
 * <p>A lost connection is made again, as a QoS 1 dongle does (see {@link PublishLink}): with a back-off, the same
 * client id and the session kept, every unacknowledged PUBLISH sent again with DUP set, then the telegrams that fell
 * due meanwhile, each meter's in order, then on schedule. While its connection is down a meter keeps what falls due,
 * up to {@link #DONGLE_MEMORY} telegrams (the oldest beyond are lost, counted as dropped); it costs no memory here,
 * as the meter makes a kept telegram only when it can send it, byte for byte the one it would have made on time.
 */
public final class FleetPublisher implements AutoCloseable {
    /** Telegrams due this close together leave in one write, after one wake-up of the pacing thread. */
    private static final long BATCH_NANOS = 2_000_000;
    /** The pacing thread wakes at least this often, to keep idle connections alive. */
    private static final long LONGEST_PARK_NANOS = 1_000_000_000L;
    /** The telegrams a meter keeps while it cannot send them: ten minutes at one a second. */
    public static final int DONGLE_MEMORY = 600;

    private final Fleet fleet;
    private final Settings settings;
    private final List<PublishLink> links;
    private final byte[][] topics;
    private final FleetMeter[] meters;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    /** A meter's telegram made while its connection was being lost, sent before its next one. */
    private final byte[][] held;
    private long dropped;
    private volatile long published;
    /** The round being published (read from any thread). */
    private volatile long round;
    private volatile boolean stopped;

    /**
     * How the fleet publishes.
     *
     * @param broker      {@code tcp://HOST:PORT} (or {@code ssl://} for TLS)
     * @param topic       the topic with {@code +} at the level of the meter id, e.g. {@code meterkast/+/p1}
     * @param meters      how many meters, numbered from 1
     * @param rate        telegrams per meter per second (1: one a second; 0.1: one every ten seconds)
     * @param qos         0 or 1
     * @param mqttVersion 3 (MQTT 3.1.1) or 5
     * @param connections connections to the broker the meters are spread over
     */
    public record Settings(String broker, String topic, int meters, double rate, int qos, int mqttVersion,
                           int connections) {
        public Settings {
            TelegramMqttPublisher.brokerUri(Objects.requireNonNull(broker, "broker"));
            Objects.requireNonNull(topic, "topic");
            if (topic.chars().filter(c -> c == '+').count() != 1 || topic.contains("#")) {
                throw new IllegalArgumentException("topic '" + topic
                        + "' must hold exactly one '+', at the level of the meter id (e.g. meterkast/+/p1), and no '#'");
            }
            try {
                MqttTopic.of(topic.replace("+", "fleet-00001"));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("topic '" + topic + "' is not a topic to publish to: "
                        + e.getMessage(), e);
            }
            if (meters < 1 || meters > Fleet.MAX_METERS) {
                throw new IllegalArgumentException("meters must be 1 to " + Fleet.MAX_METERS + ", not " + meters);
            }
            if (!(rate > 0) || rate > 1_000 || Double.isInfinite(rate)) {
                throw new IllegalArgumentException("rate must be above 0 and at most 1000 telegrams a second per meter, not "
                        + rate);
            }
            if (qos != 0 && qos != 1) {
                throw new IllegalArgumentException("qos must be 0 or 1, not " + qos);
            }
            if (mqttVersion != 3 && mqttVersion != 5) {
                throw new IllegalArgumentException("mqttVersion must be 3 (3.1.1) or 5, not " + mqttVersion);
            }
            if (connections < 1 || connections > 64) {
                throw new IllegalArgumentException("connections must be 1 to 64, not " + connections);
            }
        }

        /** The topic meter {@code id} publishes on. */
        public String topicOf(String id) {
            return topic.replace("+", id);
        }

        /** Nanoseconds between two telegrams of one meter. */
        long periodNanos() {
            return Math.round(1e9 / rate);
        }
    }

    /**
     * What a run did.
     *
     * @param rounds        rounds completed: every meter's telegrams 0 to {@code rounds - 1} were due
     * @param published     telegrams handed to the MQTT connection (each once, whatever was sent again)
     * @param acknowledged  telegrams the broker acknowledged (QoS 1) or that were written to the socket (QoS 0)
     * @param failed        telegrams published and not acknowledged: refused by the broker, written at QoS 0 into a
     *                      lost connection, or still unanswered when the run ended
     * @param firstFailure  why the first one failed or a connection was lost; null when nothing went wrong
     * @param elapsed       from the first telegram to the last answer
     * @param latest        how far behind its schedule the last telegram left
     * @param worst         how far behind its schedule the latest-leaving telegram of the run left
     * @param cpu           the CPU time this process used during the run (all its threads, the MQTT client's too)
     * @param reconnections connections made again after one was lost
     * @param resent        PUBLISHes sent again (DUP set) after a reconnection
     * @param kept          telegrams due and never published: still in the meters' memory when the run ended, as
     *                      their connection was down
     * @param dropped       telegrams lost because a meter's memory ({@link #DONGLE_MEMORY}) was full
     */
    public record Result(long rounds, long published, long acknowledged, long failed, String firstFailure,
                         Duration elapsed, Duration latest, Duration worst, Duration cpu, long reconnections,
                         long resent, long kept, long dropped) {
        /** Telegrams acknowledged per second of the run. */
        public double telegramsPerSecond() {
            return acknowledged * 1e9 / Math.max(1, elapsed.toNanos());
        }

        /** CPU seconds spent per 10,000 telegrams published. */
        public double cpuSecondsPer10000() {
            return published == 0 ? 0 : cpu.toNanos() / 1e9 * 10_000 / published;
        }

        /** One line for a person. */
        public String describe() {
            return String.format(Locale.ROOT, "%d rounds, %d telegrams published, %d acknowledged, %d failed in %.1f s "
                            + "(%.0f a second); behind schedule: %.0f ms at the end, %.0f ms at most; CPU %.2f s (%.3f s per 10,000 telegrams)%s%s%s",
                    rounds, published, acknowledged, failed, elapsed.toNanos() / 1e9, telegramsPerSecond(),
                    latest.toNanos() / 1e6, worst.toNanos() / 1e6, cpu.toNanos() / 1e9, cpuSecondsPer10000(),
                    reconnections == 0 ? "" : String.format(Locale.ROOT, "; %d reconnection(s), %d sent again",
                            reconnections, resent),
                    kept + dropped == 0 ? "" : String.format(Locale.ROOT, "; %d never sent (broker away), %d dropped "
                            + "(a meter's memory full)", kept, dropped),
                    firstFailure == null ? "" : "; first failure: " + firstFailure);
        }
    }

    private FleetPublisher(Fleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
        this.links = new ArrayList<>();
        this.meters = new FleetMeter[settings.meters()];
        this.topics = new byte[settings.meters()][];
        this.held = new byte[settings.meters()][];
        for (int i = 0; i < meters.length; i++) {
            meters[i] = fleet.meter(i + 1);
            topics[i] = settings.topicOf(meters[i].id()).getBytes(StandardCharsets.UTF_8);
        }
    }

    private final PublishLink.Answers answers = new PublishLink.Answers() {
        @Override
        public void acknowledged(int messages) {
            acknowledged.addAndGet(messages);
        }

        @Override
        public void failed(int messages, String why) {
            failed.addAndGet(messages);
            firstFailure.compareAndSet(null, why);
        }
    };

    /**
     * Makes the fleet's meters and connects to the broker.
     *
     * @throws IOException naming the broker when a connection cannot be made
     */
    public static FleetPublisher connect(Fleet fleet, Settings settings) throws IOException {
        Objects.requireNonNull(fleet, "fleet");
        Objects.requireNonNull(settings, "settings");
        FleetPublisher publisher = new FleetPublisher(fleet, settings);
        URI broker = TelegramMqttPublisher.brokerUri(settings.broker());
        String run = ProcessHandle.current().pid() + "-" + Long.toHexString(System.nanoTime() & 0xFFFFFF);
        try {
            for (int c = 0; c < settings.connections(); c++) {
                publisher.links.add(PublishLink.open(broker, "meterkast-fleet-" + run + "-" + c,
                        settings.mqttVersion(), settings.qos(), publisher.answers));
            }
        } catch (IOException | RuntimeException e) {
            publisher.close();
            throw e;
        }
        return publisher;
    }

    public Fleet fleet() {
        return fleet;
    }

    public Settings settings() {
        return settings;
    }

    /** Telegrams handed to the MQTT client so far (read from any thread). */
    public long published() {
        return published;
    }

    /** The round being published, or the rounds done once they all are (read from any thread). */
    long round() {
        return round;
    }

    /** Ends {@link #publish} after the telegram it is sending now; callable from any thread. */
    public void stop() {
        stopped = true;
    }

    /**
     * Publishes rounds until {@code rounds} are done (0: until {@link #stop()}), then waits up to
     * {@code drain} for the broker's last answers and, while a connection is down, for it to come back so that its
     * meters send what they kept.
     */
    public Result publish(long rounds, Duration drain) throws InterruptedException {
        if (rounds < 0) {
            throw new IllegalArgumentException("rounds must not be negative, not " + rounds);
        }
        long cpuBefore = cpuNanos();
        long period = settings.periodNanos();
        int n = meters.length;
        long start = System.nanoTime();
        long flushed = start;
        long latest = 0;
        long worst = 0;
        long round = 0;
        int reached = 0;
        rounds:
        for (; rounds == 0 || round < rounds; round++) {
            this.round = round;
            long roundStart = start + round * period;
            for (int k = 0; k < n; k++) {
                if (stopped) {
                    reached = k;
                    break rounds;
                }
                long due = roundStart + period * k / n;
                long now = System.nanoTime();
                if (due - now > BATCH_NANOS) {
                    flush(now);
                    flushed = now;
                    while (due - now > BATCH_NANOS) {
                        LockSupport.parkNanos(Math.min(due - now, LONGEST_PARK_NANOS));
                        now = System.nanoTime();
                        keepAlive(now);
                    }
                }
                latest = Math.max(0, now - due);
                worst = Math.max(worst, latest);
                sendUpTo(k, round + 1);
                if (now - flushed >= BATCH_NANOS) {
                    // telegrams closer together than a batch never let the thread sleep: they leave every batch
                    flush(now);
                    flushed = now;
                }
            }
        }
        this.round = round;
        // meter k is due telegrams 0 to round - 1, and telegram round too when the run stopped after it
        long drainEnd = System.nanoTime() + drain.toNanos();
        while (true) {
            long now = System.nanoTime();
            flush(now);
            boolean caughtUp = true;
            for (int k = 0; k < n; k++) {
                long due = round + (k < reached ? 1 : 0);
                if (meters[k].index() < due || held[k] != null) {
                    if (!stopped) {
                        sendUpTo(k, due);
                    }
                    caughtUp &= meters[k].index() >= due && held[k] == null;
                }
            }
            flush(now);
            boolean settled = true;
            for (PublishLink link : links) {
                // a stopped run does not wait for a lost connection to come back
                settled &= link.settled() || stopped && !link.up();
            }
            if ((caughtUp || stopped) && settled || now - drainEnd >= 0) {
                break;
            }
            Thread.sleep(5);
        }
        long end = System.nanoTime();
        long kept = 0;
        for (int k = 0; k < n; k++) {
            long due = round + (k < reached ? 1 : 0);
            kept += Math.max(0, due - meters[k].index()) + (held[k] != null ? 1 : 0);
        }
        long unanswered = 0;
        long reconnections = 0;
        long resent = 0;
        for (PublishLink link : links) {
            int u = link.unanswered();
            unanswered += u;
            reconnections += link.reconnections();
            resent += link.resent();
            if (u > 0) {
                firstFailure.compareAndSet(null, link.lost() != null ? link.lost()
                        : u + " telegram(s) unanswered when the run ended");
            }
        }
        return new Result(round, published, acknowledged.get(), failed.get() + unanswered, firstFailure.get(),
                Duration.ofNanos(end - start), Duration.ofNanos(latest), Duration.ofNanos(worst),
                Duration.ofNanos(cpuNanos() - cpuBefore), reconnections, resent, kept, dropped);
    }

    /**
     * Meter {@code k} publishes its telegrams up to number {@code due - 1}: what it kept while its connection was
     * down, oldest first, then the one due now. While the connection is down it keeps them, up to
     * {@link #DONGLE_MEMORY}.
     */
    private void sendUpTo(int k, long due) throws InterruptedException {
        FleetMeter meter = meters[k];
        PublishLink link = links.get(k % links.size());
        if (!link.up()) {
            rememberLoss(link);
            // the meter's memory: what it cannot hold any more is lost, oldest first
            while (due - meter.index() - (held[k] != null ? 1 : 0) > DONGLE_MEMORY) {
                if (held[k] != null) {
                    held[k] = null;
                } else {
                    meter.skip();
                }
                dropped++;
            }
            return;
        }
        try {
            if (held[k] != null) {
                link.publish(topics[k], held[k]);
                held[k] = null;
                published++;
            }
            while (meter.index() < due) {
                if (due - meter.index() > DONGLE_MEMORY) {
                    meter.skip();
                    dropped++;
                    continue;
                }
                byte[] telegram = meter.next();
                try {
                    link.publish(topics[k], telegram);
                } catch (IOException e) {
                    held[k] = telegram;
                    throw e;
                }
                published++;
            }
        } catch (IOException e) {
            rememberLoss(link);
        }
    }

    private void rememberLoss(PublishLink link) {
        String lost = link.lost();
        if (lost != null) {
            firstFailure.compareAndSet(null, lost);
        }
    }

    /**
     * Writes what each connection has buffered, and connects again those that were lost when their back-off has
     * passed.
     */
    private void flush(long now) throws InterruptedException {
        for (PublishLink link : links) {
            try {
                if (link.up()) {
                    link.flush();
                } else {
                    link.reconnectIfDue(now);
                }
            } catch (IOException e) {
                rememberLoss(link);
            }
        }
    }

    private void keepAlive(long now) throws InterruptedException {
        for (PublishLink link : links) {
            try {
                if (link.up()) {
                    link.keepAlive(now);
                } else {
                    link.reconnectIfDue(now);
                }
            } catch (IOException e) {
                rememberLoss(link);
            }
        }
    }

    private static long cpuNanos() {
        return ProcessHandle.current().info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    @Override
    public void close() {
        stopped = true;
        links.forEach(PublishLink::close);
    }
}
