package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.server.ingest.MeterFeed.START;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole server against a simulated dongle: 40 simulated minutes of telegrams over TCP, sent as fast as
 * possible, end up as exact quarters read back through the HTTP API.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class IngestEndToEndTest {
    static final int SECONDS = 40 * 60;
    static final Path FOLDER;
    static final MeterFeed FEED;

    static {
        try {
            FOLDER = Files.createTempDirectory("meterkast-e2e");
            FEED = new MeterFeed(0, SECONDS);
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        // a folder that does not exist yet: the server makes it, as on a first start
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + FOLDER.resolve("data/meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "tcp");
        registry.add("meterkast.meters.home.address", FEED::address);
    }

    @AfterAll
    static void stopFeed() throws IOException {
        FEED.close();
    }

    @Autowired
    ApplicationContext context;

    @Test
    void storesEveryWholeQuarterWithItsExactEnergy(@Autowired JdbcTemplate jdbc) throws InterruptedException {
        ApiClient api = ApiClient.signedIn(context, "home");

        JsonNode counts = api.awaitTelegrams("home", SECONDS);

        Instant q0 = MeterFeed.Q0;
        // the quarter before q0 began before the first telegram (start unknown) and 10:30 has not ended: neither is stored
        assertThat(api.quarters("home", START.minusSeconds(3600), START.plusSeconds(3600))).containsExactly(
                new ClosedQuarter(new Quarter(q0), 0, new QuarterEnergy(900, 0, 300, 0), false),
                new ClosedQuarter(new Quarter(q0).plus(1), 0, new QuarterEnergy(900, 0, 300, 0), false));
        assertThat(counts.get("quartersStored").asLong()).isEqualTo(2);
        assertThat(counts.get("warnings").asLong()).isZero();
        assertThat(counts.get("failures").asLong()).isZero();
        assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isZero();
        assertThat(counts.get("source").asString()).isEqualTo(FEED.address());
        JsonNode latest = api.latest("home");
        assertThat(latest.get("time").asString()).isEqualTo(START.plusSeconds(SECONDS - 1).toString());
        assertThat(latest.get("importW").asLong()).isEqualTo(3600);
        assertThat(latest.get("netW").asLong()).isEqualTo(3600);
        assertThat(latest.get("tariff").asString()).isEqualTo("day");
        assertThat(latest.get("registers").get("importDay").asLong()).isEqualTo(MeterFeed.IMPORT_DAY_0 + SECONDS - 1);
        // the meter's own view beside ours: its last 1-0:1.4.0 in each quarter, and its month peak
        JsonNode first = api.get("/api/meters/home/quarters?from={from}&to={to}", q0, q0.plusSeconds(900)).get(0);
        assertThat(first.get("importPowerW").asLong()).isEqualTo(3600);
        assertThat(first.get("meterDemandW").asLong()).isEqualTo(3_899);
        JsonNode peaks = api.get("/api/meters/home/meter-peaks");
        assertThat(peaks.get(peaks.size() - 1).get("watts").asLong()).isEqualTo(MeterFeed.MONTH_PEAK.watts());
        assertThat(Files.exists(FOLDER.resolve("data/meterkast.db"))).isTrue();
        assertThat(jdbc.queryForObject("PRAGMA journal_mode", String.class)).isEqualToIgnoringCase("wal");
        assertThat(jdbc.queryForObject("PRAGMA busy_timeout", Integer.class)).isEqualTo(10_000);
    }
}
