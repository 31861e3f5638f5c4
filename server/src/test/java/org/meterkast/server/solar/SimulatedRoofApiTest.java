package org.meterkast.server.solar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The simulated household with its roof's inverter (the default): history with production, the live power beside
 * the telegrams, and production per bucket that agrees with the meter's export.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SimulatedRoofApiTest {
    /** Every request is signed in as an account holding the meter home. */
    @org.springframework.boot.test.context.TestConfiguration
    static class SignedIn {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer signedIn(
                org.springframework.context.ApplicationContext context) {
            return org.meterkast.server.SignedInMockMvc.holding(context, "home");
        }
    }

    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws java.io.IOException {
        Path folder = Files.createTempDirectory("solar-api");
        folder.toFile().deleteOnExit();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("solar.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> "3");
        registry.add("meterkast.meters.home.inverter.poll", () -> "500ms");
    }

    @Autowired
    MockMvc mvc;
    @Autowired
    MeterRepository meters;
    @Autowired
    ProductionRepository production;

    private final ObjectMapper json = new ObjectMapper();

    private JsonNode getJson(String path, Object... variables) throws Exception {
        return json.readTree(mvc.perform(get(path, variables)).andExpect(status().isOk()).andReturn()
                .getResponse().getContentAsString());
    }

    @Test
    void theRoofProducesBesideTheMeter() throws Exception {
        mvc.perform(get("/api/meters"))
                .andExpect(jsonPath("$[0].id").value("home"))
                .andExpect(jsonPath("$[0].hasInverter").value(true));

        // yesterday by the hour: production at noon, none at night, and never less than what went to the grid
        LocalDate yesterday = LocalDate.now(BRUSSELS).minusDays(1);
        Instant from = yesterday.atStartOfDay(BRUSSELS).toInstant();
        Instant to = yesterday.plusDays(1).atStartOfDay(BRUSSELS).toInstant();
        JsonNode hours = getJson("/api/meters/home/buckets?size=hour&from={from}&to={to}", from, to);
        assertThat(hours.size()).isBetween(23, 25);
        long total = 0;
        for (JsonNode h : hours) {
            long produced = h.get("productionWh").asLong();
            long exported = h.get("energy").get("exportDay").asLong() + h.get("energy").get("exportNight").asLong();
            assertThat(produced).as("production ≥ export at %s", h.get("start")).isGreaterThanOrEqualTo(exported);
            total += produced;
        }
        int noon = hours.size() / 2;
        assertThat(hours.get(2).get("productionWh").asLong()).as("02:00").isZero();
        assertThat(hours.get(noon).get("productionWh").asLong()).as("noon").isPositive();

        // the day's bucket (from the daily sums) is the sum of its hours
        JsonNode day = getJson("/api/meters/home/buckets?size=day&from={from}&to={to}", from, to);
        assertThat(day.get(0).get("productionWh").asLong()).isEqualTo(total);

        // the quarters count up the roof's lifetime counter without a gap
        int home = meters.require("home").id();
        var quarters = production.quarters(home, from, to);
        assertThat(quarters).hasSizeBetween(92, 100);
        for (int i = 1; i < quarters.size(); i++) {
            ProductionQuarter q = quarters.get(i);
            assertThat(q.counterWh()).isEqualTo(quarters.get(i - 1).counterWh() + q.wh());
        }

        // live: the inverter's reading comes with the telegram's summary
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode latest = null;
        while (System.nanoTime() < deadline) {
            String body = mvc.perform(get("/api/meters/home/latest")).andReturn().getResponse().getContentAsString();
            latest = body.isEmpty() ? null : json.readTree(body);
            if (latest != null && latest.has("solarTime") && !latest.get("solarTime").isNull()) {
                break;
            }
            Thread.sleep(200);
        }
        assertThat(latest).isNotNull();
        assertThat(latest.get("solarW").isNumber()).as("%s", latest).isTrue();
        assertThat(latest.get("solarW").asLong()).isGreaterThanOrEqualTo(0);
        JsonNode counts = getJson("/api/meters").get(0).get("inverterCounts");
        assertThat(counts.get("inverter").asText()).isEqualTo("simulated roof");
        assertThat(counts.get("readings").asLong()).isPositive();
        assertThat(counts.get("failures").asLong()).isZero();
    }
}
