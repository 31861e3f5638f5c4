package org.meterkast.server.battery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Numbers in registers as brands lay them out, both ways. */
class RegisterFormatTest {
    // −1500 = 0xFA24 as 16 bits; −2000 = 0xFFFF_F830 as 32; 100000 = 0x0001_86A0
    @ParameterizedTest(name = "{0} {1}")
    @CsvSource(delimiter = '|', textBlock = """
        # type  | case                          | low word first | swapped bytes | registers       | value
          int16  | plain                         | false          | false         | 0xFA24          | -1500
          uint16 | the same bits unsigned        | false          | false         | 0xFA24          | 64036
          int16  | low byte first                | false          | true          | 0x24FA          | -1500
          int32  | high word first               | false          | false         | 0xFFFF 0xF830   | -2000
          int32  | low word first                | true           | false         | 0xF830 0xFFFF   | -2000
          uint32 | high word first               | false          | false         | 0x0001 0x86A0   | 100000
          uint32 | low word and low byte first   | true           | true          | 0xA086 0x0100   | 100000
        """)
    void decodesAndEncodes(String type, String name, boolean lowWordFirst, boolean swapped, String registers,
                           long value) {
        RegisterFormat format = new RegisterFormat(RegisterFormat.Type.parse(type), lowWordFirst, swapped);
        int[] r = Arrays.stream(registers.split(" ")).mapToInt(h -> Integer.parseInt(h.substring(2), 16)).toArray();
        assertThat(format.decode(r)).isEqualTo(value);
        assertThat(format.encode(value)).containsExactly(r);
    }

    @Test
    void refusesWhatDoesNotFit() {
        assertThatThrownBy(() -> new RegisterFormat(RegisterFormat.Type.INT16, false, false).encode(40_000))
                .hasMessage("40000 does not fit a int16");
        assertThatThrownBy(() -> new RegisterFormat(RegisterFormat.Type.UINT32, false, false).encode(-1))
                .hasMessage("-1 does not fit a uint32");
        assertThatThrownBy(() -> RegisterFormat.Type.parse("float32"))
                .hasMessage("must be one of int16, uint16, int32, uint32, not 'float32'");
    }
}
