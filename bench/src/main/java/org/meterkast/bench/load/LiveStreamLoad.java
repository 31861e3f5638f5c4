package org.meterkast.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Many live streams against the server as the README starts it ({@code java -Xmx64m -XX:+UseSerialGC -jar
 * meterkast.jar} in an empty folder): the demo account opens a few streams that read the answer's head and then
 * nothing, then 400 streams that read everything. For the seconds that follow, the API is asked every 5 s for the
 * meters and the simulated meter's telegram count; then the streams are closed and the server stopped as Ctrl-C
 * does. It passes when the server answered every time, the meter's telegram count kept rising, no
 * OutOfMemoryError was logged and the server stopped within a few seconds. Only 127.0.0.1 is ever contacted.
 */
public final class LiveStreamLoad {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.LiveStreamLoad server/target/meterkast.jar
                     [--streams N] [--slow N] [--seconds N] [--jvm "FLAGS"] [--server-arg ARG]... [--work DIR]
              --streams     live streams the demo account opens and reads (default 400, at most 2000)
              --slow        streams opened first that read the answer's head, then nothing (default 5, at most 50)
              --seconds     how long the streams stay open while the server is watched (default 90, at most 600)
              --jvm         the server's JVM flags (default: the README's "-Xmx64m -XX:+UseSerialGC")
              --server-arg  a further argument for the server, e.g. --meterkast.live.max-streams-per-account=1000
              --work        folder for the server's working folder and log (default /tmp/meterkast-bench)
            """;
    private static final Pattern TELEGRAMS = Pattern.compile("\"id\":\"home\".*?\"telegrams\":(\\d+)");
    private static final Pattern STREAM_COUNTS = Pattern.compile(
            "live streams closed for shutdown: (\\d+) still open; since the start (\\d+) refused, (\\d+) dropped");

    private LiveStreamLoad() {
    }

    /** One look at the server while the streams are open. */
    private record Probe(double at, int status, double ms, long telegrams, long rssKb) {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("streams", "slow", "seconds", "jvm", "server-arg", "work"));
        int streams = Math.min(2000, o.number("streams", 400));
        int slow = Math.min(50, o.number("slow", 5));
        int seconds = Math.min(600, o.number("seconds", 90));
        List<String> flags = Options.flags(o.text("jvm", "-Xmx64m -XX:+UseSerialGC"));
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        List<String> serverArgs = new ArrayList<>(List.of("--server.port=0"));
        serverArgs.addAll(o.all("server-arg"));

        Machine.print();
        Path dir = work.resolve("live-streams");
        deleteTree(dir);
        Files.createDirectories(dir);
        Path log = work.resolve("live-streams.log");
        System.out.printf(Locale.ROOT, "server: java %s -jar %s %s (log %s)%n", String.join(" ", flags),
                o.serverJar(), String.join(" ", serverArgs), log);

        boolean passed = true;
        double stopSeconds;
        try (ServerProcess server = ServerProcess.start(o.serverJar(), flags, serverArgs, dir, log,
                Duration.ofMinutes(3))) {
            Api api = Api.asDemo(server.port());
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (telegrams(api) <= 0 && System.nanoTime() < deadline) {
                ServerProcess.sleep(250);
            }
            long telegramsBefore = telegrams(api);

            List<Socket> stuck = new ArrayList<>();
            Map<Integer, Integer> slowStatus = new TreeMap<>();
            for (int i = 0; i < slow; i++) {
                Socket s = stuckStream(server.port(), api.authorization());
                stuck.add(s);
                slowStatus.merge(status(s.getInputStream()), 1, Integer::sum);
            }

            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(10)).build();
            Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
            AtomicLong events = new AtomicLong();
            AtomicInteger ended = new AtomicInteger();
            List<Flow.Subscription> subscriptions = new CopyOnWriteArrayList<>();
            List<CompletableFuture<?>> answers = new ArrayList<>();
            long opening = System.nanoTime();
            for (int i = 0; i < streams; i++) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(api.base() + "/api/meters/home/live"))
                        .header("Accept", "text/event-stream").header("Authorization", api.authorization())
                        .GET().build();
                answers.add(client.sendAsync(request, info -> {
                    statuses.computeIfAbsent(info.statusCode(), k -> new AtomicInteger()).incrementAndGet();
                    return info.statusCode() != 200 ? HttpResponse.BodySubscribers.discarding()
                            : HttpResponse.BodySubscribers.fromLineSubscriber(
                                    new EventCounter(events, ended, subscriptions));
                }).exceptionally(e -> {
                    statuses.computeIfAbsent(-1, k -> new AtomicInteger()).incrementAndGet();
                    return null;
                }));
            }
            long answered = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (statuses.values().stream().mapToInt(AtomicInteger::get).sum() < streams
                    && System.nanoTime() < answered) {
                ServerProcess.sleep(50);
            }
            double openedSeconds = (System.nanoTime() - opening) / 1e9;
            int unanswered = streams - statuses.values().stream().mapToInt(AtomicInteger::get).sum();
            System.out.printf(Locale.ROOT, "%d slow streams: %s; %d streams asked in %.1f s: %s (-1: failed), "
                    + "%d without an answer yet%n", slow, slowStatus, streams, openedSeconds,
                    new TreeMap<>(toCounts(statuses)), unanswered);

            List<Probe> probes = new ArrayList<>();
            long start = System.nanoTime();
            for (int round = 1; round <= Math.max(1, seconds / 5); round++) {
                long next = start + TimeUnit.SECONDS.toNanos(5L * round);
                ServerProcess.sleep(Math.max(0, (next - System.nanoTime()) / 1_000_000));
                long t0 = System.nanoTime();
                HttpResponse<String> meters;
                try {
                    meters = api.send("/api/meters");
                } catch (RuntimeException e) {
                    probes.add(new Probe((t0 - start) / 1e9, -1, (System.nanoTime() - t0) / 1e6, -1,
                            server.memoryKb()[0]));
                    continue;
                }
                double ms = (System.nanoTime() - t0) / 1e6;
                Matcher m = TELEGRAMS.matcher(meters.body());
                Probe p = new Probe((t0 - start) / 1e9, meters.statusCode(), ms, m.find() ? Long.parseLong(m.group(1))
                        : -1, server.memoryKb()[0]);
                probes.add(p);
                System.out.printf(Locale.ROOT, "  %5.1f s: GET /api/meters %d in %.1f ms, home's telegrams %d, "
                                + "%d live events read, %d streams ended, VmRSS %.0f MiB%n", p.at(), p.status(), p.ms(),
                        p.telegrams(), events.get(), ended.get(), p.rssKb() / 1024.0);
            }

            subscriptions.forEach(Flow.Subscription::cancel);
            for (Socket s : stuck) {
                s.close();
            }
            long telegramsAfter = probes.get(probes.size() - 1).telegrams();
            boolean answeredAll = probes.stream().allMatch(p -> p.status() == 200);
            double slowestMs = probes.stream().mapToDouble(Probe::ms).max().orElse(0);
            boolean rising = telegramsAfter - telegramsBefore >= seconds / 2;
            long stop = System.nanoTime();
            server.close();
            stopSeconds = (System.nanoTime() - stop) / 1e9;
            String text = server.logText();
            boolean oom = text.contains("OutOfMemoryError");
            boolean recycled = text.contains("response recycled");
            Matcher counts = STREAM_COUNTS.matcher(text);
            String streamCounts = counts.find() ? counts.group(2) + " refused, " + counts.group(3) + " dropped, "
                    + counts.group(1) + " still open at shutdown" : "no stream counts in the log";

            System.out.println();
            System.out.printf(Locale.ROOT, "summary: %d streams + %d slow from the demo account under %s: %s; "
                            + "server answered every probe: %s (slowest %.1f ms); home's telegrams %d -> %d over %d s "
                            + "(rising: %s); live events read %,d; server's counts: %s; OutOfMemoryError in the log: %s; "
                            + "stopped in %.1f s, 'response recycled' in the log: %s%n",
                    streams, slow, String.join(" ", flags), new TreeMap<>(toCounts(statuses)), answeredAll, slowestMs,
                    telegramsBefore, telegramsAfter, seconds, rising, events.get(), streamCounts, oom, stopSeconds,
                    recycled);
            passed = answeredAll && rising && !oom && stopSeconds < 10 && !recycled;
        }
        deleteTree(dir);
        System.out.println(passed ? "PASSED" : "FAILED");
        System.exit(passed ? 0 : 1);
    }

    private static Map<Integer, Integer> toCounts(Map<Integer, AtomicInteger> statuses) {
        Map<Integer, Integer> counts = new TreeMap<>();
        statuses.forEach((k, v) -> counts.put(k, v.get()));
        return counts;
    }

    private static long telegrams(Api api) {
        Matcher m = TELEGRAMS.matcher(api.get("/api/meters"));
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /** A browser that reads the answer's head and then nothing, with the smallest window it may announce. */
    private static Socket stuckStream(int port, String authorization) throws IOException {
        Socket s = new Socket();
        s.setReceiveBufferSize(1024);
        s.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        s.setSoTimeout(10_000);
        OutputStream out = s.getOutputStream();
        out.write(("GET /api/meters/home/live HTTP/1.1\r\nHost: 127.0.0.1:" + port + "\r\nAccept: text/event-stream"
                + "\r\nAuthorization: " + authorization + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        return s;
    }

    /** The status of an answer, its head read byte by byte so nothing of the body is taken. */
    private static int status(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n") && head.length() < 8192) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        String[] words = head.toString().split(" ", 3);
        return words.length > 1 ? Integer.parseInt(words[1]) : -1;
    }

    /** Counts a stream's telegram events as they come, on the HTTP client's own threads. */
    private record EventCounter(AtomicLong events, AtomicInteger ended, List<Flow.Subscription> subscriptions)
            implements Flow.Subscriber<String> {
        @Override
        public void onSubscribe(Flow.Subscription subscription) {
            subscriptions.add(subscription);
            subscription.request(Long.MAX_VALUE);
        }

        @Override
        public void onNext(String line) {
            if (line.equals("event:telegram")) {
                events.incrementAndGet();
            }
        }

        @Override
        public void onError(Throwable throwable) {
            ended.incrementAndGet();
        }

        @Override
        public void onComplete() {
            ended.incrementAndGet();
        }
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
