package org.meterkast.p1.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.SocketTimeoutException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Telegram;

// a reader that never stops must fail the test, not hang the build: the test runs on a thread it can leave
@Timeout(value = 30, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class TelegramReaderTest {
    private static final byte[] REFUSED = ScriptedSource.REFUSED;
    private static final Duration SECOND = Duration.ofSeconds(1);

    private final List<Duration> pauses = new ArrayList<>();

    /** Records each back-off pause instead of waiting it; ends a runaway reader after 100 pauses. */
    private TelegramReader.Sleeper recordingSleeper() {
        return pause -> {
            pauses.add(pause);
            if (pauses.size() >= 100) {
                throw new InterruptedException("runaway reader: 100 reconnects");
            }
        };
    }

    @Test
    void readsTelegramsFromADongleOverTcp() throws Exception {
        byte[] bytes = Fixtures.stream(Fixtures.FLUVIUS_171, Fixtures.FLUVIUS_171_ALT);
        try (ScriptedDongle dongle = new ScriptedDongle(socket -> {
            ScriptedDongle.writeInPieces(socket, bytes, 97);
            // a real dongle never closes: the reader stops because the recorder closes it after two telegrams
            ScriptedDongle.idle();
        })) {
            Recorder recorder = new Recorder(2);
            TelegramReader reader = recorder.attach(new TelegramReader(dongle.source(Duration.ofSeconds(5)), recorder,
                    TelegramReader.Options.DEFAULTS, recordingSleeper()));

            reader.run();

            assertThat(recorder.telegrams).hasSize(2);
            Telegram first = recorder.telegrams.get(0);
            assertThat(first.equipmentId()).contains("1SAG3101021605");
            assertThat(first.header()).isEqualTo("FLU5\\253769484_A");
            assertThat(first.get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(15_758);
            assertThat(first.get(Measurement.ENERGY_IMPORTED_TARIFF_1)).hasValue(34);
            assertThat(first.get(Measurement.VOLTAGE_L1)).hasValue(234_700);
            assertThat(first.gasMeter().flatMap(g -> g.reading()).map(r -> r.thousandths())).contains(112_384L);
            Telegram second = recorder.telegrams.get(1);
            assertThat(second.equipmentId()).contains("1SAG3100721326");
            assertThat(second.get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(270_014);
            assertThat(recorder.connected).containsExactly("127.0.0.1:" + dongle.port());
            assertThat(recorder.rejections).isEmpty();
            TelegramReader.Statistics stats = reader.statistics();
            assertThat(stats.connects()).isEqualTo(1);
            assertThat(stats.disconnects()).isZero();
            assertThat(stats.telegrams()).isEqualTo(2);
            assertThat(stats.framer().frames()).isEqualTo(2);
            assertThat(stats.framer().garbageBytes()).isZero();
            assertThat(pauses).isEmpty();
        }
    }

    @Test
    void reconnectsWhenTheDongleDropsTheConnectionMidTelegram() throws Exception {
        byte[] whole = Fixtures.bytes(Fixtures.FLUVIUS_171);
        byte[] cut = Arrays.copyOf(Fixtures.bytes(Fixtures.FLUVIUS_171_ALT), 300);
        byte[] afterReconnect = Fixtures.bytes(Fixtures.DSMR_50);
        try (ScriptedDongle dongle = new ScriptedDongle(
                socket -> {
                    socket.getOutputStream().write(whole);
                    socket.getOutputStream().write(cut);
                    // returning closes the connection 300 bytes into the second telegram
                },
                socket -> {
                    socket.getOutputStream().write(afterReconnect);
                    ScriptedDongle.idle();
                })) {
            Recorder recorder = new Recorder(2);
            TelegramReader reader = recorder.attach(new TelegramReader(dongle.source(Duration.ofSeconds(5)), recorder,
                    TelegramReader.Options.DEFAULTS, recordingSleeper()));

            reader.run();

            assertThat(recorder.telegrams).extracting(t -> t.equipmentId().orElseThrow())
                    .containsExactly("1SAG3101021605", "K8EG004046395507");
            assertThat(recorder.telegrams.get(1).get(Measurement.ENERGY_IMPORTED_TARIFF_2)).hasValue(2_399);
            assertThat(recorder.rejections).containsExactly("TRUNCATED: the stream ended after 300 bytes, before '!'");
            assertThat(recorder.disconnects).containsExactly((IOException) null);
            assertThat(dongle.accepted()).isEqualTo(2);
            TelegramReader.Statistics stats = reader.statistics();
            assertThat(stats.connects()).isEqualTo(2);
            assertThat(stats.disconnects()).isEqualTo(1);
            assertThat(stats.framer().truncated()).isEqualTo(1);
            assertThat(stats.rejected()).isEqualTo(1);
            assertThat(stats.telegrams()).isEqualTo(2);
            assertThat(pauses).containsExactly(SECOND);
        }
    }

    @Test
    void aSilentConnectionTimesOutAndIsOpenedAgain() throws Exception {
        try (ScriptedDongle dongle = new ScriptedDongle(
                socket -> ScriptedDongle.idle(),      // accepts, then never sends a byte
                socket -> {
                    socket.getOutputStream().write(Fixtures.bytes(Fixtures.FLUVIUS_171));
                    ScriptedDongle.idle();
                })) {
            Recorder recorder = new Recorder(1);
            TelegramReader reader = recorder.attach(new TelegramReader(dongle.source(Duration.ofMillis(300)), recorder,
                    TelegramReader.Options.DEFAULTS, recordingSleeper()));

            reader.run();

            assertThat(recorder.disconnects).hasSize(1);
            assertThat(recorder.disconnects.get(0)).isInstanceOf(SocketTimeoutException.class)
                    .hasMessage("no data from 127.0.0.1:" + dongle.port() + " for 300 ms");
            assertThat(recorder.telegrams).extracting(t -> t.equipmentId().orElseThrow())
                    .containsExactly("1SAG3101021605");
            assertThat(reader.statistics().connects()).isEqualTo(2);
            assertThat(reader.statistics().disconnects()).isEqualTo(1);
            assertThat(pauses).containsExactly(SECOND);
        }
    }

    @Test
    void backOffDoublesFromOneSecondUpToTheMaximum() throws Exception {
        TcpByteSource nobody = new TcpByteSource("127.0.0.1", closedPort(), SECOND, SECOND);
        Recorder recorder = new Recorder(1);
        AtomicReference<TelegramReader> self = new AtomicReference<>();
        TelegramReader reader = new TelegramReader(nobody, recorder, TelegramReader.Options.DEFAULTS, pause -> {
            pauses.add(pause);
            if (pauses.size() == 9) {
                self.get().close();
            }
        });
        self.set(reader);

        reader.run();

        assertThat(pauses).extracting(Duration::getSeconds).containsExactly(1L, 2L, 4L, 8L, 16L, 32L, 60L, 60L, 60L);
        assertThat(recorder.openFailures).hasSize(9).allSatisfy(e -> assertThat(e)
                .isInstanceOf(ConnectException.class)
                .hasMessage("cannot connect to " + nobody.describe() + ": Connection refused"));
        assertThat(recorder.disconnects).as("a failed open is not a disconnect").isEmpty();
        assertThat(reader.statistics().openFailures()).isEqualTo(9);
        assertThat(reader.statistics().connects()).isZero();
    }

    @Test
    void backOffStartsAgainOnceATelegramCameThrough() throws Exception {
        byte[] telegram = Fixtures.bytes(Fixtures.FLUVIUS_171);
        // fail, fail, a telegram then the end, fail, a connection that ends without a telegram, fail, fail
        ScriptedSource source = new ScriptedSource(REFUSED, REFUSED, telegram, REFUSED, new byte[0], REFUSED, REFUSED);
        Recorder recorder = new Recorder(Integer.MAX_VALUE);
        TelegramReader reader = new TelegramReader(source, recorder,
                TelegramReader.Options.DEFAULTS.withBackoff(SECOND, Duration.ofSeconds(5)), recordingSleeper());
        source.closeWhenDone(reader);

        reader.run();

        assertThat(pauses).extracting(Duration::getSeconds).containsExactly(
                1L, 2L,         // two failed opens
                1L,             // a telegram came through: from 1 s again
                2L,             // open fails
                4L,             // a connection without a telegram does not reset the back-off
                5L, 5L);        // capped at the maximum given
        assertThat(recorder.telegrams).hasSize(1);
        TelegramReader.Statistics stats = reader.statistics();
        assertThat(stats.openFailures()).isEqualTo(5);
        assertThat(stats.connects()).isEqualTo(2);
        assertThat(stats.disconnects()).isEqualTo(2);
    }

    @Test
    void theFirstOpenFailingThrowsWhenAskedTo() {
        TcpByteSource nobody = new TcpByteSource("127.0.0.1", closedPort(), SECOND, SECOND);
        Recorder recorder = new Recorder(1);
        TelegramReader reader = new TelegramReader(nobody, recorder,
                TelegramReader.Options.DEFAULTS.withFailOnFirstOpen(true), recordingSleeper());

        assertThatThrownBy(reader::run)
                .isInstanceOf(ConnectException.class)
                .hasMessage("cannot connect to 127.0.0.1:" + nobody.port() + ": Connection refused");
        assertThat(pauses).isEmpty();
        assertThat(recorder.openFailures).isEmpty();
    }

    @Test
    void afterAFirstSuccessfulOpenLaterFailuresAreRetriedEvenWhenFailingFast() throws Exception {
        ScriptedSource source = new ScriptedSource(Fixtures.bytes(Fixtures.FLUVIUS_171), REFUSED, REFUSED);
        Recorder recorder = new Recorder(Integer.MAX_VALUE);
        TelegramReader reader = new TelegramReader(source, recorder,
                TelegramReader.Options.DEFAULTS.withFailOnFirstOpen(true), recordingSleeper());
        source.closeWhenDone(reader);

        reader.run();

        assertThat(recorder.telegrams).hasSize(1);
        assertThat(recorder.openFailures).hasSize(2);
        assertThat(pauses).extracting(Duration::getSeconds).containsExactly(1L, 2L, 4L);
    }

    @Test
    void aFileIsReadOnceToItsEnd(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("capture.txt");
        Files.write(capture, Fixtures.stream("=noise\r\n", Fixtures.FLUVIUS_171, "=xyz", Fixtures.DSMR_50,
                "=/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n"));
        Recorder recorder = new Recorder(Integer.MAX_VALUE);
        TelegramReader reader = new TelegramReader(new FileByteSource(capture), recorder,
                TelegramReader.Options.DEFAULTS, recordingSleeper());

        reader.run();

        assertThat(recorder.telegrams).extracting(t -> t.equipmentId().orElseThrow())
                .containsExactly("1SAG3101021605", "K8EG004046395507");
        assertThat(recorder.disconnects).containsExactly((IOException) null);
        TelegramReader.Statistics stats = reader.statistics();
        assertThat(stats.framer().garbageBytes()).isEqualTo("noise".length() + "xyz".length());
        assertThat(stats.framer().truncated()).as("the telegram cut off by the end of the file").isEqualTo(1);
        assertThat(stats.connects()).isEqualTo(1);
        assertThat(stats.disconnects()).isEqualTo(1);
        assertThat(pauses).isEmpty();
    }

    @Test
    void aMissingFileThrowsAtOnceNamingIt(@TempDir Path dir) {
        Path missing = dir.resolve("no-such-capture.txt");
        TelegramReader reader = new TelegramReader(new FileByteSource(missing), new Recorder(1),
                TelegramReader.Options.DEFAULTS, recordingSleeper());

        assertThatThrownBy(reader::run).isInstanceOf(IOException.class)
                .hasMessage("cannot read file " + missing + ": no such file");
        assertThat(pauses).isEmpty();
    }

    @Test
    void telegramsWithoutCrcAreDeliveredOnlyWhenAllowed(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("dsmr3.txt");
        Files.write(capture, Fixtures.bytes("edge-dsmr3-no-crc-multiline-gas-dsmr_parser.txt"));

        Recorder strict = new Recorder(Integer.MAX_VALUE);
        new TelegramReader(new FileByteSource(capture), strict).run();
        Recorder lenient = new Recorder(Integer.MAX_VALUE);
        new TelegramReader(new FileByteSource(capture), lenient,
                TelegramReader.Options.DEFAULTS.withAllowMissingCrc(true)).run();

        assertThat(strict.telegrams).isEmpty();
        assertThat(strict.rejections).containsExactly("MISSING_CRC: no CRC after '!'");
        assertThat(lenient.telegrams).hasSize(1);
        assertThat(lenient.telegrams.get(0).get(Measurement.ENERGY_IMPORTED_TARIFF_1)).hasValue(12_345_678);
    }

    @Test
    void closingFromTheListenerStopsBeforeTheRestOfTheChunk(@TempDir Path dir) throws Exception {
        Path capture = dir.resolve("three.txt");
        Files.write(capture, Fixtures.stream(Fixtures.FLUVIUS_171, Fixtures.FLUVIUS_171_ALT, Fixtures.DSMR_50));
        Recorder recorder = new Recorder(1);
        TelegramReader reader = recorder.attach(new TelegramReader(new FileByteSource(capture), recorder));

        reader.run();

        assertThat(recorder.telegrams).hasSize(1);
        assertThat(recorder.disconnects).isEmpty();
        assertThat(reader.statistics().telegrams()).isEqualTo(1);
        assertThat(reader.isClosed()).isTrue();
    }

    @Test
    void closeFromAnotherThreadEndsABlockedRead() throws Exception {
        CountDownLatch connected = new CountDownLatch(1);
        try (ScriptedDongle dongle = new ScriptedDongle(socket -> {
            connected.countDown();
            ScriptedDongle.idle();
        })) {
            TelegramReader reader = new TelegramReader(dongle.source(Duration.ofSeconds(60)), new Recorder(1));
            Thread thread = startReading(reader);
            assertThat(connected.await(5, TimeUnit.SECONDS)).isTrue();
            Thread.sleep(100);

            reader.close();
            thread.join(2_000);

            assertThat(thread.isAlive()).isFalse();
            assertThat(reader.statistics().connects()).isEqualTo(1);
            assertThat(reader.statistics().disconnects()).as("closing is not a disconnect").isZero();
        }
    }

    @Test
    void closeFromAnotherThreadEndsABackOffPause() throws Exception {
        TcpByteSource nobody = new TcpByteSource("127.0.0.1", closedPort(), SECOND, SECOND);
        TelegramReader reader = new TelegramReader(nobody, new Recorder(1),
                TelegramReader.Options.DEFAULTS.withBackoff(Duration.ofMinutes(10), Duration.ofMinutes(10)));
        Thread thread = startReading(reader);
        while (reader.statistics().openFailures() == 0) {
            Thread.sleep(10);
        }

        reader.close();
        thread.join(2_000);

        assertThat(thread.isAlive()).isFalse();
    }

    @Test
    void aReaderRunsOnce(@TempDir Path dir) throws Exception {
        Path empty = Files.createFile(dir.resolve("empty.txt"));
        TelegramReader reader = new TelegramReader(new FileByteSource(empty), new Recorder(1));
        reader.run();

        assertThatThrownBy(reader::run).isInstanceOf(IllegalStateException.class)
                .hasMessage("this reader of file " + empty + " has already run");
    }

    @Test
    void optionsAreChecked() {
        assertThatThrownBy(() -> TelegramReader.Options.DEFAULTS.withMaxFrameBytes(8))
                .hasMessage("maxFrameBytes must be at least 16, not 8");
        assertThatThrownBy(() -> TelegramReader.Options.DEFAULTS.withBackoff(Duration.ZERO, SECOND))
                .hasMessage("initialBackoff must be positive, not PT0S");
        assertThatThrownBy(() -> TelegramReader.Options.DEFAULTS.withBackoff(Duration.ofSeconds(5), SECOND))
                .hasMessage("maxBackoff PT1S is shorter than initialBackoff PT5S");
    }

    private static Thread startReading(TelegramReader reader) {
        Thread thread = new Thread(() -> {
            try {
                reader.run();
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        }, "reader-under-test");
        thread.setDaemon(true);
        thread.start();
        return thread;
    }

    /** A local port nobody listens on: bound, then released. */
    private static int closedPort() {
        try (ServerSocket probe = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return probe.getLocalPort();
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    /** A source whose opens follow a script; once the script is used up it closes the reader, so run() returns. */
    private static final class ScriptedSource implements ByteSource {
        /** In a script: this open is refused. */
        static final byte[] REFUSED = {};

        private final Deque<byte[]> script;
        private TelegramReader reader;

        /** @param opens per open, in turn: {@link #REFUSED}, or bytes that are served and then end */
        ScriptedSource(byte[]... opens) {
            script = new ArrayDeque<>(List.of(opens));
        }

        void closeWhenDone(TelegramReader reader) {
            this.reader = reader;
        }

        @Override
        public String describe() {
            return "scripted source";
        }

        @Override
        public InputStream open() throws IOException {
            byte[] next = script.pollFirst();
            if (next == null) {
                reader.close();
                throw new IOException("the script is used up");
            }
            if (next == REFUSED) {
                throw new ConnectException("scripted source: refused");
            }
            return new ByteArrayInputStream(next);
        }

        @Override
        public boolean isFinite() {
            return false;
        }
    }
}
