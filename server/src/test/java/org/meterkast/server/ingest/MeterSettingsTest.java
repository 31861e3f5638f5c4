package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.meterkast.server.ingest.MeterSettings.SourceType;

/** Settings that cannot work stop the start with the property's name and what is wrong. */
class MeterSettingsTest {
    static MeterSettings settings(SourceType type, String address, String port, String line, String token) {
        return new MeterSettings(type, address, port, line, null, null, token, Duration.ofSeconds(1), false, 2026, 0,
                null, null, null, null, null);
    }

    @Test
    void anEanHas18Digits() {
        var good = new MeterSettings(SourceType.NONE, null, null, "115200 8N1", null, null, null, Duration.ofSeconds(1),
                false, 2026, 0, null, "541448820050357909", null, null, null);
        good.check("home");
        var bad = new MeterSettings(SourceType.NONE, null, null, "115200 8N1", null, null, null, Duration.ofSeconds(1),
                false, 2026, 0, null, null, "5414488200503579", null, null);
        assertThatThrownBy(() -> bad.check("home")).hasMessageContaining("meterkast.meters.home.gas-ean")
                .hasMessageContaining("18 digits");
    }

    @Test
    void theMostPowerIsAMainFuseOrWattsAndAWrongOneNamesTheSetting() {
        var unset = settings(SourceType.NONE, null, null, "115200 8N1", null);
        assertThat(unset.connectionLimit().watts()).isEqualTo(43_470);
        var fuse = new MeterSettings(SourceType.NONE, null, null, "115200 8N1", null, null, null, Duration.ofSeconds(1),
                false, 2026, 0, null, null, null, null, "3x25A");
        fuse.check("home");
        assertThat(fuse.connectionLimit().watts()).isEqualTo(17_250);
        var bad = new MeterSettings(SourceType.NONE, null, null, "115200 8N1", null, null, null, Duration.ofSeconds(1),
                false, 2026, 0, null, null, null, null, "lots");
        assertThatThrownBy(() -> bad.check("home")).hasMessageStartingWith("meterkast.meters.home.max-power: 'lots' is "
                + "neither a main fuse such as 3x63A or 1x40A nor a power in W such as 43470 or 17kW");
    }

    @Test
    void aSerialLineMustReadAsSpeedAndFraming() {
        assertThatCode(() -> settings(SourceType.SERIAL, null, "/dev/ttyUSB0", "9600 7E1", null).check("p1"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> settings(SourceType.SERIAL, null, "/dev/ttyUSB0", "115200 8Z1", null).check("p1"))
                .hasMessage("meterkast.meters.p1.line: '115200 8Z1' is not a serial line such as 115200 8N1 or "
                        + "9600 7E1 (speed, then data bits 5-8, parity N, E or O, stop bits 1 or 2)");
        assertThatThrownBy(() -> settings(SourceType.SERIAL, null, " ", "115200 8N1", null).check("p1"))
                .hasMessage("meterkast.meters.p1.port is required when the type is serial, e.g. /dev/ttyUSB0");
    }

    @Test
    void aHomeWizardAddressMustBeAHostOrAnHttpUrl() {
        assertThatCode(() -> settings(SourceType.HOMEWIZARD, "192.168.1.60", null, "115200 8N1", null).check("p1"))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> settings(SourceType.HOMEWIZARD, "ftp://192.168.1.60", null, "115200 8N1", null)
                .check("p1"))
                .hasMessage("meterkast.meters.p1.address: 'ftp://192.168.1.60': the URL must start with http:// or "
                        + "https://");
    }

    @Test
    void aPushTokenMustBeLongEnough() {
        assertThatThrownBy(() -> settings(SourceType.PUSH, null, null, "115200 8N1", "short").check("p1"))
                .hasMessage("meterkast.meters.p1.token must be at least 16 characters long");
    }
}
