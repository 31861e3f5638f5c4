package org.meterkast.p1.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class TelegramDecoderTest {
    @Test
    void aMessageWithTwoTelegramsDeliversBoth() {
        Recorder recorder = new Recorder(0);
        TelegramDecoder decoder = new TelegramDecoder(recorder);

        int delivered = decoder.acceptMessage(Fixtures.stream(Fixtures.FLUVIUS_171, Fixtures.FLUVIUS_171_ALT));

        assertThat(delivered).isEqualTo(2);
        assertThat(recorder.telegrams).extracting(t -> t.equipmentId().orElseThrow())
                .containsExactly("1SAG3101021605", "1SAG3100721326");
        assertThat(decoder.telegrams()).isEqualTo(2);
    }

    @Test
    void aMessageCutShortIsTruncatedAndNotJoinedToTheNextMessage() {
        Recorder recorder = new Recorder(0);
        TelegramDecoder decoder = new TelegramDecoder(recorder);
        byte[] whole = Fixtures.bytes(Fixtures.FLUVIUS_171);
        byte[] head = Arrays.copyOf(whole, 300);
        byte[] tail = Arrays.copyOfRange(whole, 300, whole.length);

        assertThat(decoder.acceptMessage(head)).isZero();
        assertThat(decoder.acceptMessage(tail)).isZero();
        assertThat(decoder.acceptMessage(whole)).isEqualTo(1);

        assertThat(recorder.rejections).singleElement().asString().startsWith("TRUNCATED");
        assertThat(decoder.framerStatistics().truncated()).isEqualTo(1);
        assertThat(recorder.telegrams).hasSize(1);
    }

    @Test
    void chunksOfAStreamAreJoined() {
        Recorder recorder = new Recorder(0);
        TelegramDecoder decoder = new TelegramDecoder(recorder);
        byte[] whole = Fixtures.bytes(Fixtures.DSMR_50);

        decoder.accept(whole, 0, 100);
        decoder.accept(whole, 100, whole.length - 100);

        assertThat(recorder.telegrams).singleElement()
                .satisfies(t -> assertThat(t.equipmentId()).contains("K8EG004046395507"));
    }

    @Test
    void aTapSeesEveryByteFedGarbageIncluded() {
        Recorder recorder = new Recorder(0);
        TelegramDecoder decoder = new TelegramDecoder(recorder);
        java.io.ByteArrayOutputStream seen = new java.io.ByteArrayOutputStream();
        decoder.tap(seen::write);
        byte[] fed = Fixtures.stream("=noise\r\n", Fixtures.FLUVIUS_171);

        decoder.accept(fed, 0, 3);
        decoder.acceptMessage(Arrays.copyOfRange(fed, 3, fed.length));

        assertThat(seen.toByteArray()).isEqualTo(fed);
        assertThat(recorder.telegrams).hasSize(1);
    }

    @Test
    void bytesOutsideAnyTelegramAreReportedAsGarbageAndACleanStreamHasNone() {
        long[] garbage = new long[1];
        java.util.List<org.meterkast.p1.Telegram> telegrams = new java.util.ArrayList<>();
        TelegramDecoder decoder = new TelegramDecoder(new TelegramListener() {
            @Override
            public void onTelegram(org.meterkast.p1.Telegram telegram) {
                telegrams.add(telegram);
            }

            @Override
            public void onGarbage(long bytes) {
                garbage[0] += bytes;
            }
        });
        byte[] clean = Fixtures.stream(Fixtures.FLUVIUS_171, Fixtures.FLUVIUS_171_ALT);
        decoder.accept(clean, 0, clean.length);
        assertThat(garbage[0]).isZero();

        byte[] noisy = Fixtures.stream("=AT+OK\r\n\0\0", Fixtures.FLUVIUS_171);
        decoder.accept(noisy, 0, noisy.length);

        assertThat(garbage[0]).as("AT+OK and two NULs; line ends between telegrams are not garbage").isEqualTo(7);
        assertThat(telegrams).hasSize(3);
    }
}
