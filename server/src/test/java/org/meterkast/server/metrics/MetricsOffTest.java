package org.meterkast.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import org.junit.jupiter.api.Test;
import org.meterkast.server.TestServer;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** A server with its defaults does not answer {@code GET /metrics}, whatever the request carries. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class MetricsOffTest {
    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) throws IOException {
        TestServer.sqliteWithoutAMeterAtHome(registry,
                Files.createTempDirectory("meterkast-metrics-off").resolve("meterkast.db"));
    }

    @LocalServerPort
    int port;

    @Test
    void metricsAreOffByDefault() throws Exception {
        HttpResponse<String> answer = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + port + "/metrics"))
                .header("Authorization", "Bearer " + MetricsEndpointTest.METRICS_TOKEN).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(404);
        assertThat(answer.body()).contains("meterkast.metrics.enabled").doesNotContain("jvm_");
    }
}
