package org.meterkast.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The server's resident memory as the README starts it: {@code java -jar meterkast.jar} in an empty folder, so
 * SQLite under ./data and the simulated household filling its year of history, with a browser's worth of API
 * load (latest values, the last hour, chart buckets, quarters, a live SSE stream). VmRSS and VmHWM are read every
 * 500 ms from /proc. Each JVM configuration is then asked the year's daily buckets in a row, to see whether
 * saving memory slows the API.
 */
public final class MemoryLoad {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.MemoryLoad server/target/meterkast.jar
                     [--config "NAME=JVM FLAGS"]... [--seconds N] [--runs N] [--probe N] [--work DIR]
              --config   a JVM configuration to measure, e.g. "small=-Xmx96m -XX:+UseSerialGC"; repeat for more
                         (default: the JVM's defaults and four smaller configurations)
              --seconds  how long memory is sampled from the start (default 90)
              --runs     runs of each configuration, each in a fresh folder (default 2)
              --probe    sequential requests of the year's daily buckets after the sampling (default 300)
              --work     folder for the servers' working folders and logs (default /tmp/meterkast-bench)
            """;
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Pattern STARTED = Pattern.compile("Started MeterkastApplication in ([0-9.]+) seconds");
    private static final Pattern FILLED = Pattern.compile("quarters of history added in (\\d+) ms");
    static final List<String> DEFAULT_CONFIGS = List.of(
            "default=",
            // the JVM's own choice on a 4 GB Raspberry Pi: heap between 1/64 and 1/4 of the memory
            "ram4g=-XX:MaxRAM=4g",
            "serial=-XX:+UseSerialGC",
            "heap96=-Xmx96m -XX:+UseSerialGC",
            "heap96-c1=-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1",
            "lean=-Xmx96m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xss512k -XX:ReservedCodeCacheSize=32m "
                    + "-XX:MaxMetaspaceSize=128m");

    private MemoryLoad() {
    }

    /** One memory reading: seconds since the start, VmRSS and VmHWM in kB. */
    private record Reading(double at, long rssKb, long hwmKb) {
    }

    /** What one run of one configuration measured. */
    private record Result(String config, double peakMb, double steadyMb, double endMb, double startSeconds,
                          long fillMs, double p50, double p95, long requests, long events) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("config", "seconds", "runs", "probe", "work"));
        List<String> configs = o.all("config").isEmpty() ? DEFAULT_CONFIGS : o.all("config");
        int seconds = o.number("seconds", 90);
        int runs = o.number("runs", 2);
        int probe = o.number("probe", 300);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));

        Machine.print();
        List<Result> results = new ArrayList<>();
        for (int run = 1; run <= runs; run++) {
            for (String config : configs) {
                int eq = config.indexOf('=');
                if (eq <= 0) {
                    throw new IllegalArgumentException("--config: '" + config + "' is not NAME=FLAGS");
                }
                results.add(run(o.serverJar(), config.substring(0, eq), Options.flags(config.substring(eq + 1)),
                        work, run, seconds, probe));
            }
        }
        System.out.println();
        System.out.println("summary: MB = MiB of VmRSS; median (min–max) over runs");
        for (String config : configs) {
            String name = config.substring(0, config.indexOf('='));
            List<Result> rs = results.stream().filter(r -> r.config().equals(name)).toList();
            System.out.printf(Locale.ROOT, "%-10s peak %s, steady %s, after the probe %s; started in %s s, "
                            + "fill %s ms; days chart p50 %s ms, p95 %s ms   [%s]%n", name,
                    Stats.spread(rs.stream().map(Result::peakMb).toList(), "%.0f"),
                    Stats.spread(rs.stream().map(Result::steadyMb).toList(), "%.0f"),
                    Stats.spread(rs.stream().map(Result::endMb).toList(), "%.0f"),
                    Stats.spread(rs.stream().map(Result::startSeconds).toList(), "%.1f"),
                    Stats.spread(rs.stream().map(r -> (double) r.fillMs()).toList(), "%,.0f"),
                    Stats.spread(rs.stream().map(Result::p50).toList(), "%.1f"),
                    Stats.spread(rs.stream().map(Result::p95).toList(), "%.1f"),
                    config.substring(config.indexOf('=') + 1));
        }
    }

    private static Result run(Path jar, String name, List<String> flags, Path work, int run, int seconds, int probe)
            throws Exception {
        Path dir = work.resolve("memory-" + name + "-" + run);
        deleteTree(dir);
        Files.createDirectories(dir);
        Path log = work.resolve("memory-" + name + "-" + run + ".log");
        double load = Machine.loadAverage();
        List<Reading> readings = new CopyOnWriteArrayList<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        AtomicLong requests = new AtomicLong();
        AtomicLong events = new AtomicLong();
        double[] probeMs;
        try (ServerProcess server = ServerProcess.launch(jar, flags, List.of("--server.port=0"), dir, log)) {
            Thread sampler = new Thread(() -> {
                long next = System.nanoTime();
                while (server.uptimeSeconds() < seconds + 3600) {
                    long[] m = server.memoryKb();
                    if (m[0] == 0) {
                        return;
                    }
                    readings.add(new Reading(server.uptimeSeconds(), m[0], m[1]));
                    next += 500_000_000L;
                    long wait = next - System.nanoTime();
                    if (wait > 0) {
                        try {
                            Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                        } catch (InterruptedException e) {
                            return;
                        }
                    }
                }
            }, "memory-sampler");
            sampler.setDaemon(true);
            sampler.start();
            Api api = Api.asDemo(server.awaitPort(Duration.ofMinutes(2)));
            Thread browser = new Thread(() -> browse(api, loading, requests), "api-load");
            browser.setDaemon(true);
            browser.start();
            Thread live = new Thread(() -> watchLive(api, loading, events), "sse-client");
            live.setDaemon(true);
            live.start();
            while (server.uptimeSeconds() < seconds) {
                ServerProcess.sleep(100);
            }
            loading.set(false);
            browser.join(10_000);
            probeMs = probe(api, probe);
            Matcher started = STARTED.matcher(server.logText());
            Matcher filled = FILLED.matcher(server.logText());
            String text = server.logText();
            double startSeconds = started.find() ? Double.parseDouble(started.group(1)) : Double.NaN;
            long fillMs = filled.find() ? Long.parseLong(filled.group(1)) : -1;
            long[] end = server.memoryKb();
            sampler.interrupt();
            double peak = readings.stream().filter(r -> r.at() <= seconds).mapToLong(Reading::hwmKb).max().orElse(0)
                    / 1024.0;
            double steady = Stats.median(readings.stream().filter(r -> r.at() > seconds - 30 && r.at() <= seconds)
                    .map(r -> (double) r.rssKb()).toList()) / 1024.0;
            Result r = new Result(name, peak, steady, end[0] / 1024.0, startSeconds, fillMs,
                    Stats.percentile(probeMs, 50), Stats.percentile(probeMs, 95), requests.get(), events.get());
            System.out.printf(Locale.ROOT, "%s run %d (load average %.2f before) [%s]: started in %.1f s, fill %,d ms;"
                            + " over %d s: peak VmHWM %.0f MiB, steady VmRSS %.0f MiB (median of the last 30 s); "
                            + "%,d API requests, %,d live events; then %d days-chart requests: p50 %.1f ms, "
                            + "p95 %.1f ms; VmRSS after %.0f MiB, VmHWM %.0f MiB%s%n",
                    name, run, load, String.join(" ", flags), startSeconds, fillMs, seconds, peak, steady,
                    requests.get(), events.get(), probeMs.length, r.p50(), r.p95(), end[0] / 1024.0, end[1] / 1024.0,
                    text.contains("OutOfMemoryError") ? "; OutOfMemoryError in the log" : "");
            printCurve(readings, seconds);
            return r;
        } finally {
            deleteTree(dir);
        }
    }

    /** The RSS every 10 s, to show the shape: the fill, then the steady state. */
    private static void printCurve(List<Reading> readings, int seconds) {
        StringBuilder s = new StringBuilder("  VmRSS MiB every 10 s:");
        for (int t = 10; t <= seconds; t += 10) {
            final int at = t;
            readings.stream().filter(r -> r.at() <= at).reduce((a, b) -> b)
                    .ifPresent(r -> s.append(String.format(Locale.ROOT, " %.0f", r.rssKb() / 1024.0)));
        }
        System.out.println(s);
    }

    /** What a browser on the dashboard and the history page asks, about four requests a second. */
    private static void browse(Api api, AtomicBoolean loading, AtomicLong requests) {
        LocalDate today = LocalDate.now(BRUSSELS);
        List<String> paths = List.of(
                "/api/meters",
                "/api/meters/home/latest",
                buckets("day", today.minusDays(365), today),
                "/api/meters/home/latest",
                "/api/meters/home/power",
                "/api/meters/home/latest",
                buckets("month", today.withDayOfMonth(1).minusMonths(12), today.withDayOfMonth(1)),
                "/api/meters/home/latest",
                "/api/meters/home/quarters?from=" + today.minusDays(1).atStartOfDay(BRUSSELS).toInstant() + "&to="
                        + today.atStartOfDay(BRUSSELS).toInstant());
        for (int i = 0; loading.get(); i++) {
            try {
                api.send(paths.get(i % paths.size()));      // a 404 before the first telegram is an answer too
                requests.incrementAndGet();
            } catch (RuntimeException e) {
                // the server may still be starting; the next request tries again
            }
            ServerProcess.sleep(250);
        }
    }

    /** A browser's live page: one SSE stream, read line by line until the sampling ends. */
    private static void watchLive(Api api, AtomicBoolean loading, AtomicLong events) {
        while (loading.get()) {
            HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/meters/home/live")).GET()
                    .header("Accept", "text/event-stream").header("Authorization", api.authorization()).build();
            try {
                HttpResponse<Stream<String>> response = api.client().send(request, HttpResponse.BodyHandlers.ofLines());
                if (response.statusCode() == 200) {
                    try (Stream<String> lines = response.body()) {
                        lines.takeWhile(l -> loading.get()).filter(l -> l.startsWith("data:"))
                                .forEach(l -> events.incrementAndGet());
                    }
                }
            } catch (IOException | RuntimeException e) {
                // not ready yet, or the server stopped
            } catch (InterruptedException e) {
                return;
            }
            ServerProcess.sleep(1000);
        }
    }

    private static double[] probe(Api api, int n) {
        LocalDate today = LocalDate.now(BRUSSELS);
        String path = buckets("day", today.minusDays(365), today);
        for (int i = 0; i < 20; i++) {
            api.get(path);
        }
        double[] ms = new double[n];
        for (int i = 0; i < n; i++) {
            long started = System.nanoTime();
            api.get(path);
            ms[i] = (System.nanoTime() - started) / 1e6;
        }
        return ms;
    }

    private static String buckets(String size, LocalDate from, LocalDate to) {
        return "/api/meters/home/buckets?size=" + size + "&from=" + from.atStartOfDay(BRUSSELS).toInstant() + "&to="
                + to.atStartOfDay(BRUSSELS).toInstant();
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
