package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.sim.fleet.Fleet;
import org.meterkast.sim.fleet.FleetPublisher;

/**
 * Fleet mode end to end on the machine's Mosquitto and PostgreSQL (127.0.0.1:5432, user postgres): JUnit tag
 * {@code cluster}, run by {@code mvn -B -Pcluster -pl server -am verify} or, for any size and length,
 * {@code scripts/fleet-cluster.sh}.
 *
 * <p>Three Meterkast nodes run as separate JVMs on one fresh database and share one subscription; a fleet of meters
 * publishes one telegram per meter per second to the broker. A third of the way in, node 2 is killed ({@code kill -9});
 * {@code meterkast.fleet.cluster.down-seconds} (30) later it starts again under the same name and client id. After the
 * last telegram and once the quarter table has stopped changing, every meter's telegrams are made again from the same
 * seed and run through the one-node quarter and hour builders: every quarter and every gas and water hour they close
 * must be stored exactly once with the same values, and no other.
 *
 * <p>System properties: {@code meterkast.fleet.cluster.meters} (default 10000), {@code .seconds} of publishing
 * (default 120), {@code .seconds-per-telegram} of meter time (default: enough for 76 minutes of meter time, 38 for
 * two minutes of publishing; the meters start a minute before an hour, so each closes four whole quarters and an hour
 * of gas and of water, and a quarter boundary passes while node 2 is down), {@code .seed} (1), {@code .jvm} (the
 * nodes' JVM flags),
 * {@code .fleet-enabled} (true), {@code .own-broker} (true: the machine's {@code mosquitto} started by the test on a
 * free port with the limits fleet mode needs; false: the broker at {@code meterkast.cluster.broker}, default
 * tcp://127.0.0.1:1883, which must have them too); {@code meterkast.cluster.postgres} names another PostgreSQL. Each
 * run makes its own database, topic and group, and drops the database at the end. Node and broker logs go to
 * {@code server/target/fleet-cluster/}.
 */
@Tag("cluster")
class FleetClusterTest {
    private static final String POSTGRES = System.getProperty("meterkast.cluster.postgres",
            "jdbc:postgresql://127.0.0.1:5432/");
    /**
     * Whether the test runs a Mosquitto of its own (the machine's {@code mosquitto}, on a free port, with the limits
     * fleet mode needs) rather than the one at {@code meterkast.cluster.broker}: with Mosquitto's defaults a killed
     * node loses telegrams (docs/BENCHMARKS.md, "Fleet: the broker's own throughput").
     */
    private static final boolean OWN_BROKER = Boolean.parseBoolean(
            System.getProperty("meterkast.fleet.cluster.own-broker", "true"));
    private static String broker = System.getProperty("meterkast.cluster.broker", "tcp://127.0.0.1:1883");
    private static OwnMosquitto ownBroker;
    private static final int METERS = Integer.getInteger("meterkast.fleet.cluster.meters", 10_000);
    private static final int SECONDS = Integer.getInteger("meterkast.fleet.cluster.seconds", 120);
    /**
     * At least 76 minutes of meter time, whatever the run's length: four whole quarters and an hour of gas and water
     * per meter.
     */
    private static final int SECONDS_PER_TELEGRAM = Integer.getInteger("meterkast.fleet.cluster.seconds-per-telegram",
            Math.max(1, (4_560 + SECONDS - 1) / SECONDS));
    private static final long SEED = Long.getLong("meterkast.fleet.cluster.seed", 1);
    /**
     * How long node 2 stays dead before it is started again (its start then takes several seconds more). Meanwhile the
     * broker keeps node 2's share of the telegrams in its session, some 3,300 a second with 10,000 meters, and sends
     * them all at once when it is back; the node reads them no faster than it stores them (docs/CLUSTER.md, "The
     * broker").
     */
    private static final Duration DOWN = Duration.ofSeconds(Long.getLong("meterkast.fleet.cluster.down-seconds", 30));
    /** Small: three nodes, the publisher, Mosquitto and PostgreSQL share two cores. */
    private static final String JVM = System.getProperty("meterkast.fleet.cluster.jvm",
            "-Xmx256m -Xss512k -XX:+UseSerialGC -XX:ActiveProcessorCount=1 -XX:ReservedCodeCacheSize=64m");
    private static final boolean FLEET_ENABLED = Boolean.parseBoolean(
            System.getProperty("meterkast.fleet.cluster.fleet-enabled", "true"));
    /**
     * How long the quarters, the boundary rows and the telegrams the nodes report must stay unchanged before the
     * nodes are taken to have written everything: a node that still hears telegrams writes its status rows at least
     * every heard-interval and status-interval (60 + 10 s), one that went quiet within two status intervals.
     */
    private static final Duration SETTLED = Duration.ofSeconds(75);
    private static final Duration MOST_SETTLING = Duration.ofMinutes(5);
    private static final long TICKS_PER_SECOND = 100;

