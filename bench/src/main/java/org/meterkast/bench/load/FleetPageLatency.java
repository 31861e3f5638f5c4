package org.meterkast.bench.load;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * The latency of the operator's fleet page, {@code GET /api/fleet/meters}, over HTTP, for a fleet written as the
 * nodes write it: every meter heard by every node (one fleet_meter_status row per meter and node), most of them at
 * a household's address, some unknown, some silent, some rejecting. The database groups, filters and pages.
 */
public final class FleetPageLatency {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.FleetPageLatency server/target/meterkast.jar
                     [--db sqlite|postgresql] [--postgres HOST:PORT] [--meters N] [--nodes N]
                     [--requests N] [--warmup N] [--rounds N] [--work DIR] [--jvm "FLAGS"]
              --db        the server's database (default postgresql, as a fleet runs)
              --postgres  the PostgreSQL server, user postgres without a password (default 127.0.0.1:5432)
              --meters    fleet meters (default 10000): 1 in 10 unknown, 1 in 20 silent, 1 in 50 rejecting
              --nodes     nodes that heard every meter (default 3)
              --requests  timed requests of each kind per round (default 50)
              --warmup    untimed requests of each kind before the first round (default 20)
              --rounds    rounds of timed requests (default 3)
              --work      folder for the SQLite file and the log (default /tmp/meterkast-bench)
              --jvm       JVM flags for the server (default -Xmx256m)
            """;
    private static final long MINUTE = 60_000;

    private FleetPageLatency() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE,
                Set.of("db", "postgres", "meters", "nodes", "requests", "warmup", "rounds", "work", "jvm"));
        int meters = o.number("meters", 10_000);
        int nodes = o.number("nodes", 3);
        int requests = o.number("requests", 50);
        int warmup = o.number("warmup", 20);
        int rounds = o.number("rounds", 3);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        List<String> jvm = Options.flags(o.text("jvm", "-Xmx256m"));

        Machine.print();
        Files.createDirectories(work);
        Database db = o.text("db", "postgresql").equals("sqlite") ? Database.sqlite(work.resolve("fleet.db"))
                : Database.postgresql(o.text("postgres", "127.0.0.1:5432"), "meterkast_fleet_bench");
        db.create();
        List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=none"));
        serverArgs.addAll(db.serverArgs());
        Rounds timed = new Rounds();
        try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work, work.resolve("fleet.log"),
                Duration.ofMinutes(2))) {
            // the first account of a fresh server is its administrator
            Api api = Api.asRegistered(server.port());
            long filled = System.nanoTime();
            fill(db, meters, nodes);
            System.out.printf(Locale.ROOT, "fleet: %,d meters × %d nodes = %,d status rows written in %,d ms (%s)%n",
                    meters, nodes, (long) meters * nodes, (System.nanoTime() - filled) / 1_000_000, db.vendor());
            String first = api.get("/api/fleet/meters");
            System.out.printf(Locale.ROOT, "counts: meters %d, unknown %d, silent %d, rejecting %d; page of %d%n",
                    Api.number(first, "meters"), Api.number(first, "unknown"), Api.number(first, "silent"),
                    Api.number(first, "rejecting"), Api.count(first, "meterId"));
            if (Api.number(first, "meters") != meters) {
                throw new IllegalStateException("the page counts " + Api.number(first, "meters") + " meters: " + first
                        .substring(0, Math.min(300, first.length())));
            }
            String ean = ean(4242);
            String found = api.get("/api/fleet/meters?q=" + ean);
            if (Api.number(found, "total") != 1) {
                throw new IllegalStateException("EAN " + ean + " found " + found);
            }
            List<Rounds.Call> calls = List.of(
                    new Rounds.Call("first 50", "/api/fleet/meters"),
                    new Rounds.Call("silent", "/api/fleet/meters?state=silent"),
                    new Rounds.Call("EAN search", "/api/fleet/meters?q=" + URLEncoder.encode(ean, StandardCharsets.UTF_8)),
                    new Rounds.Call("id prefix", "/api/fleet/meters?q=fm-00042"),
                    new Rounds.Call("last 500", "/api/fleet/meters?size=500&page=" + (meters - 1) / 500));
            timed.run(api, calls, warmup, rounds, requests);
            long[] mem = server.memoryKb();
            System.out.printf(Locale.ROOT, "server memory after the rounds: VmRSS %,d kB, VmHWM %,d kB%n", mem[0], mem[1]);
        }
        timed.printTotals();
        db.drop();
    }

    /** A valid Belgian electricity EAN (54144882…), the n-th. */
    static String ean(int n) {
        String seventeen = "54144882" + String.format(Locale.ROOT, "%09d", n);
        int sum = 0;
        for (int i = seventeen.length() - 1, weight = 3; i >= 0; i--, weight = 4 - weight) {
            sum += (seventeen.charAt(i) - '0') * weight;
        }
        return seventeen + (10 - sum % 10) % 10;
    }

    /** The meters, their accounts and addresses (9 in 10), and every node's status row of every meter. */
    private static void fill(Database db, int meters, int nodes) throws SQLException {
        long now = System.currentTimeMillis();
        var random = new SplittableRandom(16);
        try (Connection c = db.connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement account = c.prepareStatement("INSERT INTO account (id, email, name, language, "
                    + "created_epoch) VALUES (?, ?, 'Household', 'nl', 0)");
                 PreparedStatement meter = c.prepareStatement("INSERT INTO meter (id, name, source) VALUES (?, ?, 'fleet')");
                 PreparedStatement location = c.prepareStatement("INSERT INTO location (account_id, meter_id, name, "
                         + "ean_electricity, created_epoch) VALUES (?, ?, 'Thuis', ?, 0)");
                 PreparedStatement status = c.prepareStatement("INSERT INTO fleet_meter_status (meter_name, node, "
                         + "first_heard_ms, last_telegram_ms, telegrams, rejected, last_problem, last_problem_ms, "
                         + "updated_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
                for (int i = 0; i < meters; i++) {
                    String name = String.format(Locale.ROOT, "fm-%06d", i);
                    boolean unknown = i % 10 == 9;
                    boolean silent = i % 20 == 3;
                    boolean rejecting = i % 50 == 7;
                    if (!unknown) {
                        long id = 1_000_000L + i;
                        account.setLong(1, id);
                        account.setString(2, name + "@households.example");
                        account.addBatch();
                        meter.setLong(1, id);
                        meter.setString(2, name);
                        meter.addBatch();
                        location.setLong(1, id);
                        location.setLong(2, id);
                        location.setString(3, ean(i));
                        location.addBatch();
                    }
                    for (int n = 1; n <= nodes; n++) {
                        long last = now - (silent ? 30 : 0) * MINUTE - random.nextLong(60_000);
                        status.setString(1, name);
                        status.setString(2, "node-" + n);
                        status.setLong(3, now - 24 * 60 * MINUTE - random.nextLong(MINUTE));
                        status.setLong(4, last);
                        status.setLong(5, 28_000 + random.nextLong(1_000));
                        status.setLong(6, rejecting ? 3 : 0);
                        status.setString(7, rejecting ? "CRC mismatch on node-" + n : null);
                        if (rejecting) {
                            status.setLong(8, now - random.nextLong(5 * MINUTE));
                        } else {
                            status.setNull(8, java.sql.Types.BIGINT);
                        }
                        status.setLong(9, now);
                        status.addBatch();
                    }
                    if (i % 1000 == 999) {
                        account.executeBatch();
                        meter.executeBatch();
                        location.executeBatch();
                        status.executeBatch();
                    }
                }
                account.executeBatch();
                meter.executeBatch();
                location.executeBatch();
                status.executeBatch();
            }
            c.commit();
            if (db.vendor().equals("postgresql")) {
                c.setAutoCommit(true);
                c.createStatement().execute("ANALYZE");
            }
        }
    }
}
