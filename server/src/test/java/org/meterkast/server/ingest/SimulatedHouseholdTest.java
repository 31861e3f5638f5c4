package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/** With no meter configured, a simulated household fills a year of history and then sends telegrams live. */
class SimulatedHouseholdTest {

    @TempDir
    Path folder;

    @Test
    void aNewcomerGetsAYearOfQuartersAndALiveMeterAndTheNextStartKeepsThem() throws Exception {
        String url = "jdbc:sqlite:" + folder.resolve("meterkast.db");
        List<ClosedQuarter> year;
        Instant first;
        try (ConfigurableApplicationContext server = start(url)) {
            ApiClient api = api(server);
            Instant boundary = Quarter.containing(Instant.now()).start();
            year = api.quarters("home", boundary.minus(Duration.ofDays(400)), boundary);
            // a year of quarters up to the one in progress, one after the other, none estimated
            assertThat(year.size()).isBetween(35_039, 35_041);
            first = year.get(0).quarter().start();
            for (int i = 1; i < year.size(); i++) {
                assertThat(year.get(i).quarter()).isEqualTo(year.get(i - 1).quarter().plus(1));
            }
            assertThat(year).noneMatch(ClosedQuarter::estimated);
            long imported = year.stream().mapToLong(q -> q.energy().imported()).sum();
            long exported = year.stream().mapToLong(q -> q.energy().exported()).sum();
            assertThat(imported).as("a year's import, Wh").isBetween(2_000_000L, 5_000_000L);
            assertThat(exported).as("a year's export, Wh").isBetween(1_500_000L, 5_000_000L);

            JsonNode counts = awaitTelegrams(api, 2);
            assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isZero();
            JsonNode latest = api.latest("home");
            assertThat(latest.toString()).contains("importDay");
        }
        try (ConfigurableApplicationContext server = start(url)) {
            ApiClient api = api(server);
            Instant boundary = Quarter.containing(Instant.now()).start();
            List<ClosedQuarter> again = api.quarters("home", first, boundary);
            // the same history (nothing added twice), at most the quarters closed meanwhile added
            assertThat(again.subList(0, year.size())).isEqualTo(year);
            JsonNode counts = awaitTelegrams(api, 2);
            assertThat(counts.get("segmentBreaks").asLong()).isZero();
        }
    }

    private static JsonNode awaitTelegrams(ApiClient api, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode counts = api.meters().get(0).get("counts");
            if (!counts.isNull() && counts.get("telegrams").asLong() >= atLeast) {
                return counts;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no telegrams from the simulated household within 30 s: " + api.meters());
    }

    private static ConfigurableApplicationContext start(String url) {
        return new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=" + url,
                "--meterkast.meters.home.type=sim");
    }

    /** The API as the demo account reads it: the simulated meter is given to that account at start. */
    private static ApiClient api(ConfigurableApplicationContext server) {
        return ApiClient.signedIn(server, "home");
    }
}
