package org.meterkast.server.solar;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.ProductionQuarter;
import org.meterkast.server.store.ProductionRepository;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedInverter;
import org.meterkast.sim.SimulationClock;
import org.meterkast.sim.SunSpecInverterServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * A meter whose telegrams are not read (type none) with a SunSpec inverter beside it: the simulator's SunSpec
 * server on loopback, on a clock that runs 300 times as fast (a quarter hour in three seconds), read through
 * Modbus TCP into quarters, the API's buckets and counts; the inverter going away and coming back.
 */
@SpringBootTest
@AutoConfigureMockMvc
class SunSpecApiTest {
    static final String METRICS_TOKEN = "prometheus-0123456789-abcdefgh";
    /** Every request is signed in as an account holding the meter home. */
    @org.springframework.boot.test.context.TestConfiguration
    static class SignedIn {
        @org.springframework.context.annotation.Bean
        org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer signedIn(
                org.springframework.context.ApplicationContext context) {
            return org.meterkast.server.SignedInMockMvc.holding(context, "home");
        }
    }

    private static final Instant MORNING = Instant.parse("2026-06-21T09:58:00Z");
    private static final SimulationClock CLOCK = SimulationClock.startingNow(Clock.systemUTC(), MORNING, 300);
    private static final SimulatedInverter ROOF = new SimulatedInverter(new Household(HouseholdSettings.defaults(3)),
            MORNING, 1_000_000L * 3600);
    private static SunSpecInverterServer inverter;
    private static int port;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        Path folder = Files.createTempDirectory("sunspec-api");
        folder.toFile().deleteOnExit();
        inverter = serve(0);
        port = inverter.port();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("sunspec.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("meterkast.meters.home.inverter.type", () -> "sunspec");
        registry.add("meterkast.meters.home.inverter.address", () -> "127.0.0.1:" + port);
        registry.add("meterkast.meters.home.inverter.poll", () -> "200ms");
        registry.add("meterkast.metrics.enabled", () -> "true");
        registry.add("meterkast.metrics.token", () -> METRICS_TOKEN);
    }

    private static SunSpecInverterServer serve(int onPort) throws IOException {
        return SunSpecInverterServer.start(SunSpecInverterServer.Options.loopback(onPort), "SN-API",
                () -> ROOF.readAt(CLOCK.instant()));
    }

    @AfterAll
    static void stop() {
        if (inverter != null) {
            inverter.close();
        }
    }

    @TestConfiguration
    static class FastClock {
        @Bean
        @Primary
        Clock fastClock() {
            return CLOCK;
        }
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

    private JsonNode counts() throws Exception {
        return getJson("/api/meters").get(0).get("inverterCounts");
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within 30 s: " + what);
            }
            Thread.sleep(100);
        }
    }

    @Test
    void anInvertersCounterBecomesQuartersAndItsAbsenceIsCounted() throws Exception {
        int roof = meters.require("home").id();
        await("three quarters of production", () -> production.quarters(roof, MORNING, MORNING.plusSeconds(86_400))
                .size() >= 3);
        List<ProductionQuarter> quarters = production.quarters(roof, MORNING, MORNING.plusSeconds(86_400));
        for (int i = 1; i < quarters.size(); i++) {
            ProductionQuarter q = quarters.get(i);
            assertThat(q.start()).isEqualTo(quarters.get(i - 1).end());
            assertThat(q.counterWh()).isEqualTo(quarters.get(i - 1).counterWh() + q.wh());
            // interpolated between polls a simulated minute apart: close to the roof's own counter at the boundary
            long truth = new SimulatedInverter(new Household(HouseholdSettings.defaults(3)), MORNING,
                    1_000_000L * 3600).readAt(q.end()).lifetimeWh();
            assertThat(q.counterWh()).isBetween(truth - 60, truth + 60);
            assertThat(q.wh()).as("a June morning's quarter, Wh").isBetween(100L, 2_000L);
        }

        JsonNode meter = getJson("/api/meters").get(0);
        assertThat(meter.get("id").asText()).isEqualTo("home");
        assertThat(meter.get("hasInverter").asBoolean()).isTrue();
        assertThat(meter.get("counts").isNull()).as("no telegrams are read").isTrue();
        assertThat(counts().get("inverter").asText()).isEqualTo("SunSpec 127.0.0.1:" + port + " unit 1");
        assertThat(counts().get("failures").asLong()).isZero();

        // the hour of the second quarter, in the buckets: the quarters' sum
        Instant hour = quarters.get(1).start().minusSeconds(quarters.get(1).start().getEpochSecond() % 3600);
        JsonNode buckets = getJson("/api/meters/home/buckets?size=hour&from={from}&to={to}", hour,
                hour.plusSeconds(3600));
        long expected = production.quarters(roof, hour, hour.plusSeconds(3600)).stream()
                .mapToLong(ProductionQuarter::wh).sum();
        assertThat(buckets.get(0).get("productionWh").asLong()).isEqualTo(expected).isPositive();

        // the inverter goes away: failures are counted, the loop goes on; it comes back on the same port
        inverter.close();
        await("a failure counted", () -> {
            try {
                return counts().get("failures").asLong() > 0;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        long readings = counts().get("readings").asLong();
        inverter = serve(port);
        await("readings again", () -> {
            try {
                return counts().get("readings").asLong() > readings;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(counts().get("lastError").asText()).isNotEmpty();

        // the same counts for Prometheus (docs/METRICS.md): the failures stay as they were once it answers again
        long failures = counts().get("failures").asLong();
        String scrape = mvc.perform(get("/metrics").header("Authorization", "Bearer " + METRICS_TOKEN))
                .andExpect(status().isOk()).andReturn().getResponse().getContentAsString();
        assertThat(scrape)
                .contains("meterkast_inverter_failures_total{kind=\"failure\",meter=\"home\"} " + (double) failures
                        + "\n")
                .contains("meterkast_inverter_failures_total{kind=\"bad_data\",meter=\"home\"} "
                        + counts().get("badData").asDouble() + "\n");
    }
}
