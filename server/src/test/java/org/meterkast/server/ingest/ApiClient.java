package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.server.TestHousehold;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpHeaders;
import org.springframework.web.client.RestClient;
import tools.jackson.databind.JsonNode;

/** The server's HTTP API as a test reads it, signed in with an API token. */
final class ApiClient {
    private final RestClient http;

    /** A client of the server at this port, sending {@code authorization} as the Authorization header. */
    ApiClient(int port, String authorization) {
        this.http = RestClient.builder().baseUrl("http://127.0.0.1:" + port)
                .defaultHeader(HttpHeaders.AUTHORIZATION, authorization).build();
    }

    /** A client of this running server, signed in as an account holding these meters ({@link TestHousehold}). */
    static ApiClient signedIn(ApplicationContext server, String... meters) {
        return new ApiClient(((WebServerApplicationContext) server).getWebServer().getPort(),
                TestHousehold.bearer(server, meters));
    }

    JsonNode meters() {
        return http.get().uri("/api/meters").retrieve().body(JsonNode.class);
    }

    JsonNode latest(String meter) {
        return http.get().uri("/api/meters/{id}/latest", meter).retrieve().body(JsonNode.class);
    }

    List<ClosedQuarter> quarters(String meter, Instant from, Instant to) {
        return http.get().uri("/api/meters/{id}/quarters?from={from}&to={to}", meter, from, to)
                .retrieve().body(new ParameterizedTypeReference<List<ClosedQuarter>>() { });
    }

    JsonNode get(String path, Object... variables) {
        return http.get().uri(path, variables).retrieve().body(JsonNode.class);
    }

    /** Waits until the meter's ingest has counted {@code telegrams} telegrams; its counts then. */
    JsonNode awaitTelegrams(String meter, long telegrams) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode counts = null;
        while (System.nanoTime() < deadline) {
            for (JsonNode m : meters()) {
                if (m.get("id").asString().equals(meter) && !m.get("counts").isNull()) {
                    counts = m.get("counts");
                }
            }
            if (counts != null && counts.get("telegrams").asLong() >= telegrams) {
                break;
            }
            Thread.sleep(50);
        }
        assertThat(counts).as("counts of meter '%s'", meter).isNotNull();
        assertThat(counts.get("telegrams").asLong()).as("telegrams of meter '%s': %s", meter, counts).isEqualTo(telegrams);
        return counts;
    }
}
