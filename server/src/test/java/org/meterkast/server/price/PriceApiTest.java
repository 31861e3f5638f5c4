package org.meterkast.server.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsString;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.server.SignedInMockMvc;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.AutoConfigureMockMvc;
import org.springframework.boot.webmvc.test.autoconfigure.MockMvcBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.servlet.MockMvc;

/** Uploading price documents and reading the indexes back, through the API. */
@SpringBootTest
@AutoConfigureMockMvc
class PriceApiTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("prices.db"));
    }

    /** Every request is signed in as an account of its own. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context);
        }
    }

    private final MockMvc mvc;
    private final MarketPrices prices;

    PriceApiTest(@Autowired MockMvc mvc, @Autowired MarketPrices prices) {
        this.mvc = mvc;
        this.prices = prices;
    }

    static byte[] file(String name) throws IOException {
        try (var in = EntsoeA44ReaderTest.file(name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void anEntsoeDocumentIsStoredAndCountedPerResolution() throws Exception {
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_XML)
                        .content(file("entsoe-a44-be-2026-02-17-both-resolutions.xml")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.format").value("entsoe-a44"))
                .andExpect(jsonPath("$.zone").value("10YBE----------2"))
                .andExpect(jsonPath("$.stored[0].resolution").value("PT15M"))
                .andExpect(jsonPath("$.stored[0].count").value(96))
                .andExpect(jsonPath("$.stored[0].first").value("2026-02-16T23:00:00Z"))
                .andExpect(jsonPath("$.stored[0].last").value("2026-02-17T22:45:00Z"))
                .andExpect(jsonPath("$.stored[1].resolution").value("PT60M"))
                .andExpect(jsonPath("$.stored[1].count").value(24));

        DayAheadPrices stored = prices.between(Instant.parse("2026-02-16T23:00:00Z"), Instant.parse("2026-02-17T23:00:00Z"));
        assertThat(stored.quarterIndex(Quarter.parse("2026-02-16T23:15:00Z"))).contains(new BigDecimal("69.79"));
        assertThat(stored.hourIndex(Quarter.parse("2026-02-16T23:15:00Z"))).contains(new BigDecimal("74.26"));
    }

    @Test
    void theCopyInMemoryFollowsEachUpload() throws Exception {
        Quarter noon = Quarter.parse("2026-05-04T10:00:00Z");
        String body = "{\"unix_seconds\":[1777888800],\"price\":[%s],\"unit\":\"EUR / MWh\"}";
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_JSON).content(body.formatted("12.5")))
                .andExpect(status().isOk());
        assertThat(prices.between(noon.start(), noon.end()).quarterIndex(noon)).contains(new BigDecimal("12.50"));

        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_JSON).content(body.formatted("-3.25")))
                .andExpect(status().isOk());
        assertThat(prices.between(noon.start(), noon.end()).quarterIndex(noon)).contains(new BigDecimal("-3.25"));
    }

    @Test
    void withoutAContentTypeTheDocumentTellsWhatItIs() throws Exception {
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_OCTET_STREAM)
                        .content(file("energy-charts-be-2025-06-15-hourly.json")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.format").value("energy-charts"))
                .andExpect(jsonPath("$.stored.length()").value(1))
                .andExpect(jsonPath("$.stored[0].resolution").value("PT60M"))
                .andExpect(jsonPath("$.stored[0].count").value(24));
        mvc.perform(post("/api/prices").content(file("entsoe-a44-be-2026-03-28-spring-forward.xml")))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.stored[0].count").value(188));
    }

    @Test
    void theIndexesOfAQuarterForACalendarDayInBrussels() throws Exception {
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_XML)
                .content(file("entsoe-a44-be-2026-03-28-spring-forward.xml"))).andExpect(status().isOk());

        mvc.perform(get("/api/prices").param("from", "2026-03-29").param("to", "2026-03-30"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(92))
                .andExpect(jsonPath("$[0].start").value("2026-03-28T23:00:00Z"))
                .andExpect(jsonPath("$[49].start").value("2026-03-29T11:15:00Z"))
                .andExpect(jsonPath("$[49].quarterIndex").value(-25.30))
                .andExpect(jsonPath("$[49].hourIndex").value(-25.30));
        mvc.perform(get("/api/prices").param("from", "2026-03-29T11:00:00Z").param("to", "2026-03-29T11:30:00Z"))
                .andExpect(jsonPath("$.length()").value(2));
    }

    @Test
    void errorsSayWhatIsWrongInTheUsersLanguage() throws Exception {
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_XML).header("Accept-Language", "nl")
                        .content(file("entsoe-acknowledgement-no-data.xml")))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(containsString("geen day-aheadprijzen voor zone 10YBE----------2")))
                .andExpect(jsonPath("$.error").value(containsString("No matching data found")));
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_JSON).header("Accept-Language", "fr")
                        .content("{\"unix_seconds\":[1768431600,1768433400],\"price\":[1.0,2.0]}"))
                .andExpect(status().isUnprocessableContent())
                .andExpect(jsonPath("$.error").value(containsString("les prix n'ont pas pu être lus")))
                .andExpect(jsonPath("$.error").value(containsString("1800 s apart")));
        mvc.perform(post("/api/prices").contentType(MediaType.IMAGE_PNG).content(new byte[] {1}))
                .andExpect(status().isUnsupportedMediaType())
                .andExpect(jsonPath("$.error").value(containsString("Content-Type 'image/png'")));
        mvc.perform(post("/api/prices").contentType(MediaType.APPLICATION_XML).content("  "))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.error").value(containsString("the body is empty")));
        mvc.perform(get("/api/prices").param("from", "yesterday").param("to", "2026-03-30"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("from"))
                .andExpect(jsonPath("$.error").value(containsString("'yesterday' is not a date such as 2026-01-31 or an ISO instant")));
        mvc.perform(get("/api/prices").param("from", "2026-03-30").param("to", "2026-03-29"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("to"));
        mvc.perform(get("/api/prices").param("from", "2026-03-30"))
                .andExpect(status().isBadRequest())
                .andExpect(jsonPath("$.parameter").value("to"));
    }

    @Test
    void withoutASourceNothingIsFetched() throws Exception {
        mvc.perform(get("/api/prices/fetch"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("none"))
                .andExpect(jsonPath("$.requests").value(0));
    }
}
