package org.meterkast.p1.serial;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.p1.stream.TelegramReader;
import org.meterkast.p1.tool.P1Tool;

/**
 * A real serial line: socat joins two pseudo-terminals, the test writes a meter's bytes into one and reads the
 * other through jSerialComm at 115200 8N1. Needs socat: run with {@code mvn -Ppty}.
 */
@Tag("pty")
@Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SerialPtyTest {
    private static final String FLUVIUS = "fluvius-v171-dsmr_parser-1.txt";
    private static final String FLUVIUS_ALT = "fluvius-v171-dsmr_parser-2.txt";
    private static final String DSMR_50 = "dsmr50-dsmr_parser-1.txt";

    @TempDir
    Path dir;

    private Process socat;
    private Path meter;
    private Path reader;

    @BeforeEach
    void startSocat() throws Exception {
        meter = dir.resolve("meter");
        reader = dir.resolve("reader");
        socat = new ProcessBuilder("socat", "-d", "-d",
                "pty,raw,echo=0,link=" + meter, "pty,raw,echo=0,link=" + reader)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("socat.log").toFile())
                .start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!(Files.exists(meter) && Files.exists(reader) && transferring())) {
            assertThat(socat.isAlive()).as("socat is running: %s", socatLog()).isTrue();
            assertThat(System.nanoTime()).as("socat made both links in 10 s: %s", socatLog()).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    @AfterEach
    void stopSocat() throws InterruptedException {
        socat.destroy();
        if (!socat.waitFor(5, TimeUnit.SECONDS)) {
            socat.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
        }
    }

    @Test
    void telegramsWrittenIntoOnePtyArriveThroughJSerialCommOnTheOther() throws Exception {
        BlockingQueue<Telegram> telegrams = new LinkedBlockingQueue<>();
        BlockingQueue<String> rejections = new LinkedBlockingQueue<>();
        CountDownLatch connected = new CountDownLatch(1);
        TelegramReader telegramReader = new TelegramReader(new SerialByteSource(reader.toString()),
                new TelegramListener() {
                    @Override
                    public void onTelegram(Telegram telegram) {
                        telegrams.add(telegram);
                    }

                    @Override
                    public void onRejected(Rejection reason, String detail) {
                        rejections.add(reason + ": " + detail);
                    }

                    @Override
                    public void onConnected(String source) {
                        connected.countDown();
                    }
                }, TelegramReader.Options.DEFAULTS.withFailOnFirstOpen(true));
        Thread reading = start(telegramReader);
        assertThat(connected.await(10, TimeUnit.SECONDS)).as("the port opened").isTrue();

        String[] garbage = {"\u0000\u00ff~noise", "AT+OK", "\u00e9\u00e8"};
        try (OutputStream line = new FileOutputStream(meter.toFile())) {
            line.write(garbage[0].getBytes(StandardCharsets.ISO_8859_1));
            line.write(fixture(FLUVIUS));
            line.write(garbage[1].getBytes(StandardCharsets.ISO_8859_1));
            line.write(fixture(DSMR_50));
            line.write("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            line.write(garbage[2].getBytes(StandardCharsets.ISO_8859_1));
            line.write(fixture(FLUVIUS_ALT));
            line.flush();

            Telegram first = telegrams.poll(10, TimeUnit.SECONDS);
            Telegram second = telegrams.poll(10, TimeUnit.SECONDS);
            Telegram third = telegrams.poll(10, TimeUnit.SECONDS);

            assertThat(first).as("first telegram").isNotNull();
            assertThat(first.equipmentId()).contains("1SAG3101021605");
            assertThat(first.get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(15_758);
            assertThat(first.gasMeter().flatMap(g -> g.reading()).map(r -> r.thousandths())).contains(112_384L);
            assertThat(second).as("second telegram").isNotNull();
            assertThat(second.equipmentId()).contains("K8EG004046395507");
            assertThat(second.get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(2_399);
            assertThat(third).as("third telegram").isNotNull();
            assertThat(third.equipmentId()).contains("1SAG3100721326");
            assertThat(third.get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(270_014);
        }
        telegramReader.close();
        reading.join(5_000);

        assertThat(reading.isAlive()).as("close() ended the read").isFalse();
        assertThat(rejections).isEmpty();
        TelegramReader.Statistics stats = telegramReader.statistics();
        assertThat(stats.telegrams()).isEqualTo(3);
        assertThat(stats.connects()).isEqualTo(1);
        assertThat(stats.framer().garbageBytes())
                .isEqualTo(garbage[0].length() + garbage[1].length() + garbage[2].length());
    }

    @Test
    void theCommandLineReadsTheSerialPort() throws Exception {
        ByteArrayOutputStream stdout = new ByteArrayOutputStream();
        ByteArrayOutputStream stderr = new ByteArrayOutputStream();
        AtomicInteger status = new AtomicInteger(-1);
        Thread tool = new Thread(() -> status.set(P1Tool.run(
                new String[] {"--serial", reader.toString(), "--count", "2"},
                new PrintStream(stdout, true, StandardCharsets.UTF_8),
                new PrintStream(stderr, true, StandardCharsets.UTF_8))));
        tool.start();
        // the meter sends every 300 ms, as long as it takes the tool to open the port and read two telegrams
        try (OutputStream line = new FileOutputStream(meter.toFile())) {
            for (int i = 0; tool.isAlive() && i < 100; i++) {
                line.write(fixture(i % 2 == 0 ? FLUVIUS : DSMR_50));
                line.flush();
                tool.join(300);
            }
        }

        assertThat(tool.isAlive()).isFalse();
        assertThat(status.get()).as("exit status; stderr: %s", stderr).isZero();
        List<String> json = stdout.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(json).hasSize(2).allSatisfy(line -> assertThat(line).containsAnyOf(
                "\"equipmentId\":\"1SAG3101021605\"", "\"equipmentId\":\"K8EG004046395507\""));
        assertThat(stderr.toString(StandardCharsets.UTF_8))
                .startsWith("p1-tool: reading serial port " + reader + " (115200 8N1)")
                .contains("p1-tool: 2 telegrams, ");
    }

    @Test
    void theReaderNoticesWhenTheLineGoesAwayAndOpensItAgain() throws Exception {
        BlockingQueue<Object> events = new LinkedBlockingQueue<>();
        TelegramReader telegramReader = new TelegramReader(new SerialByteSource(reader.toString()),
                new TelegramListener() {
                    @Override
                    public void onTelegram(Telegram telegram) {
                        events.add(telegram.equipmentId().orElseThrow());
                    }

                    @Override
                    public void onConnected(String source) {
                        events.add("connected");
                    }

                    @Override
                    public void onOpenFailed(IOException cause, Duration retryIn) {
                        events.add("open failed");
                    }

                    @Override
                    public void onDisconnected(IOException cause) {
                        events.add("disconnected");
                    }
                }, TelegramReader.Options.DEFAULTS.withBackoff(Duration.ofMillis(100), Duration.ofMillis(200)));
        Thread reading = start(telegramReader);
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("connected");

        // the adapter is unplugged: the pseudo-terminal and its link go away
        stopSocat();
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("disconnected");
        assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("open failed");

        // and plugged in again
        startSocat();
        Object event;
        do {
            event = events.poll(10, TimeUnit.SECONDS);
        } while ("open failed".equals(event));
        assertThat(event).isEqualTo("connected");
        try (OutputStream line = new FileOutputStream(meter.toFile())) {
            line.write(fixture(FLUVIUS));
            line.flush();
            assertThat(events.poll(10, TimeUnit.SECONDS)).isEqualTo("1SAG3101021605");
        }
        telegramReader.close();
        reading.join(5_000);
        assertThat(reading.isAlive()).isFalse();
        assertThat(telegramReader.statistics().connects()).isEqualTo(2);
        assertThat(telegramReader.statistics().disconnects()).isEqualTo(1);
    }

    private static Thread start(TelegramReader telegramReader) {
        Thread reading = new Thread(() -> {
            try {
                telegramReader.run();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "pty-reader");
        reading.setDaemon(true);
        reading.start();
        return reading;
    }

    private boolean transferring() {
        return socatLog().contains("starting data transfer loop");
    }

    private String socatLog() {
        try {
            Path log = dir.resolve("socat.log");
            return Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return e.toString();
        }
    }

    private static byte[] fixture(String name) throws IOException {
        try (var in = SerialPtyTest.class.getResourceAsStream("/telegrams/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }
}
