package org.meterkast.server.meter;

import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** The API's answers, on a store filled by hand (no meter source). */
@SpringBootTest
@AutoConfigureMockMvc
class MeterApiTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("api.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
    }

    /** Every request is signed in as an account holding home. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context, "home");
        }
    }

    private final MockMvc mvc;
    private final MeterRepository meters;
    private final QuarterRepository quarters;

    MeterApiTest(@Autowired MockMvc mvc, @Autowired MeterRepository meters, @Autowired QuarterRepository quarters) {
        this.mvc = mvc;
        this.meters = meters;
        this.quarters = quarters;
    }

    static ClosedQuarter quarter(String start, long importDay, boolean estimated) {
        return new ClosedQuarter(Quarter.parse(start), 0, new QuarterEnergy(importDay, 10, 20, 0), estimated);
    }

    @BeforeEach
    void fill() {
        int home = meters.register("home", "file capture.txt").id();
        quarters.save(home, List.of(
                quarter("2026-01-11T23:00:00Z", 100, false),     // 00:00 on Monday 12 January in Brussels
                quarter("2026-01-12T22:45:00Z", 200, true),      // 23:45 on the 12th
                quarter("2026-01-12T23:00:00Z", 400, false)));   // 00:00 on the 13th
    }

    @Test
    void listsTheMeters() throws Exception {
        mvc.perform(get("/api/meters"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$[0].id").value("home"))
                .andExpect(jsonPath("$[0].source").value("file capture.txt"));
    }

    @Test
    void quartersInARangeOldestFirst() throws Exception {
        mvc.perform(get("/api/meters/home/quarters").param("from", "2026-01-12T00:00:00Z").param("to", "2026-01-14T00:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].quarter.start").value("2026-01-12T22:45:00Z"))
                .andExpect(jsonPath("$[0].energy.importDay").value(200))
                .andExpect(jsonPath("$[0].estimated").value(true))
                .andExpect(jsonPath("$[1].energy.importDay").value(400));
    }

    @Test
    void daysAreBrusselsDays() throws Exception {
        mvc.perform(get("/api/meters/home/buckets").param("size", "day")
                        .param("from", "2026-01-11T23:00:00Z").param("to", "2026-01-13T23:00:00Z"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(2))
                .andExpect(jsonPath("$[0].start").value("2026-01-11T23:00:00Z"))
                .andExpect(jsonPath("$[0].energy.importDay").value(300))
                .andExpect(jsonPath("$[0].energy.importNight").value(20))
                .andExpect(jsonPath("$[0].quarters").value(2))
                .andExpect(jsonPath("$[0].estimated").value(1))
                .andExpect(jsonPath("$[0].expected").value(96))
                .andExpect(jsonPath("$[1].energy.importDay").value(400));
    }

    @Test
    void anUnknownMeterIs404NamingIt() throws Exception {
        mvc.perform(get("/api/meters/garage/quarters").param("from", "2026-01-12T00:00:00Z").param("to", "2026-01-13T00:00:00Z"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.meter").value("garage"))
                .andExpect(jsonPath("$.error").value("unknown meter 'garage'"));
        mvc.perform(get("/api/meters/garage/live")).andExpect(status().isNotFound());
    }

    @Test
    void aMeterWithoutTelegramsHasNoLatestValues() throws Exception {
        // 204, not an error: an address without a live source is no fault (and keeps the browser's console clean)
        mvc.perform(get("/api/meters/home/latest"))
                .andExpect(status().isNoContent())
                .andExpect(content().string(""));
    }

    @Test
    void badParametersAre400NamingTheParameter() throws Exception {
        mvc.perform(get("/api/meters/home/quarters").param("from", "yesterday").param("to", "2026-01-13T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("from"))
                .andExpect(jsonPath("$.error").value(containsString("'yesterday'")));
        mvc.perform(get("/api/meters/home/quarters").param("from", "2026-01-12T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("to"));
        mvc.perform(get("/api/meters/home/quarters").param("from", "2026-01-13T00:00:00Z").param("to", "2026-01-12T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("to"));
        mvc.perform(get("/api/meters/home/buckets").param("size", "fortnight")
                        .param("from", "2026-01-12T00:00:00Z").param("to", "2026-01-13T00:00:00Z"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("size"))
                .andExpect(jsonPath("$.error").value(containsString("'fortnight'")));
    }

    @Test
    void errorsAreWordedInTheLanguageTheRequestAsksFor() throws Exception {
        mvc.perform(get("/api/meters/garage/quarters").header("Accept-Language", "fr-BE,fr;q=0.9")
                        .param("from", "2026-01-12T00:00:00Z").param("to", "2026-01-13T00:00:00Z"))
                .andExpect(status().isNotFound())
                .andExpect(jsonPath("$.error").value("compteur inconnu 'garage'"));
        mvc.perform(get("/api/meters/home/quarters").header("Accept-Language", "nl-BE")
                        .param("from", "2026-01-13T00:00:00Z").param("to", "2026-01-12T00:00:00Z"))
                .andExpect(jsonPath("$.error")
                        .value("parameter 'to' (2026-01-12T00:00:00Z) moet na 'from' (2026-01-13T00:00:00Z) liggen"));
        mvc.perform(get("/api/meters/home/buckets").header("Accept-Language", "de-DE").param("size", "fortnight")
                        .param("from", "2026-01-12T00:00:00Z").param("to", "2026-01-13T00:00:00Z"))
                .andExpect(jsonPath("$.error")
                        .value("parameter 'size': 'fortnight' is not one of [hour, day, week, month, year]"));
    }
}
