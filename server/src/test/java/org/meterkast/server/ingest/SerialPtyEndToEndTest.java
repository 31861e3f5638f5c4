package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.server.ingest.MeterFeed.START;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.TelegramWriter;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The whole server reading a serial meter on a real line: socat joins two pseudo-terminals, the test writes a
 * simulated meter's telegrams into one, the server reads the other through jSerialComm at 115200 8N1. Half way,
 * the adapter is unplugged and plugged in again. Needs socat: run with {@code mvn -Ppty}.
 */
@Tag("pty")
@Timeout(value = 120, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class SerialPtyEndToEndTest {
    static final int STEP = 30;
    static final int TELEGRAMS = 40 * 60 / STEP + 1;
    static Path folder;
    static Path meter;
    static Path reader;
    static Process socat;

    @BeforeAll
    static void plugIn() throws Exception {
        folder = Files.createTempDirectory("meterkast-serial-pty");
        meter = folder.resolve("meter");
        reader = folder.resolve("reader");
        startSocat();
    }

    @AfterAll
    static void unplug() throws InterruptedException {
        stopSocat();
    }

    static void startSocat() throws Exception {
        Path log = folder.resolve("socat.log");
        Files.deleteIfExists(log);
        socat = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + meter, "pty,raw,echo=0,link=" + reader)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(meter) && Files.exists(reader) && read(log).contains("starting data transfer loop"))) {
            assertThat(socat.isAlive()).as("socat is running: %s", read(log)).isTrue();
            assertThat(System.nanoTime()).as("socat made both links in 10 s: %s", read(log)).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    static void stopSocat() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + folder.resolve("meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "serial");
        registry.add("meterkast.meters.home.port", () -> reader.toString());
    }

    @Autowired
    ApplicationContext context;

    @Test
    void telegramsOnTheLineBecomeQuartersAcrossAnUnpluggedCable() throws Exception {
        ApiClient api = ApiClient.signedIn(context, "home");
        await(api, "the port is open", c -> c.get("connected").asBoolean());

        int half = TELEGRAMS / 2;
        send(0, half);
        api.awaitTelegrams("home", half);

        stopSocat();
        await(api, "the unplugged line noticed", c -> c.get("disconnects").asLong() == 1);
        await(api, "the port tried again", c -> c.get("openFailures").asLong() >= 1);
        startSocat();
        await(api, "the port open again", c -> c.get("connects").asLong() == 2 && c.get("connected").asBoolean());
        send(half, TELEGRAMS);
        JsonNode counts = api.awaitTelegrams("home", TELEGRAMS);

        Instant q0 = MeterFeed.Q0;
        assertThat(api.quarters("home", START.minusSeconds(3600), START.plusSeconds(3600))).containsExactly(
                new ClosedQuarter(new Quarter(q0), 0, new QuarterEnergy(900, 0, 300, 0), false),
                new ClosedQuarter(new Quarter(q0).plus(1), 0, new QuarterEnergy(900, 0, 300, 0), false));
        assertThat(counts.get("source").asString()).isEqualTo("serial port " + reader + " (115200 8N1)");
        assertThat(counts.get("rejected").get("BAD_CRC").asLong()).isZero();
        assertThat(counts.get("rejected").get("TRUNCATED").asLong()).isZero();
    }

    /** Writes the telegrams of the i-th to the (end-1)-th 30 s step into the meter's end of the line. */
    private static void send(int from, int end) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int i = from; i < end; i++) {
            bytes.writeBytes(TelegramWriter.toBytes(MeterFeed.telegram(i * STEP)));
        }
        try (OutputStream line = new FileOutputStream(meter.toFile())) {
            line.write(bytes.toByteArray());
            line.flush();
        }
    }

    private static void await(ApiClient api, String what, Predicate<JsonNode> condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        JsonNode counts = api.meters().get(0).get("counts");
        while (!condition.test(counts)) {
            assertThat(System.nanoTime()).as("%s within 30 s: %s", what, counts).isLessThan(deadline);
            Thread.sleep(20);
            counts = api.meters().get(0).get("counts");
        }
    }
}
