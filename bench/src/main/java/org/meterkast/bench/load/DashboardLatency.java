package org.meterkast.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latency of every API call the dashboard and the history charts make, over HTTP, on a household with three
 * years of quarters in SQLite and its demo tariff (day/night, Imewo), with the README's JVM flags: the latest
 * telegram, yesterday's sums and its hourly chart and bill, the month's daily chart, the year's monthly chart, the
 * twelve months of net offtake with cost, and the capacity months.
 */
public final class DashboardLatency {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.DashboardLatency server/target/meterkast.jar
                     [--history-days N] [--requests N] [--warmup N] [--rounds N] [--work DIR] [--jvm "FLAGS"]
              --history-days  the simulated household's history (default 1096: three years)
              --requests      timed requests of each call per round (default 300)
              --warmup        untimed requests of each call before the first round (default 100)
              --rounds        rounds of timed requests (default 3)
              --work          folder for the SQLite file and the log (default /tmp/meterkast-bench)
              --jvm           JVM flags for the server (default: the README's -Xmx64m -XX:+UseSerialGC)
            """;
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Pattern FILLED = Pattern.compile("(\\d+) quarters of history added in (\\d+) ms");

    private DashboardLatency() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("history-days", "requests", "warmup", "rounds", "work", "jvm"));
        int historyDays = o.number("history-days", 1096);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        List<String> jvm = Options.flags(o.text("jvm", "-Xmx64m -XX:+UseSerialGC"));

        Machine.print();
        Files.createDirectories(work);
        Database.Sqlite db = (Database.Sqlite) Database.sqlite(work.resolve("dashboard.db"));
        db.create();
        List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=sim",
                "--meterkast.meters.home.history-days=" + historyDays));
        serverArgs.addAll(db.serverArgs());
        Rounds timed = new Rounds();
        try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work,
                work.resolve("dashboard.log"), Duration.ofMinutes(2))) {
            Matcher m = server.awaitLog(FILLED, Duration.ofMinutes(10));
            System.out.printf(Locale.ROOT, "server: %,d quarters of history added in %,d ms%n",
                    Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            Api api = Api.asDemo(server.port());
            // the simulated meter sends its first live telegram a moment after the history
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (api.send("/api/meters/home/latest").statusCode() != 200) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("no live telegram within 60 s");
                }
                Thread.sleep(200);
            }
            LocalDate today = LocalDate.now(BRUSSELS);
            LocalDate yesterday = today.minusDays(1);
            YearMonth month = YearMonth.from(today);
            String start = instant(yesterday);
            String end = instant(today);
            List<Rounds.Call> calls = List.of(
                    new Rounds.Call("latest", "/api/meters/home/latest"),
                    new Rounds.Call("yesterday", "/api/meters/home/buckets?size=day&from=" + start + "&to=" + end),
                    new Rounds.Call("12 months", "/api/meters/home/costs/months?from=" + month.minusMonths(12)
                            + "&to=" + month.minusMonths(1)),
                    new Rounds.Call("day chart", "/api/meters/home/buckets?size=hour&from=" + start + "&to=" + end),
                    new Rounds.Call("day bill", "/api/meters/home/bill?from=" + yesterday + "&to=" + today),
                    new Rounds.Call("month chart", "/api/meters/home/buckets?size=day&from="
                            + instant(month.minusMonths(1).atDay(1)) + "&to=" + instant(month.atDay(1))),
                    new Rounds.Call("year chart", "/api/meters/home/buckets?size=month&from="
                            + instant(today.withDayOfYear(1).minusYears(1)) + "&to=" + instant(today.withDayOfYear(1))),
                    new Rounds.Call("capacity", "/api/meters/home/capacity?to=" + month));
            for (Rounds.Call c : calls) {
                System.out.printf(Locale.ROOT, "%s: GET %s → %,d bytes%n", c.name(), c.path(), api.get(c.path()).length());
            }
            timed.run(api, calls, o.number("warmup", 100), o.number("rounds", 3), o.number("requests", 300));
            long[] mem = server.memoryKb();
            System.out.printf(Locale.ROOT, "server memory after the rounds: VmRSS %,d kB, VmHWM %,d kB%n", mem[0], mem[1]);
        }
        timed.printTotals();
        db.drop();
    }

    private static String instant(LocalDate day) {
        return day.atStartOfDay(BRUSSELS).toInstant().toString();
    }
}
