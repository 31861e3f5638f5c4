package org.meterkast.p1.serial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SerialSettingsTest {
    @Test
    void theMeterSettingsReadAsTheyAreWritten() {
        assertThat(SerialSettings.DEFAULT).isSameAs(SerialSettings.DSMR_4_5).hasToString("115200 8N1");
        assertThat(SerialSettings.DSMR_2_2).hasToString("9600 7E1");
        assertThat(SerialSettings.DSMR_2_2.withBaud(115_200))
                .isEqualTo(new SerialSettings(115_200, 7, SerialSettings.Parity.EVEN, 1));
    }

    @Test
    void settingsAreReadAsTheyAreWritten() {
        assertThat(SerialSettings.parse("115200 8N1")).isEqualTo(SerialSettings.DSMR_4_5);
        assertThat(SerialSettings.parse(" 9600 7e1 ")).isEqualTo(SerialSettings.DSMR_2_2);
        assertThat(SerialSettings.parse("19200  8O2"))
                .isEqualTo(new SerialSettings(19_200, 8, SerialSettings.Parity.ODD, 2));
        assertThat(SerialSettings.parse(SerialSettings.DSMR_2_2.toString())).isEqualTo(SerialSettings.DSMR_2_2);
    }

    @Test
    void textThatIsNotASerialLineIsRefusedWithTheText() {
        assertThatThrownBy(() -> SerialSettings.parse("115200"))
                .hasMessage("'115200' is not a serial line such as 115200 8N1 or 9600 7E1 "
                        + "(speed, then data bits 5-8, parity N, E or O, stop bits 1 or 2)");
        assertThatThrownBy(() -> SerialSettings.parse("115200 8X1")).hasMessageStartingWith("'115200 8X1' is not");
        assertThatThrownBy(() -> SerialSettings.parse("10 8N1")).hasMessage("'10 8N1': baud must be from 50 to "
                + "4000000, not 10");
    }

    @Test
    void impossibleSettingsAreRefused() {
        assertThatThrownBy(() -> new SerialSettings(0, 8, SerialSettings.Parity.NONE, 1))
                .hasMessage("baud must be from 50 to 4000000, not 0");
        assertThatThrownBy(() -> new SerialSettings(9600, 9, SerialSettings.Parity.NONE, 1))
                .hasMessage("dataBits must be 5 to 8, not 9");
        assertThatThrownBy(() -> new SerialSettings(9600, 8, SerialSettings.Parity.NONE, 3))
                .hasMessage("stopBits must be 1 or 2, not 3");
        assertThatThrownBy(() -> new SerialSettings(9600, 8, null, 1)).hasMessage("parity");
    }
}
