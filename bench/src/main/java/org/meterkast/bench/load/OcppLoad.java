package org.meterkast.bench.load;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Many OCPP 1.6J chargers on one server started with the README's flags: each connects over its own WebSocket
 * (the JDK's client), boots, starts a session and sends MeterValues every few seconds, answering the server's own
 * calls. Measured: the server's handling time of a charger's message (its own timer, read from
 * {@code /api/ocpp/counts} after the ramp is over), the heap per connected charger (used heap after a full GC,
 * before and after they connect, read with jcmd), and the demo household's dashboard p95 without and with the
 * chargers connected.
 */
public final class OcppLoad {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.OcppLoad server/target/meterkast.jar
                     [--chargers N] [--interval S] [--seconds N] [--work DIR] [--jvm "FLAGS"]
              --chargers  chargers connected (default 1000)
              --interval  seconds between a charger's MeterValues (default 5)
              --seconds   how long the steady state is measured (default 120)
              --work      folder for the SQLite file and the log (default /tmp/meterkast-bench)
              --jvm       JVM flags for the server (default: the README's -Xmx64m -XX:+UseSerialGC)
            """;
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final String PASSWORD = "bench-charger-password";
    private static final Pattern USED = Pattern.compile("used (\\d+)K");

    private OcppLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options o = Options.parse(args, USAGE, Set.of("chargers", "interval", "seconds", "work", "jvm"));
        int chargers = o.number("chargers", 1000);
        int interval = o.number("interval", 5);
        int seconds = o.number("seconds", 120);
        Path work = Path.of(o.text("work", "/tmp/meterkast-bench"));
        List<String> jvm = Options.flags(o.text("jvm", "-Xmx64m -XX:+UseSerialGC"));

        Machine.print();
        Files.createDirectories(work);
        Path db = work.resolve("ocpp.db");
        for (String suffix : new String[] {"", "-wal", "-shm"}) {
            Files.deleteIfExists(Path.of(db + suffix));
        }
        List<String> serverArgs = List.of("--server.port=0", "--meterkast.meters.home.type=sim",
                "--meterkast.meters.home.history-days=30", "--spring.datasource.url=jdbc:sqlite:" + db);
        try (ServerProcess server = ServerProcess.start(o.serverJar(), jvm, serverArgs, work, work.resolve("ocpp.log"),
                Duration.ofMinutes(3))) {
            int port = server.port();
            Api admin = Api.asRegistered(port);
            long location = Api.number(admin.send("POST", "/api/locations", "application/json",
                    "{\"name\":\"Chargers\",\"source\":\"import\"}", 201), "id");
            register(db, location, chargers);
            Api demo = Api.asDemo(port);
            awaitLive(demo);

            double[] baseline = dashboard(demo, seconds / 2);
            long heapBefore = usedHeapAfterGc(server.pid());
            long[] rssBefore = server.memoryKb();
            System.out.printf(Locale.ROOT, "before: heap used after GC %,d KB, VmRSS %,d KB; dashboard p50 %.2f ms, "
                    + "p95 %.2f ms (%d requests)%n", heapBefore, rssBefore[0], Stats.percentile(baseline, 50),
                    Stats.percentile(baseline, 95), baseline.length);

            Fleet fleet = new Fleet(port, chargers, interval);
            long connectStarted = System.nanoTime();
            fleet.connectAll();
            System.out.printf(Locale.ROOT, "%,d chargers connected and in session in %.1f s%n", fleet.sessions.get(),
                    (System.nanoTime() - connectStarted) / 1e9);
            fleet.startMeterValues();
            Thread.sleep(Math.max(10, interval * 3) * 1000L);      // every charger has sent a few
            admin.send("POST", "/api/ocpp/counts/reset", "application/json", "", 204);
            long sentBefore = fleet.sent.get();
            double[] loaded = dashboard(demo, seconds);
            String counts = admin.get("/api/ocpp/counts");
            long sent = fleet.sent.get() - sentBefore;
            long heapAfter = usedHeapAfterGc(server.pid());
            long[] rssAfter = server.memoryKb();
            System.out.printf(Locale.ROOT, "with %,d chargers over %d s: %,d MeterValues sent (%.0f a second), "
                            + "%,d answered with an error, %,d connections lost%n", chargers, seconds, sent,
                    sent / (double) seconds, fleet.errors.get(), fleet.closed.get());
            System.out.println("server's handling time of a charger message (µs, bucket upper edges of 5 µs): "
                    + counts.replaceAll(".*\"handling\":(\\{[^}]*}).*", "$1"));
            System.out.printf(Locale.ROOT, "client round trip of MeterValues: p50 %.2f ms, p99 %.2f ms%n",
                    fleet.roundTrip(50), fleet.roundTrip(99));
            System.out.printf(Locale.ROOT, "after: heap used after GC %,d KB, VmRSS %,d KB: %.1f KB heap and %.1f KB "
                            + "RSS per connected charger%n", heapAfter, rssAfter[0],
                    (heapAfter - heapBefore) / (double) chargers, (rssAfter[0] - rssBefore[0]) / (double) chargers);
            System.out.printf(Locale.ROOT, "dashboard with the chargers: p50 %.2f ms, p95 %.2f ms (%d requests); "
                            + "without: p95 %.2f ms%n", Stats.percentile(loaded, 50), Stats.percentile(loaded, 95),
                    loaded.length, Stats.percentile(baseline, 95));
            System.out.println("server log: " + (server.logText().contains("OutOfMemoryError") ? "OutOfMemoryError!"
                    : "no OutOfMemoryError"));
            fleet.stop();
        }
    }

    /** The chargers, each registered for the one address with the same password ({noop}: no bcrypt per charger). */
    private static void register(Path db, long location, int chargers) throws Exception {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            c.createStatement().execute("PRAGMA busy_timeout = 10000");
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO charge_point (charge_point_id, "
                    + "location_id, device, password_hash, phases) VALUES (?, ?, ?, ?, 3)")) {
                for (int i = 0; i < chargers; i++) {
                    insert.setString(1, id(i));
                    insert.setLong(2, location);
                    insert.setString(3, "charger-" + i);
                    insert.setString(4, "{noop}" + PASSWORD);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            c.commit();
        }
    }

    private static String id(int i) {
        return String.format(Locale.ROOT, "BENCH-%05d", i);
    }

    private static void awaitLive(Api demo) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (demo.send("/api/meters/home/latest").statusCode() != 200) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no live telegram within 90 s");
            }
            Thread.sleep(200);
        }
    }

    /** The dashboard's calls in turn for this long (latest values, yesterday's hourly chart, the month's days). */
    private static double[] dashboard(Api demo, int seconds) {
        LocalDate today = LocalDate.now(BRUSSELS);
        String yesterday = today.minusDays(1).atStartOfDay(BRUSSELS).toInstant().toString();
        String midnight = today.atStartOfDay(BRUSSELS).toInstant().toString();
        List<String> paths = List.of("/api/meters/home/latest",
                "/api/meters/home/buckets?size=hour&from=" + yesterday + "&to=" + midnight,
                "/api/meters/home/buckets?size=day&from=" + today.withDayOfMonth(1).atStartOfDay(BRUSSELS).toInstant()
                        + "&to=" + midnight);
        List<Double> ms = new ArrayList<>();
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        for (int i = 0; System.nanoTime() < end; i++) {
            long started = System.nanoTime();
            demo.get(paths.get(i % paths.size()));
            ms.add((System.nanoTime() - started) / 1e6);
            ServerProcess.sleep(50);
        }
        return ms.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** The heap in use after a full collection, KB, as jcmd reports it (young plus old generation). */
    private static long usedHeapAfterGc(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        String info = jcmd(pid, "GC.heap_info");
        long used = 0;
        for (String line : info.split("\n")) {
            if (line.contains("generation") || line.contains("garbage-first heap") || line.contains("PSYoungGen")
                    || line.contains("ParOldGen")) {
                Matcher m = USED.matcher(line);
                if (m.find()) {
                    used += Long.parseLong(m.group(1));
                }
            }
        }
        return used;
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Path jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd");
        Process p = new ProcessBuilder(jcmd.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        p.waitFor(60, TimeUnit.SECONDS);
        return out;
    }

    /** The chargers on their WebSockets. */
    private static final class Fleet {
        private final int port;
        private final int count;
        private final int interval;
        private final List<HttpClient> clients = new ArrayList<>();
        private final List<Charger> chargers = new ArrayList<>();
        private final ScheduledExecutorService timer = Executors.newScheduledThreadPool(2);
        final AtomicInteger sessions = new AtomicInteger();
        final AtomicLong sent = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        final AtomicLong closed = new AtomicLong();
        private final long[] roundTrips = new long[2_000_000];
        private final AtomicInteger roundTripCount = new AtomicInteger();
        private final AtomicBoolean running = new AtomicBoolean(true);

        Fleet(int port, int count, int interval) {
            this.port = port;
            this.count = count;
            this.interval = interval;
            for (int i = 0; i < 8; i++) {
                clients.add(HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(30)).build());
            }
        }

        void connectAll() throws Exception {
            List<CompletableFuture<Void>> started = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Charger c = new Charger(i);
                chargers.add(c);
                started.add(c.connect(clients.get(i % clients.size())));
                if (i % 50 == 49) {
                    CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(120, TimeUnit.SECONDS);
                }
            }
            CompletableFuture.allOf(started.toArray(CompletableFuture[]::new)).get(300, TimeUnit.SECONDS);
        }

        void startMeterValues() {
            for (Charger c : chargers) {
                long offset = (long) (Math.random() * interval * 1000);
                timer.scheduleAtFixedRate(c::meterValues, offset, interval * 1000L, TimeUnit.MILLISECONDS);
            }
        }

        double roundTrip(int percentile) {
            int n = Math.min(roundTripCount.get(), roundTrips.length);
            double[] ms = new double[n];
            for (int i = 0; i < n; i++) {
                ms[i] = roundTrips[i] / 1e6;
            }
            return n == 0 ? Double.NaN : Stats.percentile(ms, percentile);
        }

        void stop() {
            running.set(false);
            timer.shutdownNow();
            for (Charger c : chargers) {
                c.close();
            }
        }

        /** One charger: a session open from the start, its register rising by 11 kW. */
        private final class Charger implements WebSocket.Listener {
            private final int index;
            private final ConcurrentHashMap<String, CompletableFuture<String>> waiting = new ConcurrentHashMap<>();
            private final ConcurrentHashMap<String, Long> sentAt = new ConcurrentHashMap<>();
            private final AtomicInteger next = new AtomicInteger();
            private final StringBuilder text = new StringBuilder();
            private WebSocket socket;
            private volatile int transactionId;
            private long registerWh = 1_000_000;

            Charger(int index) {
                this.index = index;
            }

            CompletableFuture<Void> connect(HttpClient client) {
                String auth = Base64.getEncoder().encodeToString((id(index) + ":" + PASSWORD)
                        .getBytes(StandardCharsets.UTF_8));
                return client.newWebSocketBuilder().subprotocols("ocpp1.6").header("Authorization", "Basic " + auth)
                        .buildAsync(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id(index)), this)
                        .thenCompose(ws -> {
                            socket = ws;
                            return call("BootNotification", "{\"chargePointVendor\":\"Bench\",\"chargePointModel\":"
                                    + "\"Load\"}");
                        })
                        .thenCompose(a -> call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\","
                                + "\"status\":\"Preparing\"}"))
                        .thenCompose(a -> call("StartTransaction", "{\"connectorId\":1,\"idTag\":\"BENCH\","
                                + "\"meterStart\":" + registerWh + ",\"timestamp\":\"" + Instant.now() + "\"}"))
                        .thenCompose(a -> {
                            Matcher m = Pattern.compile("\"transactionId\":(\\d+)").matcher(a);
                            transactionId = m.find() ? Integer.parseInt(m.group(1)) : 0;
                            return call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\","
                                    + "\"status\":\"Charging\"}");
                        })
                        .thenAccept(a -> sessions.incrementAndGet());
            }

            void meterValues() {
                if (!running.get() || socket == null) {
                    return;
                }
                synchronized (this) {
                    registerWh += 11_000L * interval / 3600;
                }
                String payload = "{\"connectorId\":1,\"transactionId\":" + transactionId + ",\"meterValue\":[{"
                        + "\"timestamp\":\"" + Instant.now() + "\",\"sampledValue\":["
                        + "{\"value\":\"" + registerWh + "\",\"measurand\":\"Energy.Active.Import.Register\","
                        + "\"unit\":\"Wh\"},{\"value\":\"11040\",\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"},"
                        + "{\"value\":\"16.0\",\"measurand\":\"Current.Import\",\"phase\":\"L1\",\"unit\":\"A\"},"
                        + "{\"value\":\"16.0\",\"measurand\":\"Current.Import\",\"phase\":\"L2\",\"unit\":\"A\"},"
                        + "{\"value\":\"16.0\",\"measurand\":\"Current.Import\",\"phase\":\"L3\",\"unit\":\"A\"},"
                        + "{\"value\":\"16\",\"measurand\":\"Current.Offered\",\"unit\":\"A\"}]}]}";
                sent.incrementAndGet();
                call("MeterValues", payload);
            }

            private CompletableFuture<String> call(String action, String payload) {
                String id = Integer.toString(next.incrementAndGet());
                CompletableFuture<String> answer = new CompletableFuture<>();
                waiting.put(id, answer);
                sentAt.put(id, System.nanoTime());
                send("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
                return answer;
            }

            private synchronized void send(String frame) {
                try {
                    socket.sendText(frame, true).get(30, TimeUnit.SECONDS);
                } catch (Exception e) {
                    errors.incrementAndGet();
                }
            }

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    String frame = text.toString();
                    text.setLength(0);
                    received(frame);
                }
                ws.request(1);
                return null;
            }

            private void received(String frame) {
                Matcher m = Pattern.compile("^\\[(\\d),\"([^\"]*)\"").matcher(frame);
                if (!m.find()) {
                    return;
                }
                String id = m.group(2);
                if (m.group(1).equals("2")) {
                    // the server's own calls after the boot: a charger that takes A and accepts everything
                    String answer = frame.contains("\"GetConfiguration\"")
                            ? "{\"configurationKey\":[{\"key\":\"ChargingScheduleAllowedChargingRateUnit\","
                            + "\"readonly\":true,\"value\":\"Current\"}]}" : "{\"status\":\"Accepted\"}";
                    CompletableFuture.runAsync(() -> send("[3,\"" + id + "\"," + answer + "]"));
                    return;
                }
                if (m.group(1).equals("4")) {
                    errors.incrementAndGet();
                }
                Long at = sentAt.remove(id);
                if (at != null && frame.length() < 40) {
                    int n = roundTripCount.getAndIncrement();
                    if (n < roundTrips.length) {
                        roundTrips[n] = System.nanoTime() - at;
                    }
                }
                CompletableFuture<String> answer = waiting.remove(id);
                if (answer != null) {
                    answer.complete(frame);
                }
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                if (running.get()) {
                    closed.incrementAndGet();
                }
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                if (running.get()) {
                    closed.incrementAndGet();
                }
            }

            void close() {
                if (socket != null) {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "done").exceptionally(e -> null);
                }
            }
        }
    }
}
