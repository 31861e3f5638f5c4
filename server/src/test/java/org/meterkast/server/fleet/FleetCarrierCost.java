package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.management.OperatingSystemMXBean;
import java.io.File;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.ingest.MqttSettings;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;

/**
 * What carrying a fleet telegram costs this JVM: the MQTT connection, its event loop, the topic's meter id and the
 * acknowledgement, with an intake that answers at once. Telegrams come from {@code mosquitto_pub} processes (their CPU
 * is not this JVM's) through the machine's Mosquitto binary, run by the test with {@link OwnMosquitto#FLEET_SETTINGS}. A measurement for docs/BENCHMARKS.md, run only when asked:
 * {@code -Dmeterkast.bench=true}.
 */
@Tag("cluster")
@EnabledIfSystemProperty(named = "meterkast.bench", matches = "true")
class FleetCarrierCost {
    private static final int PUBLISHERS = Integer.getInteger("meterkast.bench.publishers", 4);
    private static final int EACH = Integer.getInteger("meterkast.bench.each", 50_000);
    private static final int RATE = Integer.getInteger("meterkast.bench.rate", 2_000);

    /** This JVM's read and write system calls so far ({@code /proc/self/io}: syscr, syscw). */
    private static long[] syscalls() throws IOException {
        long[] rw = new long[2];
        for (String line : Files.readAllLines(Path.of("/proc/self/io"))) {
            if (line.startsWith("syscr:")) {
                rw[0] = Long.parseLong(line.substring(6).trim());
            } else if (line.startsWith("syscw:")) {
                rw[1] = Long.parseLong(line.substring(6).trim());
            }
        }
        return rw;
    }

