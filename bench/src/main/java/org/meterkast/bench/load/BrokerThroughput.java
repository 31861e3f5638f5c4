package org.meterkast.bench.load;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.datatypes.MqttTopic;
import com.hivemq.client.mqtt.mqtt5.Mqtt5AsyncClient;
import com.hivemq.client.mqtt.mqtt5.message.publish.Mqtt5Publish;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The broker's own throughput, before any Meterkast code: a plain publisher (the HiveMQ client, MQTT 5) sends
 * messages of about 1 KB, a P1 telegram's size, on a thousand topics {@code …/m<k>/p1}, and plain subscribers take
 * them, through the machine's broker. Cases: QoS 1 and QoS 0, each to one subscriber on {@code …/+/p1} and through a
 * shared subscription {@code $share/g/…/+/p1} of three. For each case, two phases:
 * <ul>
 * <li>flat out: the publisher keeps {@value #WINDOW} messages awaiting the broker's answer (QoS 1) or writes as fast as
 *     the client takes them (QoS 0): the messages per second the subscribers received, and how many never arrived
 *     (Mosquitto drops what overflows a subscriber's queue, QoS 1 included);</li>
 * <li>paced: {@code --rate} messages a second spread evenly (the fleet's 10,000 meters at one telegram a second):
 *     the end-to-end delay from the publisher's call to the subscriber's callback, p50 and p99.</li>
 * </ul>
 * Then two cases that decide how fleet nodes must be set up: QoS 1 to a subscriber that acknowledges only at a flush
 * every 100 ms (as a node acknowledges a reading once written), and a shared group of three persistent sessions of
 * which one is away for the middle third of the run (a node killed and restarted).
 * Everything runs in this one JVM beside the broker, so the CPU the figures cost is this process's plus the broker's
 * (both printed). The send time travels in the payload; one clock, no skew.
 */
public final class BrokerThroughput {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.BrokerThroughput
                     [--broker URL] [--broker-pid N] [--seconds N] [--rate N] [--size BYTES] [--topics N]
              --broker   the broker (default tcp://127.0.0.1:1883)
              --broker-pid  its process, for its CPU (default: Mosquitto's pid file, else a process named mosquitto)
              --seconds  length of each phase of each case (default 15)
              --rate     messages a second in the paced phase (default 10000)
              --size     payload bytes (default 1000)
              --topics   topics the messages are spread over (default 1000)
            """;
    /** Messages awaiting the broker's acknowledgement in the flat-out phase. */
    static final int WINDOW = 1_000;
    private static final int SUBSCRIBERS_IN_GROUP = 3;

    private final String host;
    private final int port;
    private final int size;
    private final int topics;
    private final String run = "meterkast-bench-" + ProcessHandle.current().pid();

    private BrokerThroughput(String broker, int size, int topics) {
        URI uri = URI.create(broker);
        this.host = uri.getHost();
        this.port = uri.getPort() < 0 ? 1883 : uri.getPort();
        this.size = size;
        this.topics = topics;
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parseWithoutServer(args, USAGE, Set.of("broker", "broker-pid", "seconds", "rate", "size",
                "topics"));
        int seconds = o.number("seconds", 15);
        int rate = o.number("rate", 10_000);
        BrokerThroughput bench = new BrokerThroughput(o.text("broker", "tcp://127.0.0.1:1883"),
                Math.max(16, o.number("size", 1_000)), o.number("topics", 1_000));
        Machine.print();
        long broker = o.text("broker-pid", null) != null ? o.number("broker-pid", -1) : brokerPid();
        System.out.printf(Locale.ROOT, "broker: %s:%d (pid %s), payload %d bytes on %d topics, %d s per phase, paced at "
                        + "%d a second%n", bench.host, bench.port, broker < 0 ? "unknown" : Long.toString(broker),
                bench.size, bench.topics, seconds, rate);
        bench.flatOut(MqttQos.AT_LEAST_ONCE, 1, 3, null);        // warm-up: JIT, connections; not reported
        System.out.println("| case | flat out: received a second | lost | paced: received a second | lost "
                + "| delay p50 | delay p99 | max | CPU driver + broker per 10,000 |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (MqttQos qos : new MqttQos[] {MqttQos.AT_LEAST_ONCE, MqttQos.AT_MOST_ONCE}) {
            for (int subscribers : new int[] {1, SUBSCRIBERS_IN_GROUP}) {
                Phase flat = bench.flatOut(qos, subscribers, seconds, broker < 0 ? null : broker);
                Phase paced = bench.paced(qos, subscribers, seconds, rate, broker < 0 ? null : broker);
                System.out.printf(Locale.ROOT, "| QoS %d, %s | %,.0f | %d | %,.0f | %d | %.2f ms | %.2f ms | %.1f ms "
                                + "| %.2f + %.2f s |%n", qos.getCode(),
                        subscribers == 1 ? "one subscriber" : "$share/g/ of " + subscribers, flat.perSecond(),
                        flat.lost(), paced.perSecond(), paced.lost(), paced.delayMs(50), paced.delayMs(99),
                        paced.delayMs(100), paced.ownCpuPer10000(), paced.brokerCpuPer10000());
            }
        }
        Phase flushed = bench.acknowledgedAtFlush(seconds, rate, 100);
        System.out.printf(Locale.ROOT, "QoS 1, one subscriber acknowledging at a flush every 100 ms, paced at %d a second: "
                + "%,.0f received a second, %d not received 3 s after the end%n", rate, flushed.perSecond(),
                flushed.lost());
        Away away = bench.memberAway(Math.max(9, seconds), Math.min(rate, 3_000));
        System.out.printf(Locale.ROOT, "QoS 1, $share/g/ of 3 with persistent sessions, member 2 away for the middle third "
                        + "of %d messages: %d received once, %d more than once, %d never; member 2 got %d after it "
                        + "returned%n", away.sent(), away.once(), away.again(), away.never(), away.queuedForAway());
        System.out.printf(Locale.ROOT, "load average at the end: %.2f%n", Machine.loadAverage());
        System.exit(0);
    }

    /** What one phase measured: messages sent and received, the delays, the CPU spent. */
    record Phase(long sent, long received, double seconds, long[] delaysNanos, long ownCpuTicks, long brokerCpuTicks,
                 long eventually) {
        Phase(long sent, long received, double seconds, long[] delaysNanos, long ownCpuTicks, long brokerCpuTicks) {
            this(sent, received, seconds, delaysNanos, ownCpuTicks, brokerCpuTicks, received);
        }

        /** The same phase with what had arrived a little after its end. */
        Phase withLate(long arrived) {
            return new Phase(sent, received, seconds, delaysNanos, ownCpuTicks, brokerCpuTicks, arrived);
        }

        double perSecond() {
            return received / seconds;
        }

        long lost() {
            return sent - eventually;
        }

        double delayMs(double percentile) {
            if (delaysNanos.length == 0) {
                return Double.NaN;
            }
            long[] sorted = delaysNanos.clone();
            Arrays.sort(sorted);
            int rank = (int) Math.ceil(percentile / 100.0 * sorted.length);
            return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1e6;
        }

        double ownCpuPer10000() {
            return ownCpuTicks / 100.0 * 10_000 / Math.max(1, received);
        }

        double brokerCpuPer10000() {
            return brokerCpuTicks / 100.0 * 10_000 / Math.max(1, received);
        }
    }

    /** Subscribers of one case: their callbacks count what arrives and note each delay. */
    private final class Receivers implements AutoCloseable {
        final List<Mqtt5AsyncClient> clients = new ArrayList<>();
        final AtomicLong received = new AtomicLong();
        final long[] delays;
        final AtomicLong delayCount = new AtomicLong();
        volatile long lastArrival;

        Receivers(String prefix, MqttQos qos, int subscribers, int expected) throws Exception {
            delays = new long[Math.max(1, expected)];
            String filter = (subscribers == 1 ? "" : "$share/g/") + prefix + "/+/p1";
            for (int i = 0; i < subscribers; i++) {
                Mqtt5AsyncClient c = client(run + "-sub-" + i + "-" + System.nanoTime());
                c.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
                c.subscribeWith().topicFilter(filter).qos(qos).callback(this::arrived).send().get(10, TimeUnit.SECONDS);
                clients.add(c);
            }
        }

        private void arrived(Mqtt5Publish p) {
            long now = System.nanoTime();
            ByteBuffer payload = p.getPayload().orElseThrow();
            long sent = payload.getLong(payload.position());
            received.incrementAndGet();
            long i = delayCount.getAndIncrement();
            if (i < delays.length) {
                delays[(int) i] = now - sent;
            }
            lastArrival = now;
        }

        long[] delays() {
            return Arrays.copyOf(delays, (int) Math.min(delays.length, delayCount.get()));
        }

        /** Waits until {@code expected} arrived or nothing has arrived for a second. */
        void awaitQuiet(long expected) {
            long quietSince = System.nanoTime();
            long seen = received.get();
            while (received.get() < expected && System.nanoTime() - quietSince < 1_000_000_000L) {
                LockSupport.parkNanos(10_000_000L);
                if (received.get() != seen) {
                    seen = received.get();
                    quietSince = System.nanoTime();
                }
            }
        }

        @Override
        public void close() {
            for (Mqtt5AsyncClient c : clients) {
                c.disconnect();
            }
        }
    }

    private Mqtt5AsyncClient client(String id) {
        return MqttClient.builder().identifier(id).serverHost(host).serverPort(port).executorConfig().nettyThreads(1)
                .applyExecutorConfig().useMqttVersion5().buildAsync();
    }

    private MqttTopic[] topics(String prefix) {
        MqttTopic[] t = new MqttTopic[topics];
        for (int k = 0; k < topics; k++) {
            t[k] = MqttTopic.of(prefix + "/m" + k + "/p1");
        }
        return t;
    }

    private byte[] payload(long sentNanos, long sequence) {
        byte[] b = new byte[size];
        Arrays.fill(b, 16, size, (byte) 'x');
        ByteBuffer.wrap(b).putLong(sentNanos).putLong(sequence);
        return b;
    }

    private Phase flatOut(MqttQos qos, int subscribers, int seconds, Long broker) throws Exception {
        String prefix = run + "/flat-" + qos.getCode() + "-" + subscribers + "-" + System.nanoTime();
        MqttTopic[] t = topics(prefix);
        Mqtt5AsyncClient publisher = client(run + "-pub-" + System.nanoTime());
        publisher.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        try (Receivers r = new Receivers(prefix, qos, subscribers, 0)) {
            Semaphore window = new Semaphore(WINDOW);
            long cpu0 = ownCpu();
            long b0 = broker == null ? 0 : ProcFs.cpuTicks(broker);
            long start = System.nanoTime();
            long end = start + seconds * 1_000_000_000L;
            long sent = 0;
            while (System.nanoTime() < end) {
                window.acquire();
                publisher.publishWith().topic(t[(int) (sent % t.length)]).qos(qos).payload(payload(System.nanoTime(), sent))
                        .send().whenComplete((x, e) -> window.release());
                sent++;
            }
            r.awaitQuiet(sent);
            double took = (r.lastArrival - start) / 1e9;
            return new Phase(sent, r.received.get(), took, new long[0], ownCpu() - cpu0,
                    broker == null ? 0 : ProcFs.cpuTicks(broker) - b0);
        } finally {
            publisher.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    /**
     * QoS 1 at {@code rate} to one subscriber (MQTT 5, Receive Maximum 65,535) that acknowledges each message only at
     * its next flush, every {@code flushMillis}, as a fleet node acknowledges a reading once it is written: the broker
     * sends no more than its in-flight limit ahead of the acknowledgements, so this bounds a node's intake. Returns the
     * messages received per second and those lost.
     */
    private Phase acknowledgedAtFlush(int seconds, int rate, int flushMillis) throws Exception {
        String prefix = run + "/flush-" + System.nanoTime();
        MqttTopic[] t = topics(prefix);
        java.util.concurrent.ConcurrentLinkedQueue<Mqtt5Publish> pending = new java.util.concurrent.ConcurrentLinkedQueue<>();
        AtomicLong received = new AtomicLong();
        Mqtt5AsyncClient subscriber = client(run + "-flush-" + System.nanoTime());
        subscriber.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, p -> {
            received.incrementAndGet();
            pending.add(p);
        }, true);
        subscriber.connectWith().cleanStart(true).restrictions().receiveMaximum(65_535).applyRestrictions().send()
                .get(10, TimeUnit.SECONDS);
        subscriber.subscribeWith().topicFilter(prefix + "/+/p1").qos(MqttQos.AT_LEAST_ONCE).send()
                .get(10, TimeUnit.SECONDS);
        java.util.concurrent.ScheduledExecutorService flusher = java.util.concurrent.Executors
                .newSingleThreadScheduledExecutor();
        flusher.scheduleAtFixedRate(() -> {
            for (Mqtt5Publish p = pending.poll(); p != null; p = pending.poll()) {
                p.acknowledge();
            }
        }, flushMillis, flushMillis, TimeUnit.MILLISECONDS);
        Mqtt5AsyncClient publisher = client(run + "-pub-" + System.nanoTime());
        publisher.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        try {
            long total = (long) seconds * rate;
            long start = System.nanoTime() + 10_000_000L;
            long now = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                if (due > now) {
                    now = System.nanoTime();
                    if (due - now > 1_000_000L) {
                        LockSupport.parkNanos(due - now);
                        now = System.nanoTime();
                    }
                }
                publisher.publishWith().topic(t[(int) (i % t.length)]).qos(MqttQos.AT_LEAST_ONCE)
                        .payload(payload(System.nanoTime(), i)).send();
            }
            long atEnd = received.get();
            double took = (System.nanoTime() - start) / 1e9;
            Thread.sleep(3_000);
            // what had not arrived three seconds after the end is counted as lost (it was dropped, or still queued)
            return new Phase(total, atEnd, took, new long[0], 0, 0).withLate(received.get());
        } finally {
            flusher.shutdownNow();
            publisher.disconnect().get(10, TimeUnit.SECONDS);
            subscriber.disconnect();
        }
    }

    /** What the group received while one member was away: sent, received once, received again, never received. */
    record Away(long sent, long once, long again, long never, long queuedForAway) {
    }

    /**
     * QoS 1 through a shared subscription of three members with persistent sessions (clean start off, a session that
     * outlives the connection), as fleet nodes connect: paced at {@code rate}; a third of the way in member 2
     * disconnects, two thirds in it connects again under the same client id. Counts, by the sequence number in each
     * payload, what arrived once, twice or never, and what member 2 got after its return (what the broker kept for
     * it, or gave it anew).
     */
    private Away memberAway(int seconds, int rate) throws Exception {
        String prefix = run + "/away-" + System.nanoTime();
        MqttTopic[] t = topics(prefix);
        long total = (long) seconds * rate;
        byte[] seen = new byte[(int) total];
        AtomicLong afterReturn = new AtomicLong();
        java.util.concurrent.atomic.AtomicBoolean returned = new java.util.concurrent.atomic.AtomicBoolean();
        String filter = "$share/g/" + prefix + "/+/p1";
        List<Mqtt5AsyncClient> members = new ArrayList<>();
        String[] ids = new String[3];
        for (int i = 0; i < 3; i++) {
            ids[i] = run + "-away-" + i + "-" + System.nanoTime();
            members.add(persistentMember(ids[i], filter, seen, i == 1 ? afterReturn : null, returned));
        }
        Mqtt5AsyncClient publisher = client(run + "-pub-" + System.nanoTime());
        publisher.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        long start = System.nanoTime() + 10_000_000L;
        long now = System.nanoTime();
        for (long i = 0; i < total; i++) {
            if (i == total / 3) {
                members.get(1).disconnect().get(10, TimeUnit.SECONDS);
            } else if (i == 2 * total / 3) {
                returned.set(true);
                members.set(1, persistentMember(ids[1], null, seen, afterReturn, returned));
            }
            long due = start + i * 1_000_000_000L / rate;
            if (due > now) {
                now = System.nanoTime();
                if (due - now > 1_000_000L) {
                    LockSupport.parkNanos(due - now);
                    now = System.nanoTime();
                }
            }
            publisher.publishWith().topic(t[(int) (i % t.length)]).qos(MqttQos.AT_LEAST_ONCE)
                    .payload(payload(System.nanoTime(), i)).send();
        }
        Thread.sleep(5_000);
        publisher.disconnect().get(10, TimeUnit.SECONDS);
        long once = 0;
        long again = 0;
        long never = 0;
        synchronized (seen) {
            for (byte b : seen) {
                if (b == 0) {
                    never++;
                } else if (b == 1) {
                    once++;
                } else {
                    again++;
                }
            }
        }
        for (Mqtt5AsyncClient m : members) {
            // the sessions go with the connections: nothing of this run stays queued in the broker
            m.disconnectWith().sessionExpiryInterval(0).send();
        }
        return new Away(total, once, again, never, afterReturn.get());
    }

    /** A member with a persistent session; subscribes when {@code filter} is given, else resumes its session. */
    private Mqtt5AsyncClient persistentMember(String id, String filter, byte[] seen, AtomicLong afterReturn,
                                              java.util.concurrent.atomic.AtomicBoolean returned) throws Exception {
        Mqtt5AsyncClient c = client(id);
        c.publishes(com.hivemq.client.mqtt.MqttGlobalPublishFilter.ALL, p -> {
            ByteBuffer payload = p.getPayload().orElseThrow();
            int sequence = (int) payload.getLong(payload.position() + 8);
            synchronized (seen) {
                if (sequence >= 0 && sequence < seen.length && seen[sequence] < 100) {
                    seen[sequence]++;
                }
            }
            if (afterReturn != null && returned.get()) {
                afterReturn.incrementAndGet();
            }
        });
        c.connectWith().cleanStart(filter != null).sessionExpiryInterval(600).send().get(10, TimeUnit.SECONDS);
        if (filter != null) {
            c.subscribeWith().topicFilter(filter).qos(MqttQos.AT_LEAST_ONCE).send().get(10, TimeUnit.SECONDS);
        }
        return c;
    }

    private Phase paced(MqttQos qos, int subscribers, int seconds, int rate, Long broker) throws Exception {
        String prefix = run + "/paced-" + qos.getCode() + "-" + subscribers + "-" + System.nanoTime();
        MqttTopic[] t = topics(prefix);
        long total = (long) seconds * rate;
        Mqtt5AsyncClient publisher = client(run + "-pub-" + System.nanoTime());
        publisher.connectWith().cleanStart(true).send().get(10, TimeUnit.SECONDS);
        try (Receivers r = new Receivers(prefix, qos, subscribers, (int) total)) {
            long cpu0 = ownCpu();
            long b0 = broker == null ? 0 : ProcFs.cpuTicks(broker);
            long start = System.nanoTime() + 10_000_000L;
            long now = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long due = start + i * 1_000_000_000L / rate;
                if (due > now) {
                    now = System.nanoTime();
                    if (due - now > 1_000_000L) {
                        LockSupport.parkNanos(due - now);
                        now = System.nanoTime();
                    }
                }
                publisher.publishWith().topic(t[(int) (i % t.length)]).qos(qos).payload(payload(System.nanoTime(), i))
                        .send();
            }
            r.awaitQuiet(total);
            double took = Math.max(seconds, (r.lastArrival - start) / 1e9);
            return new Phase(total, r.received.get(), took, r.delays(), ownCpu() - cpu0,
                    broker == null ? 0 : ProcFs.cpuTicks(broker) - b0);
        } finally {
            publisher.disconnect().get(10, TimeUnit.SECONDS);
        }
    }

    private static long ownCpu() {
        return ProcFs.cpuTicks(ProcessHandle.current().pid());
    }

    /** The broker's process when it runs on this machine (Mosquitto's pid file, else a process named mosquitto). */
    private static long brokerPid() {
        try {
            return Long.parseLong(Files.readString(Path.of("/run/mosquitto/mosquitto.pid")).strip());
        } catch (IOException | NumberFormatException e) {
            try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), "[0-9]*")) {
                for (Path p : procs) {
                    if (Files.readString(p.resolve("comm")).strip().equals("mosquitto")) {
                        return Long.parseLong(p.getFileName().toString());
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // no /proc: the broker's CPU is not shown
            }
            return -1;
        }
    }
}
