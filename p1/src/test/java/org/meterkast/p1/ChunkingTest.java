package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.IntSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The framer must give the same telegrams and rejections however the bytes are cut into chunks. */
class ChunkingTest {

    /** Parses every frame and records telegrams and rejections in order. */
    private static final class Recorder implements FrameListener {
        final TelegramParser parser = new TelegramParser();
        final List<Object> events = new ArrayList<>();

        @Override
        public void onFrame(Frame frame) {
            events.add(parser.parse(frame));
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            events.add(reason);
        }
    }

    private static List<Object> feed(byte[] stream, IntSupplier chunkSize) {
        Recorder recorder = new Recorder();
        TelegramFramer framer = new TelegramFramer(recorder);
        for (int p = 0; p < stream.length; ) {
            int n = Math.min(Math.max(1, chunkSize.getAsInt()), stream.length - p);
            byte[] chunk = new byte[n + 6];             // the framer must respect offset and length
            System.arraycopy(stream, p, chunk, 3, n);
            framer.accept(chunk, 3, n);
            p += n;
        }
        framer.endOfStream();
        assertThat(framer.bufferedBytes()).isZero();
        return recorder.events;
    }

    /** What each fixture gives when fed alone, in one piece: the reference every chunking must reproduce. */
    private static List<Object> expectedOneByOne() {
        List<Object> expected = new ArrayList<>();
        for (String name : TestTelegrams.all()) {
            expected.addAll(feed(TestTelegrams.bytes(name), () -> Integer.MAX_VALUE));
        }
        return expected;
    }

    private static byte[] concatenated(byte[] between) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (String name : TestTelegrams.all()) {
            out.writeBytes(TestTelegrams.bytes(name));
            out.writeBytes(between);
        }
        return out.toByteArray();
    }

    @Test
    void everyFixtureGivesOneTelegramOrOneRejection() {
        List<Object> events = expectedOneByOne();
        assertThat(events).hasSize(TestTelegrams.all().size());
        assertThat(events.stream().filter(e -> e instanceof Telegram)).hasSize(TestTelegrams.VALID.size());
        assertThat(events.stream().filter(e -> e instanceof Rejection))
                .containsExactly(Rejection.BAD_CRC, Rejection.TRUNCATED, Rejection.BAD_CRC, Rejection.BAD_CRC,
                        Rejection.MISSING_CRC);
    }

    @ParameterizedTest(name = "chunks of {0} bytes")
    @ValueSource(ints = {1, 2, 3, 7, 8, 9, 63, 64, 1024, 65536})
    void fixedChunkSizes(int size) {
        byte[] stream = concatenated(new byte[0]);
        assertThat(feed(stream, () -> size)).isEqualTo(expectedOneByOne());
    }

    @Test
    void randomChunkSizes() {
        byte[] stream = concatenated(new byte[0]);
        List<Object> expected = expectedOneByOne();
        for (long seed = 0; seed < 50; seed++) {
            Random random = new Random(seed);
            assertThat(feed(stream, () -> 1 + random.nextInt(random.nextBoolean() ? 16 : 3000)))
                    .as("seed %d", seed).isEqualTo(expected);
        }
    }

    @Test
    void garbageBetweenTelegramsIsSkippedAndCounted() {
        byte[] garbage = "\u0000\u00ff noise )(*&^%$#@ 1-0:1.8.1(000001.000*kWh)\r\nFFFF\r\n\u00aa\u00bb".getBytes(
                java.nio.charset.StandardCharsets.ISO_8859_1);
        byte[] stream = concatenated(garbage);
        List<Object> expected = expectedOneByOne();
        Random random = new Random(7);
        assertThat(feed(stream, () -> 1 + random.nextInt(200))).isEqualTo(expected);

        Recorder recorder = new Recorder();
        TelegramFramer framer = new TelegramFramer(recorder);
        framer.accept(stream);
        long nonLineEnds = 0;
        for (byte b : garbage) {
            nonLineEnds += b == '\r' || b == '\n' ? 0 : 1;
        }
        // the garbage after the footer-less fixture becomes part of that (truncated) frame, not garbage
        assertThat(framer.statistics().garbageBytes()).isEqualTo(nonLineEnds * (TestTelegrams.all().size() - 1));
    }

    @Test
    void aSlashInTheGarbageStartsAFrameThatTheNextTelegramTruncates() {
        byte[] garbage = "xx/yy".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] stream = concatenated(garbage);
        List<Object> events = feed(stream, () -> 100);
        List<Object> telegrams = events.stream().filter(e -> e instanceof Telegram).toList();
        assertThat(telegrams).isEqualTo(expectedOneByOne().stream().filter(e -> e instanceof Telegram).toList());
        assertThat(events.stream().filter(e -> e == Rejection.TRUNCATED).count())
                .isEqualTo(TestTelegrams.all().size() + 1);   // one per "/yy", plus the footer-less fixture
    }
}
