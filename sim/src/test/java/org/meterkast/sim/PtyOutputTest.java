package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.FileInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.Telegram;

/**
 * The simulator as a serial meter: socat joins two pseudo-terminals, the simulator writes into one as into a
 * file, the test reads the other. Needs socat: run with {@code mvn -Ppty -pl sim -am verify}.
 */
@Tag("pty")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PtyOutputTest {
    @TempDir
    Path dir;

    @Test
    void telegramsWrittenToAPtyArriveOnItsOtherEnd() throws Exception {
        Path meterEnd = dir.resolve("meter");
        Path readerEnd = dir.resolve("reader");
        Process socat = new ProcessBuilder("socat", "pty,raw,echo=0,link=" + meterEnd, "pty,raw,echo=0,link=" + readerEnd)
                .redirectErrorStream(true).redirectOutput(dir.resolve("socat.log").toFile()).start();
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (!(Files.exists(meterEnd) && Files.exists(readerEnd))) {
                assertThat(System.nanoTime()).as("socat made both links").isLessThan(deadline);
                Thread.sleep(20);
            }
            List<Telegram> received = new CopyOnWriteArrayList<>();
            CountDownLatch ten = new CountDownLatch(10);
            Thread reading = new Thread(() -> {
                Frames frames = new Frames();
                byte[] buffer = new byte[4096];
                try (InputStream in = new FileInputStream(readerEnd.toFile())) {
                    while (ten.getCount() > 0) {
                        int n = in.read(buffer);
                        if (n < 0) {
                            return;
                        }
                        for (Telegram t : frames.accept(java.util.Arrays.copyOf(buffer, n))) {
                            received.add(t);
                            ten.countDown();
                        }
                    }
                } catch (java.io.IOException e) {
                    // the pty closed: the assertions below tell what arrived
                }
            });
            reading.setDaemon(true);
            reading.start();
            Thread.sleep(200);         // the reader end is open before the first byte goes out

            Instant start = Instant.parse("2025-06-21T12:00:00Z");
            SimulatedMeter meter = new SimulatedMeter(new Household(HouseholdSettings.defaults(1)), start);
            try (OutputStream out = TelegramFileOutput.open(meterEnd)) {
                assertThat(TelegramFileOutput.write(TelegramStream.unpaced(meter, start.plusSeconds(60)), out, 10))
                        .isEqualTo(10);
            }
            assertThat(ten.await(10, TimeUnit.SECONDS)).as("10 telegrams arrived, got %s", received.size()).isTrue();
            assertThat(received.get(9).timestamp()).contains(start.plusSeconds(10));
        } finally {
            socat.destroy();
            socat.waitFor(5, TimeUnit.SECONDS);
        }
    }
}
