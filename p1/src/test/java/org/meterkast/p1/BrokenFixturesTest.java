package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meterkast.p1.FixtureSupport.assertWarnings;
import static org.meterkast.p1.FixtureSupport.bytes;
import static org.meterkast.p1.FixtureSupport.crc16Arc;
import static org.meterkast.p1.FixtureSupport.frame;
import static org.meterkast.p1.FixtureSupport.text;

import org.junit.jupiter.api.Test;

/**
 * The two fixtures a framer must never deliver: the Fluvius 1.7.1 example with a line cut out under its original
 * CRC, and the same example with its "!CRC" footer cut off. (The e-MUCS 2.1.1 spec examples with the placeholder
 * CRC 1234 are in {@link BelgianFixturesTest}, the DSMR 3 telegram without CRC in {@link DutchFixturesTest}.)
 */
class BrokenFixturesTest {
    static final String BAD_CRC = "edge-fluvius-v171-bad-crc-dsmr_parser.txt";
    static final String MISSING_CRC = "edge-fluvius-v171-missing-crc-dsmr_parser.txt";

    /**
     * Line "1-0:1.8.1(000000.034*kWh)" removed but CRC 3AD7 kept: the bytes give 02A3, so BAD_CRC. The parser does
     * not check CRCs: parsing the bytes directly gives the 1.7.1 example without its day import register.
     */
    @Test
    void v171WithALineRemovedHasABadCrc() {
        String text = text(BAD_CRC);
        assertThat(text).endsWith("!3AD7\r\n");
        assertThat(crc16Arc(bytes(BAD_CRC), text.indexOf('!') + 1)).isEqualTo(0x02A3);

        FixtureSupport.Framing f = frame(BAD_CRC, false);
        assertThat(f.frames).isEmpty();
        assertThat(f.rejections).containsExactly(Rejection.BAD_CRC);
        assertThat(f.details.get(0)).contains("3AD7").contains("02A3");

        Telegram t = new TelegramParser().parse(bytes(BAD_CRC));
        BelgianFixturesTest.assertFluviusV171Example(t, null);
        assertWarnings(t, BAD_CRC);
    }

    /**
     * No "!3AD7" footer at all: the framer waits for the '!' and never delivers the telegram; the end of the
     * stream (or the next telegram's '/') counts it as TRUNCATED. The parser refuses the bytes with a message
     * saying the '!' end line is missing.
     */
    @Test
    void v171WithoutFooterIsTruncated() {
        assertThat(text(MISSING_CRC)).doesNotContain("!").endsWith("(00872.234*m3)\r\n");

        FixtureSupport.Framing f = new FixtureSupport.Framing(false);
        f.framer.accept(bytes(MISSING_CRC));
        assertThat(f.frames).isEmpty();
        assertThat(f.rejections).isEmpty();
        f.framer.endOfStream();
        assertThat(f.frames).isEmpty();
        assertThat(f.rejections).containsExactly(Rejection.TRUNCATED);
        assertThat(f.framer.statistics().truncated()).isEqualTo(1);
        assertThat(f.framer.statistics().frames()).isZero();

        // followed by the complete telegram: the cut one is dropped, the next one delivered
        FixtureSupport.Framing g = new FixtureSupport.Framing(false);
        g.framer.accept(bytes(MISSING_CRC));
        g.framer.accept(bytes(BelgianFixturesTest.V171_SPEC_EXAMPLE));
        assertThat(g.rejections).containsExactly(Rejection.TRUNCATED);
        assertThat(g.frames).hasSize(1);
        assertThat(g.frames.get(0).crc()).hasValue(0x3AD7);
        String complete = text(BelgianFixturesTest.V171_SPEC_EXAMPLE);
        assertThat(g.frames.get(0).toString()).isEqualTo(complete.substring(0, complete.indexOf('!') + 1));

        assertThatThrownBy(() -> new TelegramParser().parse(bytes(MISSING_CRC)))
                .isInstanceOf(P1FormatException.class)
                .hasMessageContaining("'!'")
                .hasMessageContaining("truncated");
    }
}