    private static final long RUN = ProcessHandle.current().pid();
    private static final String DATABASE = "meterkast_fleet_" + RUN;
    private static final String TOPIC = "meterkast-cluster-" + RUN + "/+/p1";
    private static final String GROUP = "cluster" + RUN;
    private static final Path LOGS = Path.of("target", "fleet-cluster");
    private static final Node[] NODES = new Node[3];

    @BeforeAll
    static void createDatabaseAndBroker() throws SQLException, IOException, InterruptedException {
        Files.createDirectories(LOGS);
        if (OWN_BROKER) {
            startBroker();
        }
        admin("CREATE DATABASE " + DATABASE);
    }

    /** The machine's Mosquitto binary as a broker of the test's own, with {@link OwnMosquitto#FLEET_SETTINGS}. */
    private static void startBroker() throws IOException, InterruptedException {
        ownBroker = OwnMosquitto.start(LOGS.toAbsolutePath(), OwnMosquitto.FLEET_SETTINGS);
        broker = ownBroker.url();
    }

    @AfterAll
    static void stopAndDrop() throws SQLException {
        for (Node n : NODES) {
            if (n != null) {
                n.stop();
            }
        }
        if (!Boolean.getBoolean("meterkast.fleet.cluster.keep-database")) {
            admin("DROP DATABASE IF EXISTS " + DATABASE + " WITH (FORCE)");
        }
        if (ownBroker != null) {
            ownBroker.close();
        }
    }

