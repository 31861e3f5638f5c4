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
 * pacing waits. A connection that fails is not reconnected: its publishes are counted as failed and the run says so.
 */
public final class FleetPublisher implements AutoCloseable {
    /** Telegrams due this close together leave in one write, after one wake-up of the pacing thread. */
    private static final long BATCH_NANOS = 2_000_000;
    /** The pacing thread wakes at least this often, to keep idle connections alive. */
    private static final long LONGEST_PARK_NANOS = 1_000_000_000L;

    private final Fleet fleet;
    private final Settings settings;
    private final List<PublishLink> links;
    private final byte[][] topics;
    private final FleetMeter[] meters;
    private final AtomicLong acknowledged = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private final AtomicReference<String> firstFailure = new AtomicReference<>();
    private volatile long published;
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
     * @param rounds       rounds completed: every meter published telegrams 0 to {@code rounds - 1}
     * @param published    telegrams handed to the MQTT client
     * @param acknowledged telegrams the broker acknowledged (QoS 1) or that were written to the socket (QoS 0)
     * @param failed       telegrams whose publishing failed
     * @param firstFailure why the first one failed; null when none did
     * @param elapsed      from the first telegram to the last answer
     * @param latest       how far behind its schedule the last telegram left
     * @param worst        how far behind its schedule the latest-leaving telegram of the run left
     * @param cpu          the CPU time this process used during the run (all its threads, the MQTT client's too)
     */
    public record Result(long rounds, long published, long acknowledged, long failed, String firstFailure,
                         Duration elapsed, Duration latest, Duration worst, Duration cpu) {
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
                            + "(%.0f a second); behind schedule: %.0f ms at the end, %.0f ms at most; CPU %.2f s (%.3f s per 10,000 telegrams)%s",
                    rounds, published, acknowledged, failed, elapsed.toNanos() / 1e9, telegramsPerSecond(),
                    latest.toNanos() / 1e6, worst.toNanos() / 1e6, cpu.toNanos() / 1e9, cpuSecondsPer10000(),
                    firstFailure == null ? "" : "; first failure: " + firstFailure);
        }
    }

    private FleetPublisher(Fleet fleet, Settings settings) {
        this.fleet = fleet;
        this.settings = settings;
        this.links = new ArrayList<>();
        this.meters = new FleetMeter[settings.meters()];
        this.topics = new byte[settings.meters()][];
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

    /** Ends {@link #publish} after the telegram it is sending now; callable from any thread. */
    public void stop() {
        stopped = true;
    }

    /**
     * Publishes rounds until {@code rounds} are done (0: until {@link #stop()}), then waits up to
     * {@code drain} for the broker's last answers.
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
        rounds:
        for (; rounds == 0 || round < rounds; round++) {
            long roundStart = start + round * period;
            for (int k = 0; k < n; k++) {
                if (stopped) {
                    break rounds;
                }
                long due = roundStart + period * k / n;
                long now = System.nanoTime();
                if (due - now > BATCH_NANOS) {
                    flush();
                    flushed = now;
                    while (due - now > BATCH_NANOS) {
                        LockSupport.parkNanos(Math.min(due - now, LONGEST_PARK_NANOS));
                        now = System.nanoTime();
                        keepAlive(now);
                    }
                }
                latest = Math.max(0, now - due);
                worst = Math.max(worst, latest);
                send(k, meters[k].next());
                if (now - flushed >= BATCH_NANOS) {
                    // telegrams closer together than a batch never let the thread sleep: they leave every batch
                    flush();
                    flushed = now;
                }
            }
        }
        flush();
        long drainEnd = System.nanoTime() + drain.toNanos();
        while (!links.stream().allMatch(PublishLink::settled) && System.nanoTime() < drainEnd) {
            Thread.sleep(5);
        }
        long end = System.nanoTime();
        return new Result(round, published, acknowledged.get(), failed.get(), firstFailure.get(),
                Duration.ofNanos(end - start), Duration.ofNanos(latest), Duration.ofNanos(worst),
                Duration.ofNanos(cpuNanos() - cpuBefore));
    }

    private void send(int k, byte[] telegram) throws InterruptedException {
        published++;
        try {
            links.get(k % links.size()).publish(topics[k], telegram);
        } catch (IOException e) {
            answers.failed(1, e.getMessage());
        }
    }

    /** Writes what each connection has buffered; a connection that fails has counted its messages as failed. */
    private void flush() {
        for (PublishLink link : links) {
            try {
                link.flush();
            } catch (IOException e) {
                // counted by the link as it failed
            }
        }
    }

    private void keepAlive(long now) {
        for (PublishLink link : links) {
            try {
                link.keepAlive(now);
            } catch (IOException e) {
                // counted by the link as it failed
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
