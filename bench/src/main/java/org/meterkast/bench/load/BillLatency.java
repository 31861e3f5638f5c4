package org.meterkast.bench.load;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The latency of a one-year bill under a dynamic tariff (35,040 quarters, each at its own quarter-hour price) over
 * HTTP, with the server on SQLite: the simulated household's year of history, a year of day-ahead prices uploaded
 * as an Energy-Charts document, and the household's tariff replaced by a dynamic formula. For comparison, the same
 * year's twelve monthly costs and the capacity months.
 */
public final class BillLatency {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.BillLatency server/target/meterkast.jar
                     [--requests N] [--warmup N] [--rounds N] [--work DIR] [--jvm "FLAGS"]
              --requests  timed requests of each kind per round (default 300)
              --warmup    untimed requests of each kind before the first round (default 100)
              --rounds    rounds of timed requests (default 3)
              --work      folder for the SQLite file and the log (default /tmp/meterkast-bench)
              --jvm       JVM flags for the server (default: the README's -Xmx64m -XX:+UseSerialGC)
            """;
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Pattern FILLED = Pattern.compile("(\\d+) quarters of history added in (\\d+) ms");
    private static final String DYNAMIC = """
            {"form":"flemish","area":"IMEWO",
             "offtake":{"type":"dynamic","index":"QUARTER_HOUR","factor":0.001039,"offset":0.008702},
             "injection":{"type":"dynamic","index":"QUARTER_HOUR","factor":0.001,"offset":-0.013135},
             "fixedPerYear":50,"greenCertificates":0.011,"chp":0.00392}""";

    private BillLatency() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("requests", "warmup", "rounds", "work", "jvm"));
        int requests = o.number("requests", 300);
        int warmup = o.number("warmup", 100);
        int rounds = o.number("rounds", 3);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        List<String> jvm = Options.flags(o.text("jvm", "-Xmx64m -XX:+UseSerialGC"));

        Machine.print();
        Files.createDirectories(work);
        Database.Sqlite db = (Database.Sqlite) Database.sqlite(work.resolve("bill.db"));
        db.create();
        LocalDate today = LocalDate.now(BRUSSELS);
        LocalDate from = today.minusDays(365);
        List<String> serverArgs = new ArrayList<>(List.of("--server.port=0", "--meterkast.meters.home.type=sim",
                "--meterkast.meters.home.history-days=370"));
        serverArgs.addAll(db.serverArgs());
        Rounds timed = new Rounds();
        try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work, work.resolve("bill.log"),
                Duration.ofMinutes(2))) {
            Matcher m = server.awaitLog(FILLED, Duration.ofMinutes(5));
            System.out.printf(Locale.ROOT, "server: %,d quarters of history added in %,d ms%n",
                    Long.parseLong(m.group(1)), Long.parseLong(m.group(2)));
            Api api = Api.asDemo(server.port());
            String stored = api.send("POST", "/api/prices", "application/json", prices(from.minusDays(5),
                    today.plusDays(1)), 200);
            System.out.println("prices: " + stored);
            String tariffs = api.get("/api/meters/home/tariffs");
            String validFrom = tariffs.replaceAll("(?s).*?\"validFrom\":\"([0-9-]{10})\".*", "$1");
            api.send("PUT", "/api/meters/home/tariffs/" + validFrom, "application/json", DYNAMIC, 200);
            List<Rounds.Call> calls = List.of(
                    new Rounds.Call("year bill", "/api/meters/home/bill?from=" + from + "&to=" + today),
                    new Rounds.Call("12 months", "/api/meters/home/costs/months?from=" + from.plusMonths(1).toString()
                            .substring(0, 7) + "&to=" + today.minusMonths(1).toString().substring(0, 7)),
                    new Rounds.Call("capacity", "/api/meters/home/capacity?to=" + today.toString().substring(0, 7)));
            String bill = api.get(calls.get(0).path());
            long quarters = Api.number(bill, "quarters");
            long withoutPrice = Api.number(bill, "quartersWithoutPrice");
            if (quarters < 34_900 || withoutPrice != 0 || !bill.contains("ENERGY_DYNAMIC")) {
                throw new IllegalStateException("the year bill costed " + quarters + " quarters, " + withoutPrice
                        + " without a price: " + bill.substring(0, Math.min(400, bill.length())));
            }
            System.out.printf(Locale.ROOT, "year bill: %,d quarters, none without a price, %,d bytes: %s%n", quarters,
                    bill.length(), bill.replaceAll("(?s).*\"totalInclVat\":([-0-9.]+).*", "total incl. VAT € $1"));
            timed.run(api, calls, warmup, rounds, requests);
            long[] mem = server.memoryKb();
            System.out.printf(Locale.ROOT, "server memory after the rounds: VmRSS %,d kB, VmHWM %,d kB%n", mem[0], mem[1]);
        }
        timed.printTotals();
        db.drop();
    }

    /** An Energy-Charts answer with a price for every quarter of [from, to), between −20 and 250 €/MWh. */
    static String prices(LocalDate from, LocalDate to) {
        var random = new SplittableRandom(2026);
        StringBuilder seconds = new StringBuilder();
        StringBuilder prices = new StringBuilder();
        Instant end = to.atStartOfDay(BRUSSELS).toInstant();
        for (Instant t = from.atStartOfDay(BRUSSELS).toInstant(); t.isBefore(end); t = t.plusSeconds(900)) {
            if (seconds.length() > 0) {
                seconds.append(',');
                prices.append(',');
            }
            seconds.append(t.getEpochSecond());
            long cents = random.nextLong(-2000, 25000);
            prices.append(java.math.BigDecimal.valueOf(cents, 2).toPlainString());
        }
        return "{\"license_info\":\"synthetic\",\"unix_seconds\":[" + seconds + "],\"price\":[" + prices
                + "],\"unit\":\"EUR / MWh\",\"deprecated\":false}";
    }

}
