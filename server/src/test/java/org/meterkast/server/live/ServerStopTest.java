package org.meterkast.server.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.server.TestHousehold;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Stopping the server while browsers watch the live view: the streams are ended first, so the server stops within
 * 5 s (the graceful shutdown no longer waits 30 s for them) and logs no error about a recycled response.
 */
@ExtendWith(OutputCaptureExtension.class)
class ServerStopTest {
    @TempDir
    Path folder;

    @Test
    void theServerStopsWithinFiveSecondsWithLiveStreamsOpen(CapturedOutput output) throws Exception {
        ConfigurableApplicationContext server = new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("stop.db"),
                "--meterkast.meters.home.history-days=1",
                "--server.shutdown=graceful");
        int port = ((WebServerApplicationContext) server).getWebServer().getPort();
        String bearer = TestHousehold.bearer(server, "home");
        HttpClient http = HttpClient.newHttpClient();
        List<InputStream> streams = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            HttpResponse<InputStream> stream = http.send(HttpRequest.newBuilder(
                            URI.create("http://127.0.0.1:" + port + "/api/meters/home/live"))
                    // a stream that never answers fails the test rather than holding the build (seen once)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", bearer).header("Accept", "text/event-stream").build(),
                    HttpResponse.BodyHandlers.ofInputStream());
            assertThat(stream.statusCode()).isEqualTo(200);
            streams.add(stream.body());
        }
        // each stream has its first event: the streams are really open when the server is asked to stop
        for (InputStream stream : streams) {
            assertThat(stream.read()).isNotNegative();
        }

        long start = System.nanoTime();
        server.close();
        long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);

        assertThat(tookMs).as("the stop took %d ms", tookMs).isLessThan(Duration.ofSeconds(5).toMillis());
        assertThat(output.getAll()).doesNotContain("response recycled").doesNotContain("IllegalStateException");
        for (InputStream stream : streams) {
            stream.close();
        }
    }
}
