package org.meterkast.bench.load;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedMeter;
import org.meterkast.sim.TelegramFileOutput;
import org.meterkast.sim.TelegramStream;

/** A capture of a simulated household's 1-second telegrams, as a file meter replays it. */
final class Capture {
    /** A fixed start, so every capture of the same length is the same bytes. */
    static final Instant START = Instant.parse("2026-03-02T00:00:00Z");
    static final long SEED = 1;

    private Capture() {
    }

    /** Writes {@code days} days of telegrams to {@code file} unless it is there already; returns the telegrams. */
    static long ensure(Path file, int days) throws IOException {
        long telegrams = days * 86_400L;
        if (Files.isRegularFile(file) && Files.size(file) > 0) {
            System.out.printf("capture: %s is there (%,d bytes); reused%n", file, Files.size(file));
            return telegrams;
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        long started = System.nanoTime();
        Household household = new Household(HouseholdSettings.defaults(SEED));
        SimulatedMeter meter = SimulatedMeter.withHistory(household, START, Duration.ofDays(30), Duration.ofSeconds(60));
        Path partial = Path.of(file + ".partial");
        long written;
        try (OutputStream out = new BufferedOutputStream(TelegramFileOutput.open(partial), 1 << 20)) {
            TelegramStream stream = TelegramStream.unpaced(meter, START.plus(Duration.ofDays(days)));
            written = 0;
            while (stream.hasNext()) {
                out.write(stream.next());
                written++;
            }
        }
        Files.move(partial, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("capture: %,d telegrams (%d days from %s, seed %d), %,d bytes, written in %.1f s to %s%n",
                written, days, START, SEED, Files.size(file), (System.nanoTime() - started) / 1e9, file);
        return written;
    }
}
