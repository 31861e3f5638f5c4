package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;

/** The meters as properties name them, bound the way the server binds them at startup. */
class IngestSettingsTest {

    private static IngestSettings bind(Map<String, String> properties) {
        return new Binder(new MapConfigurationPropertySource(properties))
                .bindOrCreate("meterkast", IngestSettings.class);
    }

    @Test
    void severalMetersEachWithTheirOwnSourceAndDefaults() {
        IngestSettings settings = bind(Map.of(
                "meterkast.meters.home.type", "tcp",
                "meterkast.meters.home.address", "192.168.1.50:2000",
                "meterkast.meters.garage.type", "homewizard",
                "meterkast.meters.garage.address", "192.168.1.60",
                "meterkast.meters.garage.poll", "5s"));

        assertThat(settings.meters()).containsOnlyKeys("garage", "home");
        assertThat(settings.meters().get("home").type()).isEqualTo(MeterSettings.SourceType.TCP);
        assertThat(settings.meters().get("home").poll()).isEqualTo(Duration.ofSeconds(1));
        assertThat(settings.meters().get("home").line()).isEqualTo("115200 8N1");
        assertThat(settings.meters().get("garage").poll()).isEqualTo(Duration.ofSeconds(5));
        assertThat(settings.meters().get("home").historyDays()).isEqualTo(365);
    }

    @Test
    void noMetersIsAllowed() {
        assertThat(bind(Map.of()).meters()).isEmpty();
    }

    @Test
    void aMissingAddressNamesTheProperty() {
        assertThatThrownBy(() -> bind(Map.of("meterkast.meters.home.type", "tcp")))
                .isInstanceOf(BindException.class)
                .rootCause().hasMessage("meterkast.meters.home.address is required when the type is tcp, "
                        + "e.g. 192.168.1.50:2000");
    }

    @Test
    void aWrongAddressNamesThePropertyAndTheProblem() {
        assertThatThrownBy(() -> bind(Map.of("meterkast.meters.home.type", "tcp",
                "meterkast.meters.home.address", "192.168.1.50")))
                .hasStackTraceContaining("meterkast.meters.home.address: '192.168.1.50' has no port");
    }

    @Test
    void aShortPushTokenIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("meterkast.meters.logger.type", "push",
                "meterkast.meters.logger.token", "secret")))
                .rootCause().hasMessage("meterkast.meters.logger.token must be at least 16 characters long");
    }

    @Test
    void anUnknownTypeIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("meterkast.meters.home.type", "zigbee")))
                .isInstanceOf(BindException.class)
                .hasMessageContaining("meterkast.meters.home.type");
    }

    @Test
    void aNameThatCannotBeAPathIsRefused() {
        assertThatThrownBy(() -> bind(Map.of("meterkast.meters[my meter].type", "sim")))
                .rootCause().hasMessageContaining("a meter's name must be 1 to 64 lower-case letters");
    }
}
