package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Mutates the fixture telegrams at random (seeded, so every failure can be replayed) and checks that nothing
 * escapes: the parser throws only {@link P1FormatException}, the framer never holds more than its bound, and a
 * parser that has seen garbage still decodes a clean telegram exactly as a fresh one does.
 */
class MutationFuzzTest {
    private static final int CASES = 120_000;
    private static final byte[] SPECIAL = "/!()*_.:-\r\n0123456789SWkWhAVm3".getBytes(StandardCharsets.US_ASCII);
    private static final List<byte[]> SEEDS = TestTelegrams.all().stream().map(TestTelegrams::bytes).toList();

    /** One to four random edits of a fixture; with probability 1/2 its CRC is then made valid again. */
    static byte[] mutate(Random random) {
        return mutate(random, SEEDS.get(random.nextInt(SEEDS.size())));
    }

    static byte[] mutate(Random random, byte[] seed) {
        byte[] t = seed.clone();
        int edits = 1 + random.nextInt(4);
        for (int i = 0; i < edits && t.length > 2; i++) {
            int at = random.nextInt(t.length);
            switch (random.nextInt(7)) {
                case 0 -> t[at] = (byte) random.nextInt(256);
                case 1 -> t[at] = SPECIAL[random.nextInt(SPECIAL.length)];
                case 2 -> t = insert(t, at, randomBytes(random, 1 + random.nextInt(8)));
                case 3 -> t = remove(t, at, Math.min(t.length - at, 1 + random.nextInt(40)));
                case 4 -> t = insert(t, at, Arrays.copyOfRange(t, random.nextInt(t.length), t.length));
                case 5 -> t = Arrays.copyOf(t, at + 1);
                default -> {
                    if (t[at] >= '0' && t[at] <= '9') {
                        t[at] = (byte) ('0' + random.nextInt(10));
                    } else {
                        t[at] = '9';
                    }
                }
            }
        }
        return random.nextBoolean() ? withValidCrc(t) : t;
    }

    private static byte[] randomBytes(Random random, int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = random.nextInt(3) == 0 ? (byte) random.nextInt(256) : SPECIAL[random.nextInt(SPECIAL.length)];
        }
        return b;
    }

    private static byte[] insert(byte[] t, int at, byte[] extra) {
        byte[] out = new byte[t.length + extra.length];
        System.arraycopy(t, 0, out, 0, at);
        System.arraycopy(extra, 0, out, at, extra.length);
        System.arraycopy(t, at, out, at + extra.length, t.length - at);
        return out;
    }

    private static byte[] remove(byte[] t, int at, int n) {
        byte[] out = new byte[t.length - n];
        System.arraycopy(t, 0, out, 0, at);
        System.arraycopy(t, at + n, out, at, t.length - at - n);
        return out;
    }

    /** Cuts after the first '!' following the first '/' and appends the right CRC, so the framer passes it on. */
    private static byte[] withValidCrc(byte[] t) {
        int slash = indexOf(t, '/', 0);
        int bang = slash < 0 ? -1 : indexOf(t, '!', slash);
        if (bang < 0) {
            return t;
        }
        int crc = Crc16.of(t, slash, bang - slash + 1);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(t, 0, bang + 1);
        out.writeBytes(String.format("%04X\r\n", crc).getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static int indexOf(byte[] t, char c, int from) {
        for (int i = from; i < t.length; i++) {
            if (t[i] == c) {
                return i;
            }
        }
        return -1;
    }

    @Test
    void theParserOnlyEverRefusesWithAFormatErrorAndKeepsItsStateClean() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            TelegramParser parser = new TelegramParser();
            Random random = new Random(20261124);
            long refused = 0;
            long decoded = 0;
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(random);
                try {
                    Telegram t = parser.parse(input);
                    decoded++;
                    assertThat(t.warnings().size() + t.unknownObjects().size()).isLessThanOrEqualTo(input.length);
                } catch (P1FormatException expected) {
                    refused++;
                    assertThat(expected.getMessage()).isNotBlank();
                }
            }
            assertThat(decoded + refused).isEqualTo(CASES);
            assertThat(decoded).as("most mutants still have a header and an end").isGreaterThan(CASES / 2);
            for (String name : TestTelegrams.VALID) {
                assertThat(parser.parse(TestTelegrams.bytes(name))).as(name)
                        .isEqualTo(new TelegramParser().parse(TestTelegrams.bytes(name)));
            }
        });
    }

    @Test
    void aParserThatRemembersThePreviousTelegramDecodesExactlyAsAFreshOne() {
        // the parser reuses texts, codes and whole unchanged objects from the telegram before: compare it, on a
        // stream of near-identical mutants, with a parser that has seen nothing, warnings included
        TelegramParser remembering = new TelegramParser();
        Random random = new Random(11);
        byte[] seed = SEEDS.get(0);
        for (int i = 0; i < 40_000; i++) {
            if (i % 25 == 0) {
                seed = SEEDS.get(random.nextInt(SEEDS.size()));     // runs of one meter's telegrams
            }
            byte[] input = random.nextInt(4) == 0 ? seed : mutate(random, seed);
            Telegram expected;
            try {
                expected = new TelegramParser().parse(input);
            } catch (P1FormatException e) {
                continue;
            }
            Telegram actual = remembering.parse(input);
            assertThat(actual).as("case %d", i).isEqualTo(expected);
            assertThat(actual.warnings()).as("case %d", i).isEqualTo(expected.warnings());
            assertThat(actual.dialect()).isEqualTo(expected.dialect());
        }
    }

    @Test
    void aStreamOfMutantsInRandomChunksNeverEscapesTheFramerOrItsBound() {
        assertTimeoutPreemptively(Duration.ofMinutes(3), () -> {
            TelegramParser parser = new TelegramParser();
            long[] delivered = new long[1];
            int bound = 2048;
            TelegramFramer framer = new TelegramFramer(frame -> {
                parser.parse(frame);                    // a valid CRC does not make the content valid
                delivered[0]++;
            }, bound, true);
            Random random = new Random(424242);
            long slashes = 0;
            for (int i = 0; i < CASES; i++) {
                byte[] input = mutate(random);
                for (byte b : input) {
                    slashes += b == '/' ? 1 : 0;
                }
                for (int p = 0; p < input.length; ) {
                    int n = Math.min(input.length - p, 1 + random.nextInt(700));
                    framer.accept(input, p, n);
                    p += n;
                    assertThat(framer.bufferedBytes()).isLessThanOrEqualTo(bound);
                }
            }
            framer.endOfStream();
            FramerStatistics stats = framer.statistics();
            assertThat(stats.frames()).isEqualTo(delivered[0]);
            assertThat(stats.frames() + stats.rejected()).isLessThanOrEqualTo(slashes);
            assertThat(stats.frames()).as("mutants with a repaired CRC get through").isGreaterThan(CASES / 10);
            assertThat(stats.badCrc()).isPositive();
            assertThat(stats.truncated()).isPositive();
        });
    }
}
