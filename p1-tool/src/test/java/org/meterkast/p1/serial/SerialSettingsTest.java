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
