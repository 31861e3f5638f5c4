package org.meterkast.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.TestServer;
import org.meterkast.server.ingest.IngestCounts;
import org.meterkast.server.ingest.IngestService;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * {@code GET /metrics} on the whole server over real HTTP, turned on with a token: a data logger pushes 80 telegrams
 * and one with a broken CRC to the meter {@code attic}; Prometheus' scrape, parsed, counts exactly those.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsEndpointTest {
    static final String METRICS_TOKEN = "prometheus-0123456789-abcdefgh";
    static final String ATTIC_TOKEN = "attic-0123456789-abcdef";
    /** 80 telegrams 30 s apart from here: 40 minutes, so two whole quarters close. */
    static final Instant START = Quarter.containing(Instant.now()).start().minusSeconds(3600 + 30);

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        TestServer.sqliteWithoutAMeterAtHome(registry,
                Files.createTempDirectory("meterkast-metrics").resolve("meterkast.db"));
        TestServer.pushMeter(registry, "attic", ATTIC_TOKEN);
        registry.add("meterkast.metrics.enabled", () -> "true");
        registry.add("meterkast.metrics.token", () -> METRICS_TOKEN);
    }

    @LocalServerPort
    int port;
    @Autowired
    IngestService ingest;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    static byte[] telegram(int i) {
        long wh = 1_000_000 + 25L * i;
        Telegram t = Telegram.builder(Dialect.BELGIAN).header("FLU5\\253769484_A").version("50217")
                .equipmentId("1SAG1100000292").timestamp(START.plusSeconds(30L * i))
                .energyImported(Tariff.DAY, wh).energyImported(Tariff.NIGHT, 2_000_000)
                .energyExported(Tariff.DAY, 0).energyExported(Tariff.NIGHT, 0).tariff(Tariff.DAY).build();
        return TelegramWriter.toBytes(t);
    }

    HttpResponse<String> get(String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                .timeout(Duration.ofSeconds(10)).GET();
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The samples of a scrape in Prometheus' text format, by name and labels as written: comments left out. */
    static Map<String, Double> samples(String scrape) {
        Map<String, Double> samples = new TreeMap<>();
        for (String line : scrape.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            int space = line.lastIndexOf(' ');
            samples.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
        }
        return samples;
    }

    @Test
    void aScrapeCountsTheTelegramsPushedAndRefusesWithoutTheToken() throws Exception {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        for (int i = 0; i < 80; i++) {
            body.writeBytes(telegram(i));
        }
        byte[] broken = telegram(80);
        broken[broken.length / 2] = (byte) (broken[broken.length / 2] == '1' ? '2' : '1');
        body.writeBytes(broken);
        HttpResponse<String> pushed = http.send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/api/meters/attic/telegrams"))
                .header("Authorization", "Bearer " + ATTIC_TOKEN).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(200);

        assertThat(get(null).statusCode()).isEqualTo(401);
        assertThat(get("Bearer " + METRICS_TOKEN + "x").statusCode()).isEqualTo(401);
        assertThat(get(null).headers().firstValue("WWW-Authenticate")).hasValueSatisfying(
                h -> assertThat(h).startsWith("Bearer"));

        HttpResponse<String> scrape = get("Bearer " + METRICS_TOKEN);
        assertThat(scrape.statusCode()).isEqualTo(200);
        assertThat(scrape.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/plain").contains("version=0.0.4"));
        Map<String, Double> samples = samples(scrape.body());
        IngestCounts counts = ingest.counts("attic").orElseThrow();

        assertThat(samples).containsEntry("meterkast_telegrams_total{meter=\"attic\"}", 80.0)
                .containsEntry("meterkast_telegrams_rejected_total{meter=\"attic\",reason=\"bad_crc\"}", 1.0)
                .containsEntry("meterkast_telegrams_rejected_total{meter=\"attic\",reason=\"truncated\"}", 0.0)
                .containsEntry("meterkast_quarters_stored_total{meter=\"attic\"}", (double) counts.quartersStored())
                .containsEntry("meterkast_telegram_delay_seconds_count", 80.0);
        assertThat(counts.quartersStored()).isGreaterThanOrEqualTo(2);
        // every telegram was stamped between 20 and 61 minutes before it arrived: all in the buckets from 5 minutes
        assertThat(samples.get("meterkast_telegram_delay_seconds_bucket{le=\"60.0\"}")).isZero();
        assertThat(samples.get("meterkast_telegram_delay_seconds_bucket{le=\"+Inf\"}")).isEqualTo(80.0);
        assertThat(samples.keySet()).anyMatch(k -> k.startsWith("jvm_memory_used_bytes{area=\"heap\""))
                .anyMatch(k -> k.startsWith("http_server_requests_seconds_count{") && k.contains("uri=\"/api/meters/"));
    }

    @Test
    void aServerToldToAnswerWithoutAUsableTokenDoesNotStart() {
        assertThatThrownBy(() -> new MetricsSettings(true, "")).hasMessageContaining("meterkast.metrics.token");
        assertThatThrownBy(() -> new MetricsSettings(true, "short")).hasMessageContaining("at least 24");
        assertThatThrownBy(() -> new MetricsSettings(true, "mk_0123456789abcdefghijklmnop"))
                .hasMessageContaining("mk_");
        MetricsSettings off = new MetricsSettings(false, "");
        assertThat(off.enabled()).isFalse();
        assertThat(off.accepts("Bearer anything")).isFalse();
        MetricsSettings on = new MetricsSettings(true, METRICS_TOKEN);
        assertThat(on.accepts("Bearer " + METRICS_TOKEN)).isTrue();
        assertThat(on.accepts("bearer " + METRICS_TOKEN)).isTrue();
        assertThat(on.accepts(METRICS_TOKEN)).isFalse();
        assertThat(on.accepts("Bearer " + METRICS_TOKEN.toUpperCase(java.util.Locale.ROOT))).isFalse();
    }
}
