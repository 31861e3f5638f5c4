package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** The raw capture: bounded, exactly the bytes received, and replayable as a meter of its own. */
class RawCaptureTest {
    @TempDir
    Path folder;

    @Test
    void theFileAndItsPredecessorNeverHoldMoreThanTheBound() throws IOException {
        Path file = folder.resolve("captures/home.p1");
        byte[] chunk = new byte[3000];
        for (int i = 0; i < chunk.length; i++) {
            chunk[i] = (byte) ('a' + i % 26);
        }
        try (RawCapture capture = new RawCapture(file, 20_000)) {
            for (int i = 0; i < 25; i++) {
                capture.bytes(chunk, 0, chunk.length);
            }
        }
        // 75,000 bytes written through a 20,000-byte bound: 10,000 a file, the newest bytes kept
        long current = Files.size(file);
        long previous = Files.size(folder.resolve("captures/home.p1.1"));
        assertThat(previous).isEqualTo(10_000);
        assertThat(current).isEqualTo(75_000 % 10_000);
        assertThat(current + previous).isLessThanOrEqualTo(20_000);
    }

    @Test
    void aCaptureContinuesTheFileOfTheRunBefore() throws IOException {
        Path file = folder.resolve("home.p1");
        try (RawCapture first = new RawCapture(file, 1_000_000)) {
            first.bytes("abc".getBytes(), 0, 3);
        }
        try (RawCapture second = new RawCapture(file, 1_000_000)) {
            second.bytes("xdefx".getBytes(), 1, 3);
        }
        assertThat(Files.readString(file)).isEqualTo("abcdef");
    }

    @Test
    void aBoundTooSmallForOneTelegramIsRefused() {
        assertThatThrownBy(() -> new RawCapture(folder.resolve("x.p1"), 1000))
                .hasMessageContaining("at least 16 KB");
    }

    @Test
    void aMetersBytesAreCapturedExactlyAndReplayToTheSameQuarters() throws Exception {
        int seconds = 20 * 60;
        Path captures = folder.resolve("captures");
        ClosedQuarter q0 = new ClosedQuarter(new Quarter(MeterFeed.Q0), 0, new QuarterEnergy(900, 0, 300, 0), false);

        try (MeterFeed feed = new MeterFeed(0, seconds);
             ConfigurableApplicationContext server = start(folder.resolve("live.db"),
                     "--meterkast.meters.home.type=tcp", "--meterkast.meters.home.address=" + feed.address(),
                     "--meterkast.meters.home.capture=4MB", "--meterkast.capture-folder=" + captures)) {
            ApiClient api = api(server);
            api.awaitTelegrams("home", seconds);
            assertThat(api.quarters("home", MeterFeed.Q0, MeterFeed.Q0.plusSeconds(3600))).containsExactly(q0);
        }
        byte[] captured = Files.readAllBytes(captures.resolve("home.p1"));
        byte[] sent = MeterFeed.telegrams(0, seconds);
        assertThat(Arrays.equals(captured, sent)).as("the %d bytes captured are the %d sent", captured.length,
                sent.length).isTrue();

        try (ConfigurableApplicationContext replay = start(folder.resolve("replay.db"),
                "--meterkast.meters.home.type=file", "--meterkast.meters.home.path=" + captures.resolve("home.p1"))) {
            ApiClient api = api(replay);
            api.awaitTelegrams("home", seconds);
            assertThat(api.quarters("home", MeterFeed.Q0, MeterFeed.Q0.plusSeconds(3600))).containsExactly(q0);
        }
    }

    private static ConfigurableApplicationContext start(Path db, String... meter) {
        String[] args = new String[meter.length + 2];
        args[0] = "--server.port=0";
        args[1] = "--spring.datasource.url=jdbc:sqlite:" + db;
        System.arraycopy(meter, 0, args, 2, meter.length);
        return new SpringApplicationBuilder(MeterkastApplication.class).run(args);
    }

    private static ApiClient api(ConfigurableApplicationContext server) {
        return ApiClient.signedIn(server, "home");
    }
}
