package org.meterkast.bench.load;

import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latency of the history chart's requests on a meter with ten years of quarters in SQLite: a year of daily
 * buckets (the target), a year of months and ten years of years for comparison, each asked many times in a row
 * over HTTP, one request at a time, timed from sending to the last byte of the answer.
 */
public final class ChartLatency {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.ChartLatency server/target/meterkast.jar
                     [--history-days N] [--requests N] [--year-requests N] [--warmup N] [--rounds N] [--work DIR]
                     [--keep true] [--jvm "FLAGS"] [--queries false] [--query-requests N]
              --history-days   the simulated meter's history (default 3653: ten years of quarters)
              --requests       timed requests per round for the days and months charts (default 1000)
              --year-requests  timed requests per round for the ten years of years (default 200)
              --warmup         untimed requests of each chart before the first round (default 200)
              --rounds         rounds of timed requests (default 3)
              --work           folder for the SQLite file and the log (default /tmp/meterkast-bench)
              --keep           true: reuse WORK/chart.db if it is there and keep it afterwards
              --jvm            JVM flags for the server
              --queries        false: leave out the plain JDBC queries on the same file after the server stopped
              --query-requests timed runs of each of those queries (default 300)
            """;
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Pattern FILLED = Pattern.compile("(\\d+) quarters of history added in (\\d+) ms");

    private ChartLatency() {
    }

    /** One chart's request and how many buckets its answer must hold. */
    record Chart(String name, String path, int buckets, int timed) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE,
                Set.of("history-days", "requests", "year-requests", "warmup", "rounds", "work", "keep", "jvm", "queries",
                        "query-requests"));
        int historyDays = o.number("history-days", 3653);
        int requests = o.number("requests", 1000);
        int yearRequests = o.number("year-requests", 200);
        int warmup = o.number("warmup", 200);
        int rounds = o.number("rounds", 3);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        boolean keep = Boolean.parseBoolean(o.text("keep", "false"));
        List<String> jvm = Options.flags(o.text("jvm", null));

        Machine.print();
        Database.Sqlite db = (Database.Sqlite) Database.sqlite(work.resolve("chart.db"));
        if (!keep || !java.nio.file.Files.exists(db.file())) {
            db.create();
        }
        List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=sim",
                "--meterkast.meters.home.history-days=" + historyDays));
        serverArgs.addAll(db.serverArgs());
        Path log = work.resolve("chart.log");
        Map<String, List<double[]>> rounds0 = new LinkedHashMap<>();
        try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work, log, Duration.ofMinutes(2))) {
            Matcher m = server.awaitLog(FILLED, Duration.ofMinutes(15));
            System.out.printf(Locale.ROOT, "server: %,d quarters of history added in %,d ms; database %,d bytes now%n",
                    Long.parseLong(m.group(1)), Long.parseLong(m.group(2)), db.sizeBytes());
            Api api = Api.asDemo(server.port());
            LocalDate today = LocalDate.now(BRUSSELS);
            LocalDate month = today.withDayOfMonth(1);
            LocalDate year = today.withDayOfYear(1);
            List<Chart> charts = List.of(
                    new Chart("365 days", buckets("day", today.minusDays(365), today), 365, requests),
                    new Chart("12 months", buckets("month", month.minusMonths(12), month), 12, requests),
                    new Chart("10 years", buckets("year", year.minusYears(9), year.plusYears(1)), 10, yearRequests));
            for (Chart c : charts) {
                String body = api.get(c.path());
                int n = Api.count(body, "expected");
                if (n != c.buckets()) {
                    throw new IllegalStateException(c.path() + " answered " + n + " buckets, not " + c.buckets());
                }
                System.out.printf(Locale.ROOT, "%s: GET %s → %d buckets, %,d bytes%n", c.name(), c.path(), n,
                        body.length());
            }
            long warmStarted = System.nanoTime();
            for (int i = 0; i < warmup; i++) {
                for (Chart c : charts) {
                    time(api, c);
                }
            }
            System.out.printf(Locale.ROOT, "warm-up: %d requests of each in %.1f s%n", warmup,
                    (System.nanoTime() - warmStarted) / 1e9);
            System.out.println("chart       round  requests      p50      p95      p99      max  (ms)  load average");
            for (int r = 1; r <= rounds; r++) {
                for (Chart c : charts) {
                    double load = Machine.loadAverage();
                    double[] ms = new double[c.timed()];
                    for (int i = 0; i < ms.length; i++) {
                        ms[i] = time(api, c);
                    }
                    rounds0.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(ms);
                    System.out.printf(Locale.ROOT, "%-10s  %5d  %8d  %7.2f  %7.2f  %7.2f  %7.2f        %.2f%n",
                            c.name(), r, ms.length, Stats.percentile(ms, 50), Stats.percentile(ms, 95),
                            Stats.percentile(ms, 99), Stats.percentile(ms, 100), load);
                }
            }
            long[] mem = server.memoryKb();
            System.out.printf(Locale.ROOT, "server memory after the rounds: VmRSS %,d kB, VmHWM %,d kB%n", mem[0], mem[1]);
        }
        for (var e : rounds0.entrySet()) {
            double[] all = e.getValue().stream().flatMapToDouble(java.util.Arrays::stream).toArray();
            System.out.printf(Locale.ROOT, "%-10s  all    %8d  %7.2f  %7.2f  %7.2f  %7.2f%n", e.getKey(), all.length,
                    Stats.percentile(all, 50), Stats.percentile(all, 95), Stats.percentile(all, 99),
                    Stats.percentile(all, 100));
        }
        long bytes = db.sizeBytes();
        System.out.printf(Locale.ROOT, "database after the server stopped: %,d bytes for %d days: %,.0f bytes per "
                + "meter-year%n", bytes, historyDays, bytes / (historyDays / 365.2425));
        if (Boolean.parseBoolean(o.text("queries", "true"))) {
            queries(db, o.number("query-requests", 300));
        }
        if (!keep) {
            db.drop();
        }
    }

    /**
     * The anchor for the days chart: what the database alone takes for the year, with plain JDBC on the same file
     * once the server has stopped. The server's query (every quarter of the year, read into numbers, no objects);
     * two ways of letting SQLite sum: per UTC hour (exact for Brussels buckets, whose offsets are whole hours),
     * and per local day by joining the 365 day boundaries; and reading a table of daily sums made for the purpose.
     */
    private static void queries(Database.Sqlite db, int runs) throws SQLException {
        LocalDate today = LocalDate.now(BRUSSELS);
        long from = today.minusDays(365).atStartOfDay(BRUSSELS).toEpochSecond();
        long to = today.atStartOfDay(BRUSSELS).toEpochSecond();
        StringBuilder days = new StringBuilder("WITH d(s, e) AS (VALUES ");
        List<Long> bounds = new ArrayList<>();
        for (LocalDate d = today.minusDays(365); d.isBefore(today); d = d.plusDays(1)) {
            days.append(bounds.isEmpty() ? "(?, ?)" : ", (?, ?)");
            bounds.add(d.atStartOfDay(BRUSSELS).toEpochSecond());
            bounds.add(d.plusDays(1).atStartOfDay(BRUSSELS).toEpochSecond());
        }
        days.append(") SELECT d.s, SUM(q.import_day_wh), SUM(q.import_night_wh), SUM(q.export_day_wh), "
                + "SUM(q.export_night_wh), COUNT(*), SUM(q.estimated) FROM d JOIN quarter q ON q.meter_id = ? "
                + "AND q.start_epoch >= d.s AND q.start_epoch < d.e GROUP BY d.s ORDER BY d.s");
        Map<String, String> sql = new LinkedHashMap<>();
        sql.put("the server's SELECT of the year's quarters", """
                SELECT start_epoch, segment, import_day_wh, import_night_wh, export_day_wh, export_night_wh,
                    estimated FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                ORDER BY start_epoch""");
        sql.put("sums per UTC hour (GROUP BY start_epoch / 3600)", """
                SELECT start_epoch / 3600, SUM(import_day_wh), SUM(import_night_wh), SUM(export_day_wh),
                    SUM(export_night_wh), COUNT(*), SUM(estimated) FROM quarter
                WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ? GROUP BY start_epoch / 3600
                ORDER BY 1""");
        sql.put("sums per local day (365 boundaries joined)", days.toString());
        sql.put("a table of daily sums, the year's 365 rows", """
                SELECT start_epoch, import_day_wh, import_night_wh, export_day_wh, export_night_wh, quarters,
                    estimated FROM bench_day_sum WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                ORDER BY start_epoch""");
        // a table the server does not have: daily sums kept beside the quarters, as a rollup would keep them
        try (Connection c = db.connect()) {
            c.createStatement().execute("""
                    CREATE TABLE IF NOT EXISTS bench_day_sum (meter_id INTEGER NOT NULL, start_epoch INTEGER NOT NULL,
                        import_day_wh INTEGER NOT NULL, import_night_wh INTEGER NOT NULL,
                        export_day_wh INTEGER NOT NULL, export_night_wh INTEGER NOT NULL,
                        quarters INTEGER NOT NULL, estimated INTEGER NOT NULL,
                        PRIMARY KEY (meter_id, start_epoch)) WITHOUT ROWID""");
            c.createStatement().execute("DELETE FROM bench_day_sum");
            try (PreparedStatement ps = c.prepareStatement(days.toString()
                    .replace(") SELECT d.s,", ") INSERT INTO bench_day_sum SELECT ?, d.s,").replace(" ORDER BY d.s", ""))) {
                int i = 1;
                for (long b : bounds) {
                    ps.setLong(i++, b);
                }
                ps.setInt(i++, 1);
                ps.setInt(i, 1);
                ps.executeUpdate();
            }
        }
        System.out.println("plain JDBC on the same file, server stopped: p50 / p95 / max ms over " + runs
                + " runs after 50 untimed, rows answered");
        try (Connection c = db.connect()) {
            for (var e : sql.entrySet()) {
                try (PreparedStatement ps = c.prepareStatement(e.getValue())) {
                    if (e.getValue().startsWith("WITH")) {
                        int i = 1;
                        for (long b : bounds) {
                            ps.setLong(i++, b);
                        }
                        ps.setInt(i, 1);
                    } else {
                        ps.setInt(1, 1);
                        ps.setLong(2, from);
                        ps.setLong(3, to);
                    }
                    double[] ms = new double[runs];
                    long rows = 0;
                    for (int r = -50; r < runs; r++) {
                        long started = System.nanoTime();
                        rows = 0;
                        try (ResultSet rs = ps.executeQuery()) {
                            int columns = rs.getMetaData().getColumnCount();
                            while (rs.next()) {
                                for (int col = 1; col <= columns; col++) {
                                    rs.getLong(col);
                                }
                                rows++;
                            }
                        }
                        if (r >= 0) {
                            ms[r] = (System.nanoTime() - started) / 1e6;
                        }
                    }
                    System.out.printf(Locale.ROOT, "  %-50s %7.2f  %7.2f  %7.2f   %,d rows%n",
                            e.getKey(), Stats.percentile(ms, 50), Stats.percentile(ms, 95),
                            Stats.percentile(ms, 100), rows);
                }
            }
            c.createStatement().execute("DROP TABLE bench_day_sum");
        }
    }

    private static String buckets(String size, LocalDate from, LocalDate to) {
        return "/api/meters/home/buckets?size=" + size + "&from=" + from.atStartOfDay(BRUSSELS).toInstant() + "&to="
                + to.atStartOfDay(BRUSSELS).toInstant();
    }

    /** Milliseconds from sending the request to having read the whole answer. */
    private static double time(Api api, Chart c) {
        long started = System.nanoTime();
        HttpResponse<String> response = api.send(c.path());
        long elapsed = System.nanoTime() - started;
        if (response.statusCode() != 200) {
            throw new IllegalStateException("GET " + c.path() + ": " + response.statusCode() + " " + response.body());
        }
        return elapsed / 1e6;
    }
}
