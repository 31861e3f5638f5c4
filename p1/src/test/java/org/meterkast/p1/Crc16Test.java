package org.meterkast.p1;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class Crc16Test {

    /** The plain bit-by-bit definition of CRC-16/ARC, for comparison. */
    private static int bitwise(byte[] bytes, int offset, int length) {
        return FixtureSupport.crc16Arc(java.util.Arrays.copyOfRange(bytes, offset, offset + length), length);
    }

    @Test
    void checkValueOfCrc16Arc() {
        // the catalogue check value of CRC-16/ARC over "123456789"
        assertThat(Crc16.of("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9)).isEqualTo(0xBB3D);
    }

    @Test
    void fluviusExampleTelegramCarriesItsCrc() {
        byte[] telegram = TestTelegrams.bytes("fluvius-v171-dsmr_parser-1.txt");
        String text = new String(telegram, StandardCharsets.ISO_8859_1);
        int bang = text.indexOf('!');
        assertThat(Crc16.of(telegram, 0, bang + 1)).isEqualTo(0x3AD7);
        assertThat(text.substring(bang + 1, bang + 5)).isEqualTo("3AD7");
    }

    @Test
    void slicedTableAgreesWithBitwiseDefinitionForEveryLengthAndAlignment() {
        Random random = new Random(42);
        byte[] bytes = new byte[1500];
        random.nextBytes(bytes);
        for (int offset = 0; offset < 9; offset++) {
            for (int length = 0; length + offset <= bytes.length; length += 1 + length / 64) {
                assertThat(Crc16.of(bytes, offset, length)).as("offset %d length %d", offset, length)
                        .isEqualTo(bitwise(bytes, offset, length));
            }
        }
    }

    @Test
    void updateContinuesARunningCrc() {
        byte[] bytes = TestTelegrams.bytes("fluvius-v217-ha-core-107813-1.txt");
        int whole = Crc16.of(bytes, 0, bytes.length);
        for (int split = 0; split <= bytes.length; split += 37) {
            int first = Crc16.of(bytes, 0, split);
            assertThat(Crc16.update(first, bytes, split, bytes.length - split)).isEqualTo(whole);
        }
    }
}
