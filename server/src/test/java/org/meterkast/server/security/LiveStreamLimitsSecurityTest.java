package org.meterkast.server.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.server.TestHousehold;
import org.meterkast.server.account.Browser;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.live.LiveState;
import org.meterkast.server.live.LiveStreamCounts;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.tomcat.servlet.TomcatServletWebServerFactory;
import org.springframework.boot.web.server.WebServerFactoryCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Live streams over real HTTP can no longer take the server down: an account gets so many and the server so many
 * (beyond: 429, 503), a browser that stops reading is dropped while the meter goes on reading, each stream ends after
 * its time, and a stream ends once the API token it was opened with is revoked or its session logged out.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class LiveStreamLimitsSecurityTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration TIMEOUT = Duration.ofSeconds(8);

    /** Small socket buffers, so a browser that stops reading fills them after a few events, not megabytes. */
    @TestConfiguration
    static class SmallSocketBuffers {
        @Bean
        WebServerFactoryCustomizer<TomcatServletWebServerFactory> smallSendBuffer() {
            return factory -> factory.addConnectorCustomizers(c -> c.setProperty("socket.txBufSize", "4096"));
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Path folder = Files.createTempDirectory("live-limits");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("live.db"));
        registry.add("meterkast.meters.home.history-days", () -> 1);
        registry.add("meterkast.live.max-streams-per-account", () -> 3);
        registry.add("meterkast.live.max-streams", () -> 5);
        registry.add("meterkast.live.stream-timeout", () -> TIMEOUT.toMillis() + "ms");
        registry.add("meterkast.live.heartbeat", () -> "500ms");
        // a write to a socket that takes nothing fails after this
        registry.add("server.tomcat.connection-timeout", () -> "2s");
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ApplicationEventPublisher events;
    @Autowired
    LiveState live;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<AutoCloseable> open = new ArrayList<>();

    @BeforeEach
    void noStreamLeftOpen() {
        // a closed stream is noticed at the next heartbeat
        await(Duration.ofSeconds(15), () -> live.streamCounts().open() == 0);
    }

    @org.junit.jupiter.api.AfterEach
    void closeStreams() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
        open.clear();
    }

    @Test
    void anAccountGetsItsMaximumOfStreamsThenA429AndTheServerItsMaximumThenA503() throws Exception {
        String first = TestHousehold.bearer(context, "limits-first");
        String second = TestHousehold.bearer(context, "limits-second");
        long refusedBefore = live.streamCounts().refused();
        for (int i = 0; i < 3; i++) {
            Reader stream = stream("/api/meters/limits-first/live", "Authorization", first);
            stream.awaitLine(l -> l.startsWith("retry:"));
        }

        HttpResponse<String> fourth = refusedStream("/api/meters/limits-first/live", "Authorization", first, "en");
        assertThat(fourth.statusCode()).isEqualTo(429);
        assertThat(fourth.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(fourth.body()).get("error").asString()).isEqualTo(
                "you have 3 live streams open already, the most an account may have: close a page or wait a few minutes");

        for (int i = 0; i < 2; i++) {
            stream("/api/meters/limits-second/live", "Authorization", second).awaitLine(l -> l.startsWith("retry:"));
        }
        HttpResponse<String> sixth = refusedStream("/api/meters/limits-second/live", "Authorization", second, "nl");
        assertThat(sixth.statusCode()).isEqualTo(503);
        assertThat(JSON.readTree(sixth.body()).get("error").asString()).isEqualTo(
                "de server heeft al 5 live-streams open, het maximum dat hij bedient: probeer het over enkele minuten opnieuw");

        // an EventSource asks for text/event-stream only; a refusal for another reason is JSON too
        HttpResponse<String> unknown = refusedStream("/api/meters/no-such-meter/live", "Authorization", first, "en");
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(JSON.readTree(unknown.body()).get("error").asString()).isEqualTo("unknown meter 'no-such-meter'");

        LiveStreamCounts counts = live.streamCounts();
        assertThat(counts.open()).isEqualTo(5);
        assertThat(counts.refused()).isEqualTo(refusedBefore + 2);
    }

    @Test
    void aBrowserThatStopsReadingIsDroppedWhileTheMeterGoesOnReadingAndTheOthersGetEveryEvent() throws Exception {
        String home = TestHousehold.bearer(context, "home");
        String bearer = TestHousehold.bearer(context, "slow");
        long telegramsBefore = await(Duration.ofSeconds(60), () -> homeTelegrams(home) > 0) ? homeTelegrams(home) : 0;
        long droppedBefore = live.streamCounts().dropped();
        Telegram telegram = telegram();

        Reader reading = stream("/api/meters/slow/live", "Authorization", bearer);
        reading.awaitLine(l -> l.startsWith("retry:"));
        // a browser that reads the answer's head, then nothing more, with the smallest window it may announce
        Socket stuck = new Socket();
        open.add(stuck);
        stuck.setReceiveBufferSize(1024);
        stuck.connect(new InetSocketAddress("127.0.0.1", port), 5000);
        OutputStream out = stuck.getOutputStream();
        out.write(("GET /api/meters/slow/live HTTP/1.1\r\nHost: 127.0.0.1:" + port
                + "\r\nAccept: text/event-stream\r\nAuthorization: " + bearer + "\r\n\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        out.flush();
        assertThat(head(stuck.getInputStream())).startsWith("HTTP/1.1 200");
        await(Duration.ofSeconds(5), () -> live.streamCounts().open() == 2);

        // 50 telegrams a second for 3 seconds, each told to both streams; the meter's thread never waits. Each a
        // second later on the meter's clock than the one before: the live view drops one not newer than the last
        long slowestNanos = 0;
        int sent = 150;
        List<Telegram> telegrams = new ArrayList<>();
        for (int i = 0; i <= sent; i++) {
            telegrams.add(telegram.toBuilder().timestamp(telegram.timestamp().orElseThrow().plusSeconds(i)).build());
        }
        for (int i = 0; i < sent; i++) {
            long start = System.nanoTime();
            events.publishEvent(new TelegramReceived("slow", Instant.now(), telegrams.get(i)));
            slowestNanos = Math.max(slowestNanos, System.nanoTime() - start);
            Thread.sleep(20);
        }
        assertThat(live.streamCounts().dropped()).isEqualTo(droppedBefore + 1);
        assertThat(Duration.ofNanos(slowestNanos)).isLessThan(Duration.ofMillis(500));
        assertThat(reading.await(() -> reading.telegrams.get() == sent)).as("telegrams the reading browser got")
                .isTrue();

        // the stuck connection's write fails after the connector's timeout, and the stream no longer counts
        assertThat(await(Duration.ofSeconds(15), () -> live.streamCounts().open() == 1)).isTrue();
        events.publishEvent(new TelegramReceived("slow", Instant.now(), telegrams.get(sent)));
        assertThat(reading.await(() -> reading.telegrams.get() == sent + 1)).isTrue();
        assertThat(reading.ended.getCount()).isEqualTo(1);
        // the simulated meter kept reading all along
        assertThat(await(Duration.ofSeconds(10), () -> homeTelegrams(home) > telegramsBefore + 3)).isTrue();
    }

    @Test
    void aStreamEndsAfterItsTimeAndTellsTheBrowserWhenToComeBack() throws Exception {
        String bearer = TestHousehold.bearer(context, "timeout");
        long timedOutBefore = live.streamCounts().timedOut();
        long start = System.nanoTime();
        Reader stream = stream("/api/meters/timeout/live", "Authorization", bearer);
        stream.awaitLine(l -> l.equals("retry:10000"));

        assertThat(stream.ended.await(TIMEOUT.toSeconds() + 10, TimeUnit.SECONDS)).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(TIMEOUT.minusSeconds(1));
        assertThat(stream.heartbeats.get()).isGreaterThanOrEqualTo(3);
        assertThat(live.streamCounts().timedOut()).isEqualTo(timedOutBefore + 1);
        assertThat(await(Duration.ofSeconds(5), () -> live.streamCounts().open() == 0)).isTrue();
    }

    @Test
    void aStreamEndsOnceTheTokenItWasOpenedWithIsRevoked() throws Exception {
        String bearer = TestHousehold.bearer(context, "revoked-token");
        long revokedBefore = live.streamCounts().revoked();
        Reader stream = stream("/api/meters/revoked-token/live", "Authorization", bearer);
        long start = System.nanoTime();
        stream.awaitLine(l -> l.equals(":"));

        JsonNode tokens = JSON.readTree(request("GET", "/api/account/tokens", bearer).body());
        assertThat(tokens.size()).isEqualTo(1);
        assertThat(request("DELETE", "/api/account/tokens/" + tokens.get(0).get("id").asLong(), bearer).statusCode())
                .isBetween(200, 204);

        assertThat(stream.ended.await(3, TimeUnit.SECONDS)).as("stream ended after the revocation").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        assertThat(live.streamCounts().revoked()).isEqualTo(revokedBefore + 1);
        assertThat(request("GET", "/api/meters/revoked-token/live", bearer).statusCode()).isEqualTo(401);
    }

    @Test
    void aStreamEndsOnceItsSessionIsLoggedOut() throws Exception {
        TestHousehold.Login login = TestHousehold.login(context, "logged-out");
        Browser browser = Probe.loggedIn(port, login.email(), login.password());
        long revokedBefore = live.streamCounts().revoked();
        Reader stream = stream("/api/meters/logged-out/live", "Cookie", "SESSION=" + browser.cookie("SESSION"));
        long start = System.nanoTime();
        stream.awaitLine(l -> l.equals(":"));
        assertThat(stream.ended.getCount()).isEqualTo(1);

        assertThat(browser.post("/api/account/logout", null).status()).isEqualTo(204);

        assertThat(stream.ended.await(3, TimeUnit.SECONDS)).as("stream ended after the logout").isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT);
        assertThat(live.streamCounts().revoked()).isEqualTo(revokedBefore + 1);
    }

    /** A stream opened as a browser's EventSource does, read line by line on a thread of its own. */
    private Reader stream(String path, String header, String value) throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").header(header, value).GET().build();
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).as("GET " + path).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type").orElse("")).startsWith("text/event-stream");
        Reader reader = new Reader(response.body());
        open.add(reader);
        return reader;
    }

    private HttpResponse<String> refusedStream(String path, String header, String value, String language)
            throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Accept", "text/event-stream").header("Accept-Language", language).header(header, value)
                .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> request(String method, String path, String bearer) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .header("Authorization", bearer).header("Accept", "application/json").timeout(Duration.ofSeconds(10))
                .method(method, HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
    }

    private long homeTelegrams(String bearer) {
        try {
            for (JsonNode meter : JSON.readTree(request("GET", "/api/meters", bearer).body())) {
                if (meter.get("id").asString().equals("home") && meter.hasNonNull("counts")) {
                    return meter.get("counts").get("telegrams").asLong();
                }
            }
            return 0;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private static Telegram telegram() throws IOException {
        try (InputStream in = LiveStreamLimitsSecurityTest.class
                .getResourceAsStream("/telegrams/fluvius-v217-ha-core-107813-1.txt")) {
            return new TelegramParser().parse(in.readAllBytes());
        }
    }

    /** The answer's head, read byte by byte so nothing of the body is taken. */
    private static String head(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        return head.toString();
    }

    private static boolean await(Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
        return true;
    }

    /** Reads a stream's lines, counting telegram events and heartbeats, until it ends. */
    private static final class Reader implements AutoCloseable {
        final InputStream body;
        final AtomicInteger telegrams = new AtomicInteger();
        final AtomicInteger heartbeats = new AtomicInteger();
        final List<String> lines = java.util.Collections.synchronizedList(new ArrayList<>());
        final CountDownLatch ended = new CountDownLatch(1);

        Reader(InputStream body) {
            this.body = body;
            Thread t = new Thread(() -> {
                try (BufferedReader in = new BufferedReader(new InputStreamReader(body, StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = in.readLine()) != null) {
                        if (line.equals("event:telegram")) {
                            telegrams.incrementAndGet();
                        } else if (line.equals(":")) {
                            heartbeats.incrementAndGet();
                        }
                        if (lines.size() < 100) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    // closed by the test, or reset
                } finally {
                    ended.countDown();
                }
            }, "live-stream-reader");
            t.setDaemon(true);
            t.start();
        }

        boolean await(BooleanSupplier condition) {
            return LiveStreamLimitsSecurityTest.await(Duration.ofSeconds(10), condition);
        }

        void awaitLine(java.util.function.Predicate<String> wanted) {
            assertThat(await(() -> {
                synchronized (lines) {
                    return lines.stream().anyMatch(wanted);
                }
            })).as("a line as wanted among " + lines).isTrue();
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }
}
