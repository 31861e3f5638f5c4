package org.meterkast.server.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.greaterThanOrEqualTo;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.SignedInMockMvc;
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

/**
 * The whole server with {@code meterkast.prices.source=entsoe}: at start it fetches from a local HTTP server
 * playing ENTSO-E, which answers every request with the prices of 15 January 2026.
 */
@SpringBootTest
@AutoConfigureMockMvc
class PriceFetchEndToEndTest {
    @TempDir
    static Path folder;

    static HttpServer entsoe;
    static final List<String> queries = new CopyOnWriteArrayList<>();

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        entsoe = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        entsoe.createContext("/api", exchange -> {
            queries.add(exchange.getRequestURI().getRawQuery());
            byte[] body;
            try (var in = EntsoeA44ReaderTest.file("entsoe-a44-be-2026-01-15.xml")) {
                body = in.readAllBytes();
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        entsoe.start();
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("fetch.db"));
        registry.add("meterkast.meters.home.type", () -> "none");
        registry.add("meterkast.prices.source", () -> "entsoe");
        registry.add("meterkast.prices.entsoe-token", () -> "e2e-token");
        registry.add("meterkast.prices.entsoe-url", () -> "http://127.0.0.1:" + entsoe.getAddress().getPort() + "/api");
        registry.add("meterkast.prices.backfill-days", () -> "2");
    }

    /** Every request is signed in as an account of its own. */
    @TestConfiguration
    static class SignedIn {
        @Bean
        MockMvcBuilderCustomizer signedIn(ApplicationContext context) {
            return SignedInMockMvc.holding(context);
        }
    }

    @AfterAll
    static void stop() {
        entsoe.stop(0);
    }

    private final MockMvc mvc;

    PriceFetchEndToEndTest(@Autowired MockMvc mvc) {
        this.mvc = mvc;
    }

    @Test
    void theServerFetchesAtStartAndShowsWhatItStored() throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (queries.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        // the answer is stored before the request is counted as done; wait for the count too
        while (System.nanoTime() < deadline) {
            String counts = mvc.perform(get("/api/prices/fetch")).andReturn().getResponse().getContentAsString();
            if (!counts.contains("\"stored\":0")) {
                break;
            }
            Thread.sleep(50);
        }

        assertThat(queries).isNotEmpty();
        assertThat(queries.get(0)).contains("securityToken=e2e-token").contains("documentType=A44")
                .contains("in_Domain=10YBE----------2");
        mvc.perform(get("/api/prices/fetch"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.source").value("entsoe"))
                // every day asked for (three, up to four after 13:00 in Brussels) got the same 96 prices
                .andExpect(jsonPath("$.stored").value(greaterThanOrEqualTo(96)))
                .andExpect(jsonPath("$.lastStored").isNotEmpty());
        mvc.perform(get("/api/prices").param("from", "2026-01-15").param("to", "2026-01-16"))
                .andExpect(status().isOk())
                .andExpect(jsonPath("$.length()").value(96))
                .andExpect(jsonPath("$[95].quarterIndex").value(88.03));
    }
}