    @Test
    void cpuPerTelegram() throws Exception {
        String run = "mk-cost-" + UUID.randomUUID().toString().substring(0, 8);
        LongAdder taken = new LongAdder();
        CompletableFuture<Void> stored = CompletableFuture.completedFuture(null);
        TelegramIntake intake = (meter, payload) -> {
            taken.increment();
            return stored;
        };
        FleetSettings fleet = new FleetSettings(true, run + "/+/p1", run, run, Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        OwnMosquitto broker = OwnMosquitto.start(java.nio.file.Path.of("target", "fleet-carrier-cost").toAbsolutePath(),
                OwnMosquitto.FLEET_SETTINGS);
        MqttSettings mqtt = new MqttSettings(broker.url(), null, null, null, Duration.ofSeconds(30),
                Duration.ofMillis(100), Duration.ofSeconds(1));
        FleetSubscription node = new FleetSubscription(fleet, mqtt, intake,
                Integer.getInteger("meterkast.bench.window", FleetSubscription.MOST_UNACKNOWLEDGED));
        node.start();
        try {
            while (node.counts().connections() == 0) {
                Thread.sleep(20);
            }
            Thread.sleep(500);
            // one real telegram a line (mosquitto_pub -l sends a line a message): the CR LF become spaces
            String telegram = new String(TelegramWriter.toBytes(new SimulatedMeter(
                    new Household(HouseholdSettings.defaults(1)), java.time.Instant.parse("2026-03-02T10:00:00Z"))
                    .next(java.time.Instant.parse("2026-03-02T10:00:01Z"))), StandardCharsets.US_ASCII)
                    .replace("\r\n", "  ");
            Path lines = Files.createTempFile("telegrams", ".txt");
            try {
                Files.writeString(lines, (telegram + "\n").repeat(EACH));
                OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
                java.lang.management.ThreadMXBean threads = ManagementFactory.getThreadMXBean();
                long cpu0 = 0;
                long[] io0 = {0, 0};
                long wall0 = 0;
                long taken0 = 0;
                java.util.Map<Long, Long> threadCpu0 = new java.util.HashMap<>();
                List<Process> publishers = new ArrayList<>();
                // each publisher at RATE a second, in bursts every 10 ms: a steady load the node keeps up with,
                // not a flood that overruns the broker's queue for it (docs/CLUSTER.md, "The broker")
                String paced = "python3 -c 'import sys,time\n"
                        + "lines=open(sys.argv[1]).readlines(); per=max(1," + RATE + "//100); t=time.time()\n"
                        + "for i in range(0,len(lines),per):\n"
                        + " sys.stdout.writelines(lines[i:i+per]); sys.stdout.flush(); t+=0.01\n"
                        + " d=t-time.time()\n"
                        + " if d>0: time.sleep(d)\n' " + lines;
                for (int i = 0; i < PUBLISHERS; i++) {
                    publishers.add(new ProcessBuilder("sh", "-c", paced + " | mosquitto_pub -h 127.0.0.1 -p "
                            + broker.port() + " -V mqttv311 "
                            + "-q 1 -t " + run + "/m" + i + "/p1 -l")
                            .redirectOutput(ProcessBuilder.Redirect.DISCARD).redirectError(new File("/dev/null"))
                            .start());
                }
                long total = (long) PUBLISHERS * EACH;
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.getInteger("meterkast.bench.seconds", 300));
                long lastPrint = System.nanoTime();
                boolean measuring = false;
                while (node.counts().acknowledged() < total && System.nanoTime() < deadline) {
                    Thread.sleep(5);
                    if (!measuring && taken.sum() >= total / 4) {
                        // the first quarter warms the JIT up; the rest is measured
                        measuring = true;
                        cpu0 = os.getProcessCpuTime();
                        wall0 = System.nanoTime();
                        taken0 = taken.sum();
                        io0 = syscalls();
                        for (long id : threads.getAllThreadIds()) {
                            threadCpu0.put(id, threads.getThreadCpuTime(id));
                        }
                    }
                    if (System.nanoTime() - lastPrint > 1_000_000_000L && Boolean.getBoolean("meterkast.bench.trace")) {
                        lastPrint = System.nanoTime();
                        System.out.println("progress " + node.counts());
                    }
                }
                long wall = System.nanoTime() - wall0;
                long cpu = os.getProcessCpuTime() - cpu0;
                long measured = taken.sum() - taken0;
                java.util.Map<String, Long> byThread = new java.util.TreeMap<>();
                for (long id : threads.getAllThreadIds()) {
                    java.lang.management.ThreadInfo info = threads.getThreadInfo(id);
                    if (info != null) {
                        long used = threads.getThreadCpuTime(id) - threadCpu0.getOrDefault(id, 0L);
                        byThread.merge(info.getThreadName().replaceAll("[0-9]+", "#"), used, Long::sum);
                    }
                }
                byThread.entrySet().stream().filter(e -> e.getValue() > 10_000_000L)
                        .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed())
                        .forEach(e -> System.out.printf("  thread %s: %.2f us a telegram%n", e.getKey(),
                                e.getValue() / 1e3 / measured));
                long[] io = syscalls();
                System.out.printf("  system calls a telegram: %.2f reads, %.2f writes%n",
                        (io[0] - io0[0]) / (double) measured, (io[1] - io0[1]) / (double) measured);
                for (Process p : publishers) {
                    p.waitFor(10, TimeUnit.SECONDS);
                }
                System.out.printf("fleet carrier: %d telegrams measured (%d bytes each, after %d to warm up) in %.2f s "
                                + "= %.0f/s; this JVM's CPU %.2f s = %.2f us a telegram = %.0f telegrams per "
                                + "CPU-second%n", measured, telegram.length(), taken0, wall / 1e9,
                        measured / (wall / 1e9), cpu / 1e9, cpu / 1e3 / measured, measured / (cpu / 1e9));
                assertThat(taken.sum()).isEqualTo(total);
            } finally {
                Files.deleteIfExists(lines);
            }
        } finally {
            node.stop();
            broker.close();
        }
    }
}
