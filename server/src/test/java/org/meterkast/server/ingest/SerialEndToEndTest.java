package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/** A serial meter whose port is not there: the server starts, and the failure is counted and named. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SerialEndToEndTest {
    static final Path FOLDER;
    static final String PORT = "/nonexistent/ttyUSB9";

    static {
        try {
            FOLDER = Files.createTempDirectory("meterkast-serial");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + FOLDER.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "serial");
        registry.add("meterkast.meters.home.port", () -> PORT);
        registry.add("meterkast.meters.home.line", () -> "9600 7E1");
    }

    @Autowired
    ApplicationContext context;

    @Test
    void aPortThatIsNotThereIsACountedOpenFailure() throws InterruptedException {
        ApiClient api = ApiClient.signedIn(context, "home");
        JsonNode counts = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            counts = api.meters().get(0).get("counts");
            if (counts.get("openFailures").asLong() > 0) {
                break;
            }
            Thread.sleep(50);
        }

        assertThat(counts.get("openFailures").asLong()).isPositive();
        assertThat(counts.get("source").asString()).isEqualTo("serial port " + PORT + " (9600 7E1)");
        assertThat(counts.get("connected").asBoolean()).isFalse();
        assertThat(counts.get("connects").asLong()).isZero();
        assertThat(counts.get("lastProblem").asString())
                .startsWith("cannot open serial port " + PORT + ": no such device; available ports: ");
    }
}
