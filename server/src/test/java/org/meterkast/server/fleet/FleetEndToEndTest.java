package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import com.hivemq.client.mqtt.MqttClient;
import com.hivemq.client.mqtt.datatypes.MqttQos;
import com.hivemq.client.mqtt.mqtt5.Mqtt5BlockingClient;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.server.TestHousehold;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;
import org.meterkast.sim.TelegramMqttPublisher;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.support.GenericApplicationContext;

/**
 * Two nodes in one JVM (two Spring contexts on one embedded PostgreSQL) share the fleet subscription on the
 * machine's Mosquitto: each telegram reaches exactly one node's intake, and a browser's live stream on node B shows
 * a meter whose telegrams node A takes too. JUnit tag {@code cluster}: the embedded Moquette 0.17 has no MQTT 5 and
 * no shared subscriptions. The intake is the test's own recording one, as the node's only (primary) intake.
 */
@Tag("cluster")
class FleetEndToEndTest {
    private static final String BROKER = "tcp://127.0.0.1:1883";
    private static final String RUN = "mk-e2e-" + UUID.randomUUID().toString().substring(0, 8);
    private static final Instant START = Instant.parse("2026-03-02T10:00:00Z");
    private static final Pattern TIME = Pattern.compile("\"time\":\"([^\"]+)\"");
    private static EmbeddedPostgres postgres;
    private static ConfigurableApplicationContext a;
    private static ConfigurableApplicationContext b;
    private static final RecordingIntake ON_A = new RecordingIntake();
    private static final RecordingIntake ON_B = new RecordingIntake().answeringAfter(10);

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        String url = postgres.getJdbcUrl("postgres", "postgres");
        a = node(url, "a", ON_A);
        b = node(url, "b", ON_B);
    }

    @AfterAll
    static void stop() throws IOException {
        for (ConfigurableApplicationContext node : new ConfigurableApplicationContext[] {a, b}) {
            if (node != null) {
                node.close();
            }
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    static ConfigurableApplicationContext node(String jdbcUrl, String name, RecordingIntake intake) {
        return new SpringApplicationBuilder(MeterkastApplication.class)
                .initializers(context -> ((GenericApplicationContext) context).registerBean("recordingIntake",
                        TelegramIntake.class, () -> intake, bean -> bean.setPrimary(true)))
                .run("--server.port=0",
                        "--spring.datasource.url=" + jdbcUrl,
                        "--spring.datasource.username=postgres",
                        "--meterkast.meters.home.type=none",
                        "--meterkast.demo.enabled=false",
                        "--meterkast.mqtt.url=" + BROKER,
                        "--meterkast.fleet.enabled=true",
                        "--meterkast.fleet.topic=" + RUN + "/+/p1",
                        "--meterkast.fleet.group=" + RUN,
                        "--meterkast.fleet.node=" + RUN + "-" + name,
                        "--meterkast.fleet.live-grace=1s");
    }

    private static int port(ConfigurableApplicationContext node) {
        return ((WebServerApplicationContext) node).getWebServer().getPort();
    }

    private static Mqtt5BlockingClient publisher5() {
        Mqtt5BlockingClient p = MqttClient.builder().useMqttVersion5().identifier("pub5-" + UUID.randomUUID())
                .serverHost("127.0.0.1").serverPort(1883).buildBlocking();
        p.connect();
        return p;
    }

    private static void publish(Mqtt5BlockingClient p, String meter, Telegram t) {
        p.publishWith().topic(RUN + "/" + meter + "/p1").qos(MqttQos.AT_LEAST_ONCE).payload(TelegramWriter.toBytes(t))
                .send();
    }

    /** A telegram event on a stream: the meter's time of the telegram, and when it arrived (System.nanoTime). */
    private record Arrival(Instant time, long nanos) {
    }

    /** A browser's live stream of the meter on a node: each telegram event's meter time, as it arrives. */
    private record LiveStream(BlockingQueue<Arrival> arrivals, AtomicReference<InputStream> body) {
        static LiveStream open(ConfigurableApplicationContext node, String meter) {
            BlockingQueue<Arrival> times = new LinkedBlockingQueue<>();
            AtomicReference<InputStream> body = new AtomicReference<>();
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port(node) + "/api/meters/"
                            + meter + "/live"))
                    .header("Authorization", TestHousehold.bearer(node, meter))
                    .header("Accept", "text/event-stream").build();
            HttpClient.newHttpClient().sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
                    .thenAcceptAsync(response -> {
                        assertThat(response.statusCode()).isEqualTo(200);
                        body.set(response.body());
                        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(),
                                StandardCharsets.UTF_8))) {
                            for (String line; (line = lines.readLine()) != null; ) {
                                Matcher m = TIME.matcher(line);
                                if (line.startsWith("data:") && m.find()) {
                                    times.add(new Arrival(Instant.parse(m.group(1)), System.nanoTime()));
                                }
                            }
                        } catch (IOException e) {
                            // closed by the test: the browser left
                        }
                    });
            return new LiveStream(times, body);
        }

        /** The browser leaves: its connection closes. */
        void close() throws IOException {
            body.get().close();
        }
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as(what).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @Test
    void eachTelegramReachesOneNodeAndNodeBsBrowserSeesAMeterNodeATakes() throws Exception {
        List<String> meters = List.of("e2e-1", "e2e-2", "e2e-3", "e2e-4", "e2e-5");
        Map<String, SimulatedMeter> sims = new HashMap<>();
        for (int i = 0; i < meters.size(); i++) {
            sims.put(meters.get(i), new SimulatedMeter(new Household(HouseholdSettings.defaults(40 + i)), START));
        }
        awaitTrue(() -> a.getBean(FleetSubscription.class).counts().connections() >= 1
                && b.getBean(FleetSubscription.class).counts().connections() >= 1, "both nodes connected");
        Thread.sleep(500);      // their subscriptions in place

        LiveStream browser = LiveStream.open(b, "e2e-1");
        Mqtt5BlockingClient dongles5 = publisher5();
        int onA = ON_A.got.size();
        int onB = ON_B.got.size();
        List<Instant> sent = new ArrayList<>();
        // meters 1..3 publish with MQTT 5, meters 4 and 5 with MQTT 3.1.1, one telegram a second of meter time each
        try (TelegramMqttPublisher dongle4 = TelegramMqttPublisher.connect(BROKER, RUN + "/e2e-4/p1");
             TelegramMqttPublisher dongle5 = TelegramMqttPublisher.connect(BROKER, RUN + "/e2e-5/p1")) {
            for (int s = 1; s <= 40; s++) {
                Instant at = START.plusSeconds(s);
                for (String meter : meters.subList(0, 3)) {
                    publish(dongles5, meter, sims.get(meter).next(at));
                }
                dongle4.publish(TelegramWriter.toBytes(sims.get("e2e-4").next(at)));
                dongle5.publish(TelegramWriter.toBytes(sims.get("e2e-5").next(at)));
                sent.add(at);
                Thread.sleep(25);
            }
        }
        awaitTrue(() -> ON_A.got.size() - onA + ON_B.got.size() - onB == 200, "all 200 taken");

        List<RecordingIntake.Got> tookA = ON_A.got.subList(onA, ON_A.got.size());
        List<RecordingIntake.Got> tookB = ON_B.got.subList(onB, ON_B.got.size());
        Set<RecordingIntake.Got> overlap = new HashSet<>(tookA);
        overlap.retainAll(new HashSet<>(tookB));
        assertThat(overlap).as("no telegram taken by both").isEmpty();
        Set<RecordingIntake.Got> all = new HashSet<>(tookA);
        all.addAll(tookB);
        assertThat(all).hasSize(200);
        for (String meter : meters) {
            assertThat(all.stream().filter(g -> g.meter().equals(meter)).count()).as(meter).isEqualTo(40);
        }
        List<String> e2e1OnA = tookA.stream().filter(g -> g.meter().equals("e2e-1")).map(RecordingIntake.Got::text)
                .toList();
        assertThat(e2e1OnA).as("node A takes some of e2e-1's telegrams").isNotEmpty();

        // the browser on B saw e2e-1's telegrams in order, those A took among them, each once
        awaitTrue(() -> browser.arrivals().size() >= 10, "the stream on B shows e2e-1");
        Thread.sleep(300);
        List<Instant> shown = browser.arrivals().stream().map(Arrival::time).toList();
        assertThat(shown).isSorted().doesNotHaveDuplicates();
        assertThat(sent).containsAll(shown);
        assertThat(shown.get(shown.size() - 1)).isEqualTo(sent.get(sent.size() - 1));
        Set<Instant> takenByA = new HashSet<>();
        for (String text : e2e1OnA) {
            takenByA.add(new org.meterkast.p1.TelegramParser().parse(text.getBytes(
                    StandardCharsets.US_ASCII)).timestamp().orElseThrow());
        }
        assertThat(shown).as("B's browser shows telegrams that A stored").containsAnyElementsOf(takenByA);
        assertThat(b.getBean(FleetLiveFeed.class).followed()).contains("e2e-1");
        assertThat(a.getBean(FleetLiveFeed.class).followed()).doesNotContain("e2e-1");

        // the browser leaves: the server finds out at its next write to the stream (the meter goes on sending), and B
        // stops following the meter after the grace
        browser.close();
        SimulatedMeter e2e1 = sims.get("e2e-1");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        for (int s = 41; b.getBean(FleetLiveFeed.class).followed().contains("e2e-1"); s++) {
            assertThat(System.nanoTime()).as("B no longer follows e2e-1").isLessThan(deadline);
            publish(dongles5, "e2e-1", e2e1.next(START.plusSeconds(s)));
            Thread.sleep(200);
        }
        dongles5.disconnect();
    }

    /**
     * The delay from a dongle's publish to the telegram's event on a browser's stream of another node: 400 telegrams,
     * 20 a second (meter time one second apart). Printed, not asserted (docs/BENCHMARKS.md, "Fleet: live values
     * through the broker").
     */
    @Test
    void onPostgreSqlTheDriverSendsBatchesAsMultiRowInserts() {
        for (ConfigurableApplicationContext node : List.of(a, b)) {
            HikariDataSource data = node.getBean(HikariDataSource.class);
            assertThat(data.getDataSourceProperties()).containsEntry(FleetDataSourceSetup.REWRITE, "true");
        }
    }

    @Test
    void publishToBrowserDelay() throws Exception {
        SimulatedMeter sim = new SimulatedMeter(new Household(HouseholdSettings.defaults(77)), START);
        LiveStream browser = LiveStream.open(b, "delay-1");
        Mqtt5BlockingClient dongle = publisher5();
        // until B follows the meter: a telegram published before its subscription is heard by nobody on B
        int s = 0;
        while (browser.arrivals().isEmpty()) {
            publish(dongle, "delay-1", sim.next(START.plusSeconds(++s)));
            Thread.sleep(100);
        }
        Thread.sleep(300);
        browser.arrivals().clear();
        Map<Instant, Long> published = new HashMap<>();
        int count = 400;
        for (int i = 0; i < count; i++) {
            Telegram t = sim.next(START.plusSeconds(++s));
            published.put(t.timestamp().orElseThrow(), System.nanoTime());
            publish(dongle, "delay-1", t);
            Thread.sleep(50);
        }
        awaitTrue(() -> browser.arrivals().size() >= count, "all " + count + " on the stream");
        long[] micros = browser.arrivals().stream()
                .mapToLong(arrival -> (arrival.nanos() - published.get(arrival.time())) / 1_000).sorted().toArray();
        System.out.printf("fleet live delay, publish to browser event on another node, %d telegrams: p50 %.1f ms, "
                        + "p90 %.1f ms, p99 %.1f ms, max %.1f ms%n", micros.length, micros[micros.length / 2] / 1e3,
                micros[micros.length * 90 / 100] / 1e3, micros[micros.length * 99 / 100] / 1e3,
                micros[micros.length - 1] / 1e3);
        assertThat(micros).hasSize(count);
        browser.close();
        dongle.disconnect();
    }
}
