package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.p1.stream.TelegramListener;

/** The HomeWizard source against a real HTTP server on localhost, with waits shortened to milliseconds. */
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class HomeWizardMeterSourceTest {
    static final HomeWizardMeterSource.Timing FAST = new HomeWizardMeterSource.Timing(Duration.ofMillis(10),
            Duration.ofSeconds(2), Duration.ofMillis(20), Duration.ofMillis(40));

    /** One scripted answer of the dongle. */
    record Answer(int status, byte[] body) {
        static Answer telegram(int second) {
            return new Answer(200, TelegramWriter.toBytes(MeterFeed.telegram(second)));
        }

        static Answer status(int status, String body) {
            return new Answer(status, body.getBytes(StandardCharsets.UTF_8));
        }
    }

    private HttpServer server;
    private HomeWizardMeterSource source;

    @AfterEach
    void stop() {
        if (source != null) {
            source.close();
        }
        if (server != null) {
            server.stop(0);
        }
    }

    /** Serves the answers in turn, then the last one for ever; counts the requests. */
    private URI serve(List<Answer> answers, AtomicInteger requests) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/telegram", exchange -> {
            int n = requests.getAndIncrement();
            Answer answer = answers.get(Math.min(n, answers.size() - 1));
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        });
        server.start();
        return HomeWizardMeterSource.telegramUri("127.0.0.1:" + server.getAddress().getPort());
    }

    @Test
    void deliversEachTelegramOnceAndBacksOffWhileTheDongleRefuses() throws Exception {
        List<Answer> script = List.of(
                Answer.telegram(0), Answer.telegram(0), Answer.telegram(1),
                Answer.status(403, "{\"error\":\"api:disabled\"}"),
                Answer.status(403, "{\"error\":\"api:disabled\"}"),
                Answer.status(403, "{\"error\":\"api:disabled\"}"),
                Answer.telegram(1),                             // the same telegram as before the refusals
                Answer.telegram(2),
                Answer.status(200, "<html>router login</html>"),
                Answer.telegram(3));
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve(script, requests);
        Events events = new Events();
        source = new HomeWizardMeterSource("hw", uri, FAST, false);

        source.start(events);
        events.awaitTelegram(MeterFeed.START.plusSeconds(3).toString());
        int served = requests.get();
        while (requests.get() < served + 5) {
            Thread.sleep(10);       // the last telegram, fetched again and again
        }
        source.close();
        int afterClose = events.list.size();

        String url = uri.toString();
        assertThat(events.list).containsExactly(
                "connected " + url,
                "telegram " + MeterFeed.START.plusSeconds(0),
                "telegram " + MeterFeed.START.plusSeconds(1),
                "open failed in PT0.02S: " + url + " answered 403 Forbidden: is the local API switched on in the "
                        + "HomeWizard Energy app (Settings, Meters, this meter, Local API)?; body: "
                        + "'{\"error\":\"api:disabled\"}'",
                "open failed in PT0.04S: " + url + " answered 403 Forbidden: is the local API switched on in the "
                        + "HomeWizard Energy app (Settings, Meters, this meter, Local API)?; body: "
                        + "'{\"error\":\"api:disabled\"}'",
                "open failed in PT0.04S: " + url + " answered 403 Forbidden: is the local API switched on in the "
                        + "HomeWizard Energy app (Settings, Meters, this meter, Local API)?; body: "
                        + "'{\"error\":\"api:disabled\"}'",
                "connected " + url,
                "telegram " + MeterFeed.START.plusSeconds(2),
                "rejected TRUNCATED",       // what the framer made of it: a '/' never ended by '!'
                "open failed in PT0.02S: " + url + " answered 200 but its body holds no valid P1 telegram: "
                        + "'<html>router login</html>'",
                "connected " + url,
                "telegram " + MeterFeed.START.plusSeconds(3));
        Thread.sleep(100);
        assertThat(events.list).as("nothing after close()").hasSize(afterClose);
    }

    @Test
    void aBrokenTelegramIsCountedAndTheRequestTriedAgain() throws Exception {
        byte[] good = TelegramWriter.toBytes(MeterFeed.telegram(0));
        byte[] badCrc = good.clone();
        badCrc[badCrc.length - 4] = (byte) (badCrc[badCrc.length - 4] == 'A' ? 'B' : 'A');
        AtomicInteger requests = new AtomicInteger();
        URI uri = serve(List.of(new Answer(200, badCrc), new Answer(200, badCrc), Answer.telegram(1)), requests);
        Events events = new Events();
        source = new HomeWizardMeterSource("hw", uri, FAST, false);

        source.start(events);
        events.awaitTelegram(MeterFeed.START.plusSeconds(1).toString());
        source.close();

        String failed = uri + " answered 200 but its body holds no valid P1 telegram: ";
        assertThat(events.list).hasSize(6).startsWith("rejected BAD_CRC")
                .endsWith("connected " + uri, "telegram " + MeterFeed.START.plusSeconds(1));
        assertThat(events.list.get(1)).startsWith("open failed in PT0.02S: " + failed + "'/FLU5\\253769484_A");
        assertThat(events.list.get(2)).isEqualTo("rejected BAD_CRC");
        assertThat(events.list.get(3)).startsWith("open failed in PT0.04S: " + failed);
    }

    @Test
    void aDongleThatIsNotThereIsReportedWithItsUrl() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        URI uri = HomeWizardMeterSource.telegramUri("127.0.0.1:" + port);
        Events events = new Events();
        source = new HomeWizardMeterSource("hw", uri, FAST, false);

        source.start(events);
        String first = events.queue.poll(10, TimeUnit.SECONDS);
        String second = events.queue.poll(10, TimeUnit.SECONDS);
        source.close();

        assertThat(first).isEqualTo("open failed in PT0.02S: cannot reach " + uri
                + ": connection refused or no route to host");
        assertThat(second).startsWith("open failed in PT0.04S: cannot reach " + uri);
    }

    @Test
    void closeEndsARequestTheDongleDoesNotAnswer() throws Exception {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        AtomicInteger requests = new AtomicInteger();
        server.createContext("/api/v1/telegram", exchange -> {
            requests.incrementAndGet();
            try {
                Thread.sleep(30_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.setExecutor(java.util.concurrent.Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "silent-dongle");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        Events events = new Events();
        source = new HomeWizardMeterSource("hw",
                HomeWizardMeterSource.telegramUri("127.0.0.1:" + server.getAddress().getPort()),
                new HomeWizardMeterSource.Timing(Duration.ofSeconds(1), Duration.ofSeconds(20),
                        Duration.ofSeconds(1), Duration.ofSeconds(60)), false);
        source.start(events);
        while (requests.get() == 0) {
            Thread.sleep(10);
        }

        long started = System.nanoTime();
        source.close();

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(2));
        assertThat(events.list).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        192.168.1.60                          | http://192.168.1.60/api/v1/telegram
        p1meter.local:8080                    | http://p1meter.local:8080/api/v1/telegram
        http://192.168.1.60/                  | http://192.168.1.60/api/v1/telegram
        HTTP://192.168.1.60                   | http://192.168.1.60/api/v1/telegram
        https://p1.example/api/v1/telegram    | https://p1.example/api/v1/telegram
        http://proxy.lan/hw1                  | http://proxy.lan/hw1/api/v1/telegram
        [fe80::1]                             | http://[fe80::1]/api/v1/telegram
        """)
    void anAddressBecomesTheTelegramUrl(String address, String url) {
        assertThat(HomeWizardMeterSource.telegramUri(address)).hasToString(url);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
        ftp://192.168.1.60         | 'ftp://192.168.1.60': the URL must start with http:// or https://
        http://                    | 'http://' is not a host name, an address or a URL: Expected authority at index 7: http://
        192.168.1.60/x?y=1         | '192.168.1.60/x?y=1': give the dongle's address without ? or #
        """)
    void aWrongAddressIsRefusedWithTheAddress(String address, String message) {
        assertThatThrownBy(() -> HomeWizardMeterSource.telegramUri(address)).hasMessage(message);
    }

    /** What the source told its listener, as text, in order. */
    static final class Events implements TelegramListener {
        final List<String> list = new CopyOnWriteArrayList<>();
        final BlockingQueue<String> queue = new LinkedBlockingQueue<>();

        private void add(String event) {
            list.add(event);
            queue.add(event);
        }

        void awaitTelegram(String time) throws InterruptedException {
            List<String> seen = new ArrayList<>();
            String wanted = "telegram " + time;
            while (!seen.contains(wanted)) {
                String event = queue.poll(10, TimeUnit.SECONDS);
                assertThat(event).as("%s after %s", wanted, seen).isNotNull();
                seen.add(event);
            }
        }

        @Override
        public void onTelegram(Telegram telegram) {
            add("telegram " + telegram.timestamp().orElseThrow());
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            add("rejected " + reason);
        }

        @Override
        public void onParseError(P1FormatException error) {
            add("parse error " + error.getMessage());
        }

        @Override
        public void onConnected(String source) {
            add("connected " + source);
        }

        @Override
        public void onOpenFailed(IOException cause, Duration retryIn) {
            add("open failed in " + retryIn + ": " + cause.getMessage());
        }

        @Override
        public void onDisconnected(IOException cause) {
            add("disconnected");
        }
    }
}
