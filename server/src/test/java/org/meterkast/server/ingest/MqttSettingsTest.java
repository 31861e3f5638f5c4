package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

class MqttSettingsTest {
    private static MqttSettings withUrl(String url) {
        return new MqttSettings(url, null, null, null, Duration.ofSeconds(30), Duration.ofSeconds(1),
                Duration.ofSeconds(60));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # url                          | host            | port | tls
          tcp://192.168.1.10:1883      | 192.168.1.10    | 1883 | false
          mqtt://broker.lan            | broker.lan      | 1883 | false
          ssl://broker.example.org     | broker.example.org | 8883 | true
          MQTTS://broker.example.org:8884 | broker.example.org | 8884 | true
          tcp://[::1]:1884             | ::1             | 1884 | false
          tcp://127.0.0.1:1883/        | 127.0.0.1       | 1883 | false
        """)
    void brokerAddresses(String url, String host, int port, boolean tls) {
        assertThat(withUrl(url).requireUrl("home")).isEqualTo(new MqttSettings.Broker(host, port, tls));
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # url                          | problem
          http://broker:1883           | the scheme must be tcp, mqtt, ssl or mqtts
          192.168.1.10:1883            | the scheme is missing
          tcp://user:secret@broker     | put the user name and password in meterkast.mqtt.username
          tcp://broker:1883/dsmr/raw   | a broker address has no path or query
          tcp://:1883                  | it names no host
        """)
    void badAddressesAreNamed(String url, String problem) {
        assertThatThrownBy(() -> withUrl(url)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("meterkast.mqtt.url '" + url + "': " + problem);
    }

    @Test
    void otherSettingsAreChecked() {
        assertThatThrownBy(() -> new MqttSettings("tcp://b", null, "secret", null, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(60)))
                .hasMessageContaining("meterkast.mqtt.password is set without meterkast.mqtt.username");
        assertThatThrownBy(() -> new MqttSettings("tcp://b", null, null, null, Duration.ofSeconds(30),
                Duration.ofSeconds(2), Duration.ofSeconds(1)))
                .hasMessageContaining("meterkast.mqtt.max-backoff PT1S is shorter than meterkast.mqtt.initial-backoff PT2S");
        assertThat(new MqttSettings("tcp://b", "meter", "secret", null, Duration.ofSeconds(30),
                Duration.ofSeconds(1), Duration.ofSeconds(60)).toString()).doesNotContain("secret");
        assertThat(withUrl(" ").url()).isNull();
    }

    @Test
    void anMqttMeterWithoutABrokerStopsTheStart(@TempDir Path folder) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("meterkast.db"),
                "--meterkast.meters.home.type=mqtt",
                "--meterkast.meters.home.topic=dsmr/raw").close())
                .rootCause()
                .hasMessage("meterkast.mqtt.url is required when a meter's type is mqtt "
                        + "(meterkast.meters.home.type=mqtt), e.g. tcp://192.168.1.10:1883 or ssl://broker.example.org:8883");
    }

    @Test
    void aBadBrokerAddressStopsTheStart(@TempDir Path folder) {
        assertThatThrownBy(() -> new SpringApplicationBuilder(MeterkastApplication.class).run(
                "--server.port=0",
                "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("meterkast.db"),
                "--meterkast.mqtt.url=broker.lan:1883",
                "--meterkast.meters.home.type=none").close())
                .rootCause()
                .hasMessageStartingWith("meterkast.mqtt.url 'broker.lan:1883': the scheme is missing; expected e.g. tcp://");
    }
}
