package org.meterkast.bench.load;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;

/**
 * The simulated meter's first-start history fill (a year of quarters and of gas and water hours, computed and
 * stored in batches), as the server logs its time, against the same rows written with plain JDBC on the same
 * database, and against the simulation alone without storing.
 */
public final class HistoryFillLoad {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.HistoryFillLoad server/target/meterkast.jar
                     [--db sqlite|postgresql|both] [--history-days N] [--runs N] [--raw-reps N] [--work DIR]
                     [--pg HOST:PORT] [--pg-params PARAMS] [--jvm "FLAGS"]
              --history-days  the simulated meter's history (default 365)
              --runs          first starts per database, each on a fresh database (default 3)
              --raw-reps      raw JDBC inserts of the stored rows after each start (default 5)
              --work          folder for SQLite files and logs (default /tmp/meterkast-bench)
              --pg            PostgreSQL, user postgres, trust authentication (default 127.0.0.1:5432);
                              the driver creates and drops the databases mkb_fill and mkb_raw
              --pg-params     JDBC URL parameters for the server's PostgreSQL URL, e.g. reWriteBatchedInserts=true
              --jvm           JVM flags for the server
            """;
    private static final Pattern FILLED = Pattern.compile("(\\d+) quarters of history added in (\\d+) ms");
    /** The server's default seed for its simulated household (MeterSettings). */
    private static final long SERVER_SEED = 2026;

    private HistoryFillLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("db", "history-days", "runs", "raw-reps", "work", "pg", "pg-params",
                "jvm"));
        String which = o.text("db", "both");
        int historyDays = o.number("history-days", 365);
        int runs = o.number("runs", 3);
        int reps = o.number("raw-reps", 5);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        String pg = o.text("pg", "127.0.0.1:5432");
        String pgParams = o.text("pg-params", "");
        List<String> jvm = Options.flags(o.text("jvm", null));

        Machine.print();
        simulationAlone(historyDays);
        for (String vendor : List.of("sqlite", "postgresql")) {
            if (!which.equals("both") && !which.equals(vendor)) {
                continue;
            }
            List<Double> fills = new ArrayList<>();
            List<Double> rawFirst = new ArrayList<>();
            List<Double> rawWarm = new ArrayList<>();
            List<Double> upsertWarm = new ArrayList<>();
            List<Double> rewrittenWarm = new ArrayList<>();
            List<Double> rewrittenUpsertWarm = new ArrayList<>();
            int rows = 0;
            for (int run = 1; run <= runs; run++) {
                Database db = vendor.equals("sqlite") ? Database.sqlite(work.resolve("fill.db"))
                        : Database.postgresql(pg, "mkb_fill", pgParams);
                Database raw = vendor.equals("sqlite") ? Database.sqlite(work.resolve("raw.db"))
                        : Database.postgresql(pg, "mkb_raw");
                db.create();
                List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=sim",
                        "--meterkast.meters.home.history-days=" + historyDays));
                serverArgs.addAll(db.serverArgs());
                Path log = work.resolve("fill-" + vendor + "-" + run + ".log");
                double load = Machine.loadAverage();
                long quarters;
                long fillMs;
                try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work, log,
                        Duration.ofMinutes(2))) {
                    Matcher m = server.awaitLog(FILLED, Duration.ofMinutes(10));
                    quarters = Long.parseLong(m.group(1));
                    fillMs = Long.parseLong(m.group(2));
                }
                RawInsert.Rows stored = RawInsert.read(db, "home");
                rows = stored.size();
                List<Double> plain = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    plain.add(RawInsert.insert(raw, o.serverJar(), stored, false) / 1e6);
                }
                List<Double> upsert = new ArrayList<>();
                for (int i = 0; i < reps; i++) {
                    upsert.add(RawInsert.insert(raw, o.serverJar(), stored, true) / 1e6);
                }
                List<Double> rewritten = new ArrayList<>();
                List<Double> rewrittenUpsert = new ArrayList<>();
                if (raw instanceof Database.Postgresql) {
                    // the PostgreSQL driver's own remedy for row-by-row batches: one multi-row INSERT per batch
                    Database multi = Database.postgresql(pg, "mkb_raw", "reWriteBatchedInserts=true");
                    for (int i = 0; i < reps; i++) {
                        rewritten.add(RawInsert.insert(multi, o.serverJar(), stored, false) / 1e6);
                    }
                    for (int i = 0; i < reps; i++) {
                        rewrittenUpsert.add(RawInsert.insert(multi, o.serverJar(), stored, true) / 1e6);
                    }
                }
                db.drop();
                raw.drop();
                fills.add((double) fillMs);
                rawFirst.add(plain.get(0));
                rawWarm.add(Stats.median(plain.subList(1, plain.size())));
                upsertWarm.add(Stats.median(upsert.subList(1, upsert.size())));
                if (!rewritten.isEmpty()) {
                    rewrittenWarm.add(Stats.median(rewritten.subList(1, rewritten.size())));
                    rewrittenUpsertWarm.add(Stats.median(rewrittenUpsert.subList(1, rewrittenUpsert.size())));
                }
                System.out.printf(Locale.ROOT, "%s run %d (load average %.2f before): %,d quarters of history "
                                + "added in %,d ms (server log); %,d rows stored (%,d quarters, %,d gas and water "
                                + "hours)%n  raw JDBC INSERT batches, one transaction: %s ms%n  raw JDBC with the "
                                + "server's upsert statements: %s ms%n%s",
                        vendor, run, load, quarters, fillMs, stored.size(), stored.quarters().size(),
                        stored.volumes().size(), list(plain), list(upsert),
                        rewritten.isEmpty() ? "" : "  raw JDBC INSERT, reWriteBatchedInserts=true: " + list(rewritten)
                                + " ms\n  raw JDBC upsert, reWriteBatchedInserts=true: " + list(rewrittenUpsert)
                                + " ms\n");
            }
            System.out.printf(Locale.ROOT, "%s summary: fill %s ms; raw JDBC (%,d rows) first %s ms, warm %s ms "
                            + "(%s rows/s); with the upsert, warm %s ms%s; fill / raw warm = %s%n",
                    vendor, Stats.spread(fills, "%,.0f"), rows, Stats.spread(rawFirst, "%,.1f"),
                    Stats.spread(rawWarm, "%,.1f"),
                    Stats.spread(perSecond(rows, rawWarm), "%,.0f"),
                    Stats.spread(upsertWarm, "%,.1f"),
                    rewrittenWarm.isEmpty() ? "" : "; reWriteBatchedInserts, warm " + Stats.spread(rewrittenWarm,
                            "%,.1f") + " ms, with the upsert " + Stats.spread(rewrittenUpsertWarm, "%,.1f") + " ms",
                    Stats.spread(ratio(fills, rawWarm), "%.1f"));
        }
    }

    /** The simulation of the history without storing: the fill's computing part, in this JVM (cold, then warm). */
    private static void simulationAlone(int historyDays) {
        Instant now = Clock.systemUTC().instant().truncatedTo(ChronoUnit.SECONDS);
        Instant boundary = Instant.ofEpochSecond(now.getEpochSecond() / 900 * 900);
        Instant installed = boundary.minus(Duration.ofDays(historyDays));
        List<Double> ms = new ArrayList<>();
        long[] quarters = new long[1];
        for (int i = 0; i < 5; i++) {
            long started = System.nanoTime();
            quarters[0] = 0;
            new SimulatedMeter(new Household(HouseholdSettings.defaults(SERVER_SEED)), installed)
                    .advanceTo(boundary, Duration.ofSeconds(60), q -> quarters[0]++);
            ms.add((System.nanoTime() - started) / 1e6);
        }
        System.out.printf(Locale.ROOT, "simulation alone, %,d quarters in steps of 60 s, no store: %s ms "
                + "(first in a fresh JVM, then warm)%n", quarters[0], list(ms));
    }

    private static List<Double> perSecond(int rows, List<Double> ms) {
        return ms.stream().map(v -> rows / (v / 1000)).toList();
    }

    private static List<Double> ratio(List<Double> a, List<Double> b) {
        List<Double> r = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            r.add(a.get(i) / b.get(i));
        }
        return r;
    }

    private static String list(List<Double> ms) {
        return ms.stream().map(v -> String.format(Locale.ROOT, "%.1f", v)).toList().toString();
    }
}