    @Test
    void everyQuarterIsStoredOnceAndEqualsWhatOneNodeMakesOfTheSameTelegrams() throws Exception {
        System.out.printf(Locale.ROOT, "fleet cluster: %d meters, %d s at 1 telegram/s, %d s per telegram, seed %d, "
                        + "database %s, broker %s%s, topic %s, group %s, fleet mode %s, node JVM %s%n", METERS, SECONDS,
                SECONDS_PER_TELEGRAM, SEED, DATABASE, broker, OWN_BROKER ? " (the test's own)" : "", TOPIC, GROUP,
                FLEET_ENABLED ? "on" : "off", JVM);
        NODES[0] = Node.start(1, "");
        NODES[0].awaitPort(Duration.ofMinutes(3));        // the first one runs the migrations alone
        NODES[1] = Node.start(2, "");
        NODES[2] = Node.start(3, "");
        NODES[1].awaitPort(Duration.ofMinutes(3));
        NODES[2].awaitPort(Duration.ofMinutes(3));
        System.out.println("fleet cluster: nodes listening on ports " + Arrays.stream(NODES)
                .map(n -> Integer.toString(n.port)).collect(Collectors.joining(", ")));
        createMeters();

        // the meters' time ends before the wall clock's, as a dongle's clock does: nothing is stamped in the future
        long span = (long) SECONDS * SECONDS_PER_TELEGRAM;
        long boundary = Math.floorDiv(Instant.now().getEpochSecond() - span - 120, 3600) * 3600;
        Fleet fleet = new Fleet(SEED, Instant.ofEpochSecond(boundary - 60), SECONDS_PER_TELEGRAM);
        FleetPublisher.Settings settings = new FleetPublisher.Settings(broker, TOPIC, METERS, 1, 1, 5,
                Math.max(1, (METERS + 4_999) / 5_000));
        long[] rowsBefore = databaseRows();
        long nodeCpuBefore = 0;
        long[] ticksBefore = new long[NODES.length];
        for (Node n : NODES) {
            ticksBefore[n.number - 1] = n.cpuTicks();
            nodeCpuBefore += ticksBefore[n.number - 1];
        }
        long brokerCpuBefore = ownBroker == null ? 0 : procTicks(ownBroker.pid());
        FleetPublisher.Result published;
        try (FleetPublisher publisher = FleetPublisher.connect(fleet, settings)) {
            CompletableFuture<FleetPublisher.Result> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return publisher.publish(SECONDS, Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            long start = System.nanoTime();
            sleepUntil(start, SECONDS * 1_000L / 3);
            System.out.printf(Locale.ROOT, "fleet cluster: kill -9 node 2 after %d telegrams%n", publisher.published());
            NODES[1].kill();
            sleepUntil(start, SECONDS * 1_000L / 3 + DOWN.toMillis());
            System.out.printf(Locale.ROOT, "fleet cluster: node 2 starts again after %d telegrams%n",
                    publisher.published());
            NODES[1] = Node.start(2, "-restarted");
            published = run.get(SECONDS + 300L, TimeUnit.SECONDS);
        }
        System.out.println("fleet cluster: publisher: " + published.describe());
        assertThat(published.failed()).as(published.describe()).isZero();
        assertThat(published.acknowledged()).isEqualTo((long) METERS * SECONDS);
        NODES[1].awaitPort(Duration.ofMinutes(3));

        long settleStart = System.nanoTime();
        long settledAt = awaitSettled();
        long[] rowsAfter = databaseRows();
        double writingSeconds = (settledAt - settleStart) / 1e9 + published.elapsed().toNanos() / 1e9;
        long nodeCpu = -nodeCpuBefore;
        StringBuilder perNode = new StringBuilder();
        for (Node n : NODES) {
            long ticks = n.cpuTicks();
            nodeCpu += ticks;
            perNode.append(String.format(Locale.ROOT, " node-%d %.1f s;", n.number, ticks / (double) TICKS_PER_SECOND));
        }
        long rowsWritten = rowsAfter[0] - rowsBefore[0];
        if (ownBroker != null) {
            System.out.printf(Locale.ROOT, "fleet cluster: Mosquitto %.1f CPU s during the run%n",
                    (procTicks(ownBroker.pid()) - brokerCpuBefore) / (double) TICKS_PER_SECOND);
        }
        System.out.printf(Locale.ROOT, "fleet cluster: %.0f telegrams/s published; node CPU (all lives, start-up "
                        + "included):%s %.1f s during the run, %.3f s per 10,000 telegrams; PostgreSQL %d rows "
                        + "inserted/updated/deleted, %.0f rows/s over %.0f s; %d quarter rows%n",
                published.telegramsPerSecond(), perNode, nodeCpu / (double) TICKS_PER_SECOND,
                nodeCpu / (double) TICKS_PER_SECOND * 10_000 / Math.max(1, published.acknowledged()), rowsWritten,
                rowsWritten / writingSeconds, writingSeconds, rowsAfter[1]);

        // nodes 1 and 3 live through the run: their CPU over what they heard is a node's cost a telegram, start-up left out
        java.util.Map<String, Long> heard = heardPerNode();
        for (Node n : new Node[] {NODES[0], NODES[2]}) {
            long telegrams = heard.getOrDefault("node-" + n.number, 0L);
            double seconds = (n.cpuTicks() - ticksBefore[n.number - 1]) / (double) TICKS_PER_SECOND;
            System.out.printf(Locale.ROOT, "fleet cluster: node-%d heard %d telegrams and used %.1f CPU s from the "
                            + "first telegram to the settled database: %.1f us a telegram, %.0f telegrams per CPU-second%n",
                    n.number, telegrams, seconds, seconds * 1e6 / Math.max(1, telegrams), telegrams / seconds);
            System.out.printf(Locale.ROOT, "fleet cluster: node-%d by thread, whole life: %s%n", n.number,
                    threadTicks(n.process.pid()));
        }

        SingleNodeQuarters.Made made = SingleNodeQuarters.of(fleet, METERS, SECONDS);
        List<SingleNodeQuarters.Row> expected = made.quarters();
        List<SingleNodeQuarters.Row> stored = storedQuarters();
        SingleNodeQuarters.Differences<SingleNodeQuarters.Row> d = SingleNodeQuarters.compare(expected, stored);
        System.out.printf(Locale.ROOT, "fleet cluster: %d quarters expected, %d stored: %s%n", expected.size(),
                stored.size(), d.describe(0));
        List<SingleNodeQuarters.Hour> storedHours;
        try (Connection c = database()) {
            storedHours = SingleNodeQuarters.storedHours(c);
        }
        SingleNodeQuarters.Differences<SingleNodeQuarters.Hour> h = SingleNodeQuarters.compareHours(made.hours(),
                storedHours);
        System.out.printf(Locale.ROOT, "fleet cluster: %d gas and water hours expected, %d stored: %s%n",
                made.hours().size(), storedHours.size(), h.describe(0));
        assertThat(expected).hasSizeGreaterThanOrEqualTo(METERS);
        assertThat(d.none()).as(d.describe(10)).isTrue();
        if (SECONDS * SECONDS_PER_TELEGRAM >= 3_660) {
            assertThat(made.hours()).hasSizeGreaterThanOrEqualTo(METERS);
        }
        assertThat(h.none()).as(h.describe(10)).isTrue();
    }

    /** The fleet's meters as rows of {@code meter}, named as their topics name them. */
    private static void createMeters() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement()) {
            s.executeUpdate("INSERT INTO meter (name, source) SELECT 'fleet-' || lpad(g::text, 5, '0'), 'fleet' "
                    + "FROM generate_series(1, " + METERS + ") g");
        }
    }

    /** The quarters stored for the fleet's meters. */
    private static List<SingleNodeQuarters.Row> storedQuarters() throws SQLException {
        try (Connection c = database()) {
            return SingleNodeQuarters.stored(c);
        }
    }

    /**
     * Waits until the nodes have stopped working: the quarter table, the boundary rows and the telegrams the nodes
     * report heard (written at least every heard-interval) have not changed for {@link #SETTLED} (at most
     * {@link #MOST_SETTLING}). The quarters alone would not do: a node still taking a backlog of readings far from a
     * boundary changes no quarter for a while. Returns when the quarters last changed, in {@link System#nanoTime()}.
     */
    private static long awaitSettled() throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + MOST_SETTLING.toNanos();
        String last = quarterFingerprint();
        String lastWork = workFingerprint();
        long changedAt = System.nanoTime();
        long workedAt = changedAt;
        while (System.nanoTime() - workedAt < SETTLED.toNanos() && System.nanoTime() < deadline) {
            Thread.sleep(2_000);
            String now = quarterFingerprint();
            String work = workFingerprint();
            if (!now.equals(last)) {
                last = now;
                changedAt = System.nanoTime();
                workedAt = changedAt;
            }
            if (!work.equals(lastWork)) {
                lastWork = work;
                workedAt = System.nanoTime();
            }
        }
        return changedAt;
    }

    /** Rows and a sum over every value: a quarter rewritten with other values changes it too. */
    private static String quarterFingerprint() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT count(*), coalesce(sum(start_epoch % 100003 + import_day_wh "
                     + "+ 3 * import_night_wh + 5 * export_day_wh + 7 * export_night_wh + (CASE WHEN estimated THEN 11 "
                     + "ELSE 0 END)), 0) FROM quarter")) {
            r.next();
            return r.getLong(1) + "/" + r.getLong(2);
        }
    }

    /** The boundary rows, the gas and water hours and the telegrams the nodes say they heard. */
    private static String workFingerprint() throws SQLException {
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT (SELECT count(*) FROM register_boundary), (SELECT coalesce(sum("
                     + "coalesce(before_epoch, 0) % 100003 + coalesce(after_epoch, 0) % 100019), 0) FROM "
                     + "register_boundary), (SELECT coalesce(sum(telegrams), 0) FROM fleet_meter_status), "
                     + "(SELECT count(*) FROM volume_boundary), (SELECT coalesce(sum(coalesce(before_epoch, 0) "
                     + "% 100003 + coalesce(after_epoch, 0) % 100019), 0) FROM volume_boundary), (SELECT count(*) + "
                     + "coalesce(sum(litres % 100003), 0) FROM hourly_volume)")) {
            r.next();
            return r.getLong(1) + "/" + r.getLong(2) + "/" + r.getLong(3) + "/" + r.getLong(4) + "/" + r.getLong(5)
                    + "/" + r.getLong(6);
        }
    }

    /** The telegrams each node says it heard (its status rows). */
    private static java.util.Map<String, Long> heardPerNode() throws SQLException {
        java.util.Map<String, Long> heard = new java.util.TreeMap<>();
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT node, sum(telegrams) FROM fleet_meter_status GROUP BY node")) {
            while (r.next()) {
                heard.put(r.getString(1), r.getLong(2));
            }
        }
        return heard;
    }

    /** Rows inserted, updated and deleted in the database so far (PostgreSQL's statistics), and quarter rows. */
    private static long[] databaseRows() throws SQLException, InterruptedException {
        Thread.sleep(1_000);        // the statistics collector reports with a delay of up to half a second
        try (Connection c = database(); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT tup_inserted + tup_updated + tup_deleted, "
                     + "(SELECT count(*) FROM quarter) FROM pg_stat_database WHERE datname = current_database()")) {
            r.next();
            return new long[] {r.getLong(1), r.getLong(2)};
        }
    }

    /** CPU seconds of a process's threads by name (numbers left out), largest first. */
    static String threadTicks(long pid) {
        java.util.Map<String, Long> byName = new java.util.HashMap<>();
        try (java.util.stream.Stream<Path> tasks = Files.list(Path.of("/proc", Long.toString(pid), "task"))) {
            for (Path t : (Iterable<Path>) tasks::iterator) {
                try {
                    String stat = Files.readString(t.resolve("stat"));
                    String name = stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')')).replaceAll("[0-9]+", "#");
                    String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
                    byName.merge(name, Long.parseLong(f[11]) + Long.parseLong(f[12]), Long::sum);
                } catch (IOException | RuntimeException e) {
                    // a thread that ended meanwhile
                }
            }
        } catch (IOException e) {
            return "gone";
        }
        return byName.entrySet().stream().filter(e -> e.getValue() > 0)
                .sorted(java.util.Map.Entry.<String, Long>comparingByValue().reversed()).limit(8)
                .map(e -> String.format(Locale.ROOT, "%s %.1f s", e.getKey(), e.getValue() / (double) TICKS_PER_SECOND))
                .collect(Collectors.joining(", "));
    }

    /** utime + stime of a process, in clock ticks; 0 when it is gone. */
    static long procTicks(long pid) {
        try {
            String s = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            // the command name in parentheses may hold spaces: count the fields after its closing parenthesis
            String[] f = s.substring(s.lastIndexOf(')') + 2).split(" ");
            return Long.parseLong(f[11]) + Long.parseLong(f[12]);
        } catch (IOException e) {
            return 0;
        }
    }

    private static void sleepUntil(long startNanos, long millis) throws InterruptedException {
        long left = startNanos + millis * 1_000_000 - System.nanoTime();
        if (left > 0) {
            TimeUnit.NANOSECONDS.sleep(left);
        }
    }

    private static Connection database() throws SQLException {
        return DriverManager.getConnection(POSTGRES + DATABASE, "postgres", "");
    }

    private static void admin(String sql) throws SQLException {
        try (Connection c = DriverManager.getConnection(POSTGRES + "postgres", "postgres", "");
             Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** One Meterkast node as its own JVM; its CPU time is kept across its lives. */
    private static final class Node {
        private static final Pattern PORT = Pattern.compile("Tomcat started on port (\\d+)");
        final int number;
        final Process process;
        final Path log;
        final long cpuOfEarlierLives;
        int port;

        private Node(int number, Process process, Path log, long cpuOfEarlierLives) {
            this.number = number;
            this.process = process;
            this.log = log;
            this.cpuOfEarlierLives = cpuOfEarlierLives;
        }

        /** Starts node {@code number} under its one name and client id, whichever life this is. */
        static Node start(int number, String life) throws IOException {
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.addAll(Arrays.asList(JVM.strip().split("\\s+")));
            command.add("-cp");
            command.add(mainClassPath());
            command.add(MeterkastApplication.class.getName());
            command.add("--server.port=0");
            command.add("--spring.datasource.url=" + POSTGRES + DATABASE);
            command.add("--spring.datasource.username=postgres");
            command.add("--meterkast.meters.home.type=none");
            command.add("--meterkast.demo.enabled=false");
            command.add("--meterkast.mqtt.url=" + broker);
            // the same client id after a restart: the broker keeps the session, and what it had not acknowledged
            command.add("--meterkast.mqtt.client-id=meterkast-cluster-" + RUN + "-node-" + number);
            command.add("--meterkast.fleet.enabled=" + FLEET_ENABLED);
            command.add("--meterkast.fleet.node=node-" + number);
            command.add("--meterkast.fleet.topic=" + TOPIC);
            command.add("--meterkast.fleet.group=" + GROUP);
            Path log = LOGS.resolve("node-" + number + life + ".log").toAbsolutePath();
            Path work = Files.createDirectories(LOGS.resolve("node-" + number + "-work"));
            Process p = new ProcessBuilder(command).directory(work.toFile()).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            long earlier = NODES[number - 1] == null ? 0 : NODES[number - 1].cpuTicks();
            return new Node(number, p, log, earlier);
        }

        /**
         * The server's classes and libraries without the test folders: Surefire's own {@code java.class.path} is a
         * manifest-only jar, and the test classes would add test configurations to the node.
         */
        private static String mainClassPath() {
            String all = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
            return Arrays.stream(all.split(File.pathSeparator))
                    .filter(e -> !e.endsWith("test-classes") && !e.endsWith("test-classes/"))
                    .collect(Collectors.joining(File.pathSeparator));
        }

        void awaitPort(Duration timeout) throws IOException, InterruptedException {
            long deadline = System.nanoTime() + timeout.toNanos();
            while (System.nanoTime() < deadline) {
                Matcher m = PORT.matcher(Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "");
                if (m.find()) {
                    port = Integer.parseInt(m.group(1));
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("node " + number + " stopped while starting, status "
                            + process.exitValue() + "; see " + log);
                }
                Thread.sleep(250);
            }
            throw new IllegalStateException("node " + number + " did not start within " + timeout + "; see " + log);
        }

        /** utime + stime of this node over all its lives, in clock ticks. */
        long cpuTicks() {
            return cpuOfEarlierLives + ticks(process.pid());
        }

        private long lastTicks;

        /** The process's CPU while it lives; once it is gone, the last reading stands. */
        private long ticks(long pid) {
            long now = procTicks(pid);
            if (now > 0) {
                lastTicks = now;
            }
            return lastTicks;
        }

        /** {@code kill -9}: no shutdown hook, no last flush. */
        void kill() throws InterruptedException {
            cpuTicks();
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }

        void stop() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
            }
        }
    }
}
