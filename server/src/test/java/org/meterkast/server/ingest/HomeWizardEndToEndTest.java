package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.server.ingest.MeterFeed.START;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.TelegramWriter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole server polling a HomeWizard P1 meter played by an HTTP server on localhost: the simulated meter's
 * telegrams of 40 minutes, one every 30 s, each served twice as a dongle serves its last telegram until the next;
 * once in between, an answer that is not a telegram, and once 403 as when the local API is switched off.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HomeWizardEndToEndTest {
    static final int STEP = 30;
    static final int TELEGRAMS = 40 * 60 / STEP + 1;
    static final Path FOLDER;
    static final HttpServer DONGLE;
    static final List<Answer> SCRIPT = new ArrayList<>();
    static final AtomicInteger REQUESTS = new AtomicInteger();

    record Answer(int status, byte[] body) {
    }

    static {
        for (int i = 0; i < TELEGRAMS; i++) {
            byte[] telegram = TelegramWriter.toBytes(MeterFeed.telegram(i * STEP));
            SCRIPT.add(new Answer(200, telegram));
            SCRIPT.add(new Answer(200, telegram));
            if (i == 20) {
                SCRIPT.add(new Answer(200, "<html><title>Router</title></html>".getBytes(StandardCharsets.UTF_8)));
            }
            if (i == 50) {
                SCRIPT.add(new Answer(403, "{\"error\":\"api:disabled\"}".getBytes(StandardCharsets.UTF_8)));
            }
        }
        try {
            FOLDER = Files.createTempDirectory("meterkast-homewizard");
            DONGLE = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
        DONGLE.createContext("/api/v1/telegram", exchange -> {
            Answer answer = SCRIPT.get(Math.min(REQUESTS.getAndIncrement(), SCRIPT.size() - 1));
            exchange.getResponseHeaders().add("Content-Type", "text/plain");
            exchange.sendResponseHeaders(answer.status(), answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        });
        DONGLE.start();
    }

    static String url() {
        return "http://127.0.0.1:" + DONGLE.getAddress().getPort() + "/api/v1/telegram";
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + FOLDER.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("meterkast.meters.p1.type", () -> "homewizard");
        registry.add("meterkast.meters.p1.address", () -> "127.0.0.1:" + DONGLE.getAddress().getPort());
        registry.add("meterkast.meters.p1.poll", () -> "10ms");
    }

    @AfterAll
    static void stopDongle() {
        DONGLE.stop(0);
    }

    @Autowired
    ApplicationContext context;

    @Test
    void storesEveryWholeQuarterOnceAndCountsWhatWentWrong() throws InterruptedException {
        ApiClient api = ApiClient.signedIn(context, "p1");

        JsonNode counts = api.awaitTelegrams("p1", TELEGRAMS);

        Instant q0 = MeterFeed.Q0;
        assertThat(api.quarters("p1", START.minusSeconds(3600), START.plusSeconds(3600))).containsExactly(
                new ClosedQuarter(new Quarter(q0), 0, new QuarterEnergy(900, 0, 300, 0), false),
                new ClosedQuarter(new Quarter(q0).plus(1), 0, new QuarterEnergy(900, 0, 300, 0), false));
        assertThat(counts.get("source").asString()).isEqualTo(url());
        assertThat(counts.get("quartersStored").asLong()).isEqualTo(2);
        // every telegram was fetched twice and counted once: none was seen as an older reading
        assertThat(counts.get("ignoredReadings").asLong()).isZero();
        // the router page and the 403: each a failed request, then the dongle answered again
        assertThat(counts.get("openFailures").asLong()).isEqualTo(2);
        assertThat(counts.get("connects").asLong()).isEqualTo(3);
        assertThat(counts.get("connected").asBoolean()).isTrue();
        // each '/' of the page began what the framer took for a telegram, cut off by the next or the body's end
        assertThat(counts.get("rejected").get("TRUNCATED").asLong()).isEqualTo(2);
        assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isZero();
        assertThat(counts.get("lastProblem").asString()).isEqualTo(url() + " answered 403 Forbidden: is the local "
                + "API switched on in the HomeWizard Energy app (Settings, Meters, this meter, Local API)?; body: "
                + "'{\"error\":\"api:disabled\"}'");
        assertThat(api.latest("p1").get("time").asString())
                .isEqualTo(START.plusSeconds((TELEGRAMS - 1) * STEP).toString());
    }
}
