package org.meterkast.bench.load;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Ingest from bytes to stored quarters: the server replays a capture of 1-second telegrams from a file meter as
 * fast as it can, and the driver polls the API to time it from the first to the last telegram counted, with the
 * server's CPU time over the same span. Then the anchor: the quarters that run stored, written again with plain
 * JDBC on the same database, in batches in one transaction, and one transaction per quarter as the live ingest
 * writes them.
 */
public final class IngestLoad {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.IngestLoad server/target/meterkast.jar
                     [--db sqlite|postgresql|both] [--days N] [--runs N] [--raw-reps N] [--work DIR]
                     [--capture FILE] [--pg HOST:PORT] [--jvm "FLAGS"]
              --db        which database the server writes to (default both)
              --days      days of telegrams in the capture (default 4: 345,600 telegrams, about 350 MB)
              --runs      server runs per database, each on a fresh database (default 3)
              --raw-reps  raw JDBC inserts of the stored quarters after each run (default 5)
              --work      folder for the capture, SQLite files and logs (default /tmp/meterkast-bench)
              --capture   the capture to replay (default WORK/capture-<days>d.txt; written if missing)
              --pg        the PostgreSQL server, user postgres, trust authentication (default 127.0.0.1:5432);
                          the driver creates and drops the databases mkb_ingest and mkb_raw
              --jvm       JVM flags for the server, e.g. "-Xmx256m"
            """;
    private static final Pattern ENDED = Pattern.compile("meter 'home': file .* ended");
    private static final Pattern LAST_AT = Pattern.compile("\"lastTelegramAt\":\"([^\"]+)\"");

    private IngestLoad() {
    }

    /** One poll of the API, with the process's CPU time read right after. */
    private record Sample(long telegrams, long quarters, Instant lastTelegramAt, long cpuTicks, long threadTicks,
                          long databaseTicks) {
    }

    /** What one run measured. */
    record Result(String db, long telegrams, double seconds, double cpuSeconds, double threadCpuSeconds,
                  double databaseCpuSeconds, long quarters, int quartersStored, List<Double> rawBatchMs,
                  List<Double> rawEachMs) {
        double telegramsPerSecond() {
            return telegrams / seconds;
        }

        double telegramsPerCoreSecond() {
            return telegrams / cpuSeconds;
        }

        double quartersPerSecond() {
            return quarters / seconds;
        }
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE,
                Set.of("db", "days", "runs", "raw-reps", "work", "capture", "pg", "jvm"));
        String which = o.text("db", "both");
        int days = o.number("days", 4);
        int runs = o.number("runs", 3);
        int reps = o.number("raw-reps", 5);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        Path capture = Path.of(o.text("capture", work.resolve("capture-" + days + "d.txt").toString()));
        String pg = o.text("pg", "127.0.0.1:5432");
        List<String> jvm = Options.flags(o.text("jvm", null));

        Capture.ensure(capture, days);
        Machine.print();
        List<Result> results = new ArrayList<>();
        for (String vendor : List.of("sqlite", "postgresql")) {
            if (!which.equals("both") && !which.equals(vendor)) {
                continue;
            }
            for (int run = 1; run <= runs; run++) {
                Database db = vendor.equals("sqlite") ? Database.sqlite(work.resolve("ingest.db"))
                        : Database.postgresql(pg, "mkb_ingest");
                Database raw = vendor.equals("sqlite") ? Database.sqlite(work.resolve("raw.db"))
                        : Database.postgresql(pg, "mkb_raw");
                Result r = run(o.serverJar(), jvm, db, raw, capture, work, run, reps);
                results.add(r);
                db.drop();
                raw.drop();
            }
        }
        summary(results);
    }

    static Result run(Path jar, List<String> jvm, Database db, Database raw, Path capture, Path work, int run,
                      int reps) throws Exception {
        db.create();
        List<String> args = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=file",
                "--meterkast.meters.home.path=" + capture.toAbsolutePath()));
        args.addAll(db.serverArgs());
        Path log = work.resolve("ingest-" + db.vendor() + "-" + run + ".log");
        String backend = db instanceof Database.Postgresql p ? " " + p.name() + " " : null;
        List<Sample> samples = new ArrayList<>();
        double load = Machine.loadAverage();
        try (ServerProcess server = ServerProcess.start(jar, jvm, args, work, log, Duration.ofMinutes(2))) {
            Api api = Api.asNewAccountHolding(server.port(), "home");
            boolean ended = false;
            long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
            while (true) {
                String json = api.get("/api/meters");
                long cpu = server.cpuTicks();
                long thread = server.threadCpuTicks("meter-home");
                long dbTicks = backend == null ? 0 : ProcFs.cpuTicksOfProcessesNamed(backend);
                Matcher at = LAST_AT.matcher(json);
                Sample s = new Sample(Api.number(json, "telegrams"), Api.number(json, "quartersStored"),
                        at.find() ? Instant.parse(at.group(1)) : null, cpu, thread, dbTicks);
                samples.add(s);
                if (ended && samples.size() > 1 && samples.get(samples.size() - 2).telegrams() == s.telegrams()) {
                    break;
                }
                ended = ENDED.matcher(server.logText()).find();
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the replay did not end within 30 minutes; see " + log);
                }
                ServerProcess.sleep(100);
            }
        }
        Sample first = samples.stream().filter(s -> s.telegrams() > 0).findFirst()
                .orElseThrow(() -> new IllegalStateException("no telegram counted; see " + log));
        Sample last = samples.get(samples.size() - 1);
        Sample lastCounted = samples.stream().filter(s -> s.telegrams() == last.telegrams()).findFirst().orElseThrow();
        // the thread ends with the file; its last reading is the last sample in which it was still there
        long threadEnd = samples.stream().mapToLong(Sample::threadTicks).max().orElse(0);
        double seconds = Duration.between(first.lastTelegramAt(), last.lastTelegramAt()).toNanos() / 1e9;
        long telegrams = last.telegrams() - first.telegrams();
        double cpu = (lastCounted.cpuTicks() - first.cpuTicks()) / (double) ServerProcess.TICKS_PER_SECOND;
        double threadCpu = (threadEnd - first.threadTicks()) / (double) ServerProcess.TICKS_PER_SECOND;
        double dbCpu = (lastCounted.databaseTicks() - first.databaseTicks()) / (double) ServerProcess.TICKS_PER_SECOND;
        long quarters = last.quarters() - first.quarters();

        RawInsert.Rows rows = RawInsert.read(db, "home").quartersOnly();
        List<Double> batchMs = new ArrayList<>();
        List<Double> eachMs = new ArrayList<>();
        for (int i = 0; i < reps; i++) {
            batchMs.add(RawInsert.insert(raw, jar, rows, false) / 1e6);
        }
        for (int i = 0; i < Math.min(reps, 3); i++) {
            eachMs.add(RawInsert.insertEach(raw, jar, rows) / 1e6);
        }
        Result r = new Result(db.vendor(), telegrams, seconds, cpu, threadCpu, dbCpu, quarters, rows.quarters().size(),
                batchMs, eachMs);
        System.out.printf(Locale.ROOT, "%s run %d (load average %.2f before): %,d telegrams in %.2f s from the "
                        + "first counted (%,d) to the last: %,.0f telegrams/s; server CPU %.2f s (%.2f cores), "
                        + "%,.0f telegrams per CPU-second; reading thread %.2f s%s; %d quarters in the span, "
                        + "%.1f quarters/s; %d stored in all%n",
                db.vendor(), run, load, telegrams, seconds, first.telegrams(), r.telegramsPerSecond(), cpu,
                cpu / seconds, r.telegramsPerCoreSecond(), threadCpu,
                backend == null ? "" : String.format(Locale.ROOT, "; PostgreSQL backends %.2f s", dbCpu),
                quarters, r.quartersPerSecond(), rows.quarters().size());
        System.out.printf(Locale.ROOT, "  raw JDBC, the %d stored quarters in batches in one transaction: %s ms "
                        + "(first %.2f); one transaction per quarter with its state row: %s ms%n",
                rows.quarters().size(), list(batchMs), batchMs.get(0), list(eachMs));
        return r;
    }

    private static String list(List<Double> ms) {
        return ms.stream().map(v -> String.format(Locale.ROOT, "%.2f", v)).toList().toString();
    }

    private static void summary(List<Result> results) {
        System.out.println();
        System.out.println("summary (median, min–max over runs; raw JDBC: the median of each run's repetitions "
                + "after the first)");
        for (String vendor : List.of("sqlite", "postgresql")) {
            List<Result> rs = results.stream().filter(r -> r.db().equals(vendor)).toList();
            if (rs.isEmpty()) {
                continue;
            }
            List<Double> rawRowsPerSecond = rs.stream().map(r -> r.quartersStored()
                    / (Stats.median(r.rawBatchMs().subList(Math.min(1, r.rawBatchMs().size() - 1),
                    r.rawBatchMs().size())) / 1000)).toList();
            List<Double> eachRowsPerSecond = rs.stream().map(r -> r.quartersStored()
                    / (Stats.median(r.rawEachMs()) / 1000)).toList();
            List<Double> ratio = new ArrayList<>();
            for (int i = 0; i < rs.size(); i++) {
                ratio.add(rawRowsPerSecond.get(i) / rs.get(i).quartersPerSecond());
            }
            System.out.printf(Locale.ROOT, "%s: ingest %s telegrams/s, %s telegrams per CPU-second (%s cores); "
                            + "%s quarters/s; raw JDBC batch %s rows/s (%s times the ingest's quarters/s); "
                            + "raw JDBC one transaction per quarter %s rows/s; store share of the ingest's wall time "
                            + "at that rate %s %%%n",
                    vendor,
                    Stats.spread(rs.stream().map(Result::telegramsPerSecond).toList(), "%,.0f"),
                    Stats.spread(rs.stream().map(Result::telegramsPerCoreSecond).toList(), "%,.0f"),
                    Stats.spread(rs.stream().map(r -> r.cpuSeconds() / r.seconds()).toList(), "%.2f"),
                    Stats.spread(rs.stream().map(Result::quartersPerSecond).toList(), "%.1f"),
                    Stats.spread(rawRowsPerSecond, "%,.0f"),
                    Stats.spread(ratio, "%,.0f"),
                    Stats.spread(eachRowsPerSecond, "%,.0f"),
                    Stats.spread(rs.stream().map(r -> 100 * r.quartersPerSecond()
                            * Stats.median(r.rawEachMs()) / r.quartersStored() / 1000).toList(), "%.1f"));
        }
    }
}
