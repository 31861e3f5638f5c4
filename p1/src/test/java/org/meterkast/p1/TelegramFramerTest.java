package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TelegramFramerTest {

    private final List<Frame> frames = new ArrayList<>();
    private final List<String> rejections = new ArrayList<>();
    private final FrameListener listener = new FrameListener() {
        @Override
        public void onFrame(Frame frame) {
            frames.add(frame.copy());
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            rejections.add(reason + ": " + detail);
        }
    };

    /** A small telegram with its correct CRC appended in the given form. */
    private static String telegram(String body, String crcFormat) {
        String covered = "/TST5\\test\r\n\r\n" + body + "!";
        int crc = Crc16.of(covered.getBytes(StandardCharsets.ISO_8859_1), 0, covered.length());
        return covered + String.format(crcFormat, crc) + "\r\n";
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    @Test
    void acceptsUpperAndLowerCaseCrc() {
        TelegramFramer framer = new TelegramFramer(listener);
        framer.accept(ascii(telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X")));
        framer.accept(ascii(telegram("1-0:1.8.1(000002.000*kWh)\r\n", "%04x")));
        assertThat(frames).hasSize(2);
        assertThat(rejections).isEmpty();
        assertThat(frames.get(0).toString()).startsWith("/TST5").endsWith("kWh)\r\n!");
        assertThat(frames.get(0).crc()).hasValue(Crc16.of(frames.get(0).buffer(), 0, frames.get(0).length()));
    }

    @Test
    void acceptsACrcWrittenWithFewerThanFourDigits() {
        // find a body whose CRC is below 0x100, so it can be written with 1, 2 or 3 digits
        for (int i = 0; ; i++) {
            String covered = "/TST5\\test\r\n\r\n0-0:96.13.0(" + i + ")\r\n!";
            int crc = Crc16.of(ascii(covered), 0, covered.length());
            if (crc < 0x10) {
                TelegramFramer framer = new TelegramFramer(listener);
                framer.accept(ascii(covered + Integer.toHexString(crc) + "\r\n"));
                framer.accept(ascii(covered + "0" + Integer.toHexString(crc) + "\r\n"));
                framer.accept(ascii(covered + "000" + Integer.toHexString(crc) + "\r\n"));
                assertThat(frames).hasSize(3);
                assertThat(framer.statistics().frames()).isEqualTo(3);
                return;
            }
        }
    }

    @Test
    void rejectsAWrongCrcAndCountsIt() {
        TelegramFramer framer = new TelegramFramer(listener);
        String good = telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X");
        framer.accept(ascii(good.replace("000001.000", "000001.001")));
        assertThat(frames).isEmpty();
        assertThat(rejections).singleElement().asString().startsWith("BAD_CRC: CRC ");
        assertThat(framer.statistics()).isEqualTo(new FramerStatistics(0, 1, 0, 0, 0, 0));
    }

    @Test
    void aBareBangIsRejectedUnlessCrcLessFramesAreAllowed() {
        String bare = "/ISk5\\2MT382-1000\r\n\r\n1-0:1.8.1(12345.678*kWh)\r\n!\r\n";
        TelegramFramer strict = new TelegramFramer(listener);
        strict.accept(ascii(bare));
        assertThat(strict.statistics().missingCrc()).isEqualTo(1);
        assertThat(frames).isEmpty();

        TelegramFramer lenient = new TelegramFramer(listener, TelegramFramer.DEFAULT_MAX_FRAME_BYTES, true);
        lenient.accept(ascii(bare));
        assertThat(frames).singleElement().satisfies(f -> assertThat(f.crc()).isEmpty());
    }

    @Test
    void aNewSlashTruncatesTheTelegramBeingReadAndStartsAgain() {
        TelegramFramer framer = new TelegramFramer(listener);
        String whole = telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X");
        framer.accept(ascii(whole.substring(0, 20) + whole));
        assertThat(frames).hasSize(1);
        assertThat(frames.get(0).toString()).isEqualTo(whole.substring(0, whole.indexOf('!') + 1));
        assertThat(framer.statistics().truncated()).isEqualTo(1);
    }

    @Test
    void theEndOfTheStreamTruncatesAPendingTelegram() {
        TelegramFramer framer = new TelegramFramer(listener);
        framer.accept(ascii("/FLU5\\253769484_A\r\n\r\n0-0:96.1.4(50217)\r\n"));
        assertThat(framer.bufferedBytes()).isEqualTo(40);
        framer.endOfStream();
        assertThat(framer.bufferedBytes()).isZero();
        assertThat(rejections).singleElement().asString().isEqualTo("TRUNCATED: the stream ended after 40 bytes, before '!'");
    }

    @Test
    void aCutOffTelegramNearTheBoundStillLetsTheNextOneThrough() {
        String whole = telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X");
        // 900: the cut-off part and the next telegram fit under the bound together; 960: they do not
        for (int filler : new int[] {900, 960})
        for (int chunk : new int[] {1, 7, 64, 5000}) {
            String cutOff = "/FLU5\\253769484_A\r\n\r\n" + "0-0:96.13.0(" + "3".repeat(filler);
            int together = cutOff.length() + whole.indexOf('!') + 1;
            assertThat(together > 1024).isEqualTo(filler == 960);
            frames.clear();
            rejections.clear();
            TelegramFramer framer = new TelegramFramer(listener, 1024, false);
            byte[] stream = ascii(cutOff + whole + whole);
            for (int p = 0; p < stream.length; p += chunk) {
                framer.accept(stream, p, Math.min(chunk, stream.length - p));
            }
            assertThat(frames).as("chunks of %d", chunk).hasSize(2);
            assertThat(frames.get(0).toString()).isEqualTo(whole.substring(0, whole.indexOf('!') + 1));
            assertThat(rejections).as("chunks of %d", chunk).singleElement().asString()
                    .isEqualTo("TRUNCATED: a new '/' after " + cutOff.length() + " bytes, before '!'");
        }
    }

    @Test
    void aStreamThatEndsInsideTheCrcIsTruncatedUnlessTheDigitsSoFarMatch() {
        String whole = telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X");
        int bang = whole.indexOf('!');
        TelegramFramer cut = new TelegramFramer(listener);
        cut.accept(ascii(whole.substring(0, bang + 3)));
        cut.endOfStream();
        assertThat(rejections).singleElement().asString().isEqualTo("TRUNCATED: the stream ended inside the CRC after 2 digits");

        TelegramFramer complete = new TelegramFramer(listener);
        complete.accept(ascii(whole.substring(0, bang + 5)));   // all four digits, no line end
        assertThat(frames).hasSize(1);
    }

    @Test
    void aRunawayStreamNeverGrowsPastTheBoundAndTheFramerRecovers() {
        TelegramFramer framer = new TelegramFramer(listener, 1024, false);
        framer.accept(ascii("/"));
        byte[] noise = ascii("1-0:1.7.0(00.338*kW)\r\n".repeat(10));
        for (int i = 0; i < 10_000; i++) {
            framer.accept(noise);
            assertThat(framer.bufferedBytes()).isLessThanOrEqualTo(1024);
        }
        assertThat(framer.statistics().oversize()).isEqualTo(1);
        // four chunks of 220 bytes fit under the bound and go with the dropped frame; the rest, up to the next
        // '/', is counted as garbage: 20 bytes of each 22-byte line (the line ends are not counted)
        assertThat(framer.statistics().garbageBytes()).isEqualTo((10_000L - 4) * 10 * 20);
        framer.accept(ascii(telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X")));
        assertThat(frames).hasSize(1);
    }

    @Test
    void aTelegramJustUnderTheBoundIsKeptAndOneByteMoreIsNot() {
        String body = "0-0:96.13.0(" + "3".repeat(900) + ")\r\n";
        String telegram = telegram(body, "%04X");
        int frameLength = telegram.indexOf('!') + 1;
        new TelegramFramer(listener, frameLength, false).accept(ascii(telegram));
        assertThat(frames).hasSize(1);
        new TelegramFramer(listener, frameLength - 1, false).accept(ascii(telegram));
        assertThat(frames).hasSize(1);
        assertThat(rejections).singleElement().asString().startsWith("OVERSIZE");
    }

    @Test
    void noiseOutsideFramesIsCountedButLineEndsAreNot() {
        TelegramFramer framer = new TelegramFramer(listener);
        framer.accept(ascii("\r\n\r\nabc\r\n" + telegram("1-0:1.8.1(000001.000*kWh)\r\n", "%04X") + "\r\nzz"));
        assertThat(frames).hasSize(1);
        assertThat(framer.statistics().garbageBytes()).isEqualTo(5);
    }

    @Test
    void theSearchForSlashOrBangFindsTheFirstOneAtEveryPosition() {
        for (int length = 0; length < 40; length++) {
            for (int at = 0; at < length; at++) {
                byte[] bytes = new byte[length];
                java.util.Arrays.fill(bytes, (byte) 'a');
                bytes[at] = (byte) (at % 2 == 0 ? '!' : '/');
                if (at + 3 < length) {
                    bytes[at + 3] = '/';
                }
                assertThat(TelegramFramer.indexOfSlashOrBang(bytes, 0, length)).isEqualTo(at);
            }
            byte[] none = new byte[length];
            java.util.Arrays.fill(none, (byte) 0xAF);   // '/' | 0x80 must not match
            assertThat(TelegramFramer.indexOfSlashOrBang(none, 0, length)).isEqualTo(-1);
        }
    }

    @Test
    void rejectsANonsensicalBound() {
        assertThatThrownBy(() -> new TelegramFramer(listener, 8, false))
                .hasMessage("maxFrameBytes must be at least 16, not 8");
    }
}
