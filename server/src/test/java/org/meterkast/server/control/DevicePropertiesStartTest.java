package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/** A device of the properties that cannot be made stops the start, naming the property and what is wrong. */
class DevicePropertiesStartTest {
    @TempDir
    Path folder;

    @ParameterizedTest(name = "{0}={1}")
    @CsvSource(delimiter = '|', textBlock = """
        # property             | value   | the start stops with
          devices.carport.type | ocpp15  | meterkast.meters.home.devices.carport.type: no charger adapter of type 'ocpp15'; known charger types: [ocpp16, sim]
          devices.carport.soc  | 140     | meterkast.meters.home.devices.carport.soc must be from 0 to 100, not 140
          devices.carport.kind | heatpump | meterkast.meters.home.devices.carport.kind 'heatpump' is not a kind of device the layer knows: charger, inverter, battery, boiler
          inverter.type        | sim     | meterkast.meters.home.inverter.type sim needs the meter's type to be sim: the simulated inverter is the simulated household's roof
        """)
    void aDeviceThatCannotBeMadeStopsTheStart(String property, String value, String message) {
        SpringApplicationBuilder server = new SpringApplicationBuilder(MeterkastApplication.class);
        // as command-line arguments, above application.properties (whose home is the simulated household)
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", "jdbc:sqlite:" + folder.resolve("start.db"));
        properties.put("server.port", "0");
        properties.put("meterkast.demo.enabled", "false");
        properties.put("meterkast.meters.home.type", "none");
        properties.put("meterkast.meters.home.devices.carport.kind", "charger");
        properties.put("meterkast.meters.home.devices.carport.type", "sim");
        properties.put("meterkast.meters.home." + property, value);
        String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        assertThatThrownBy(() -> server.run(arguments).close())
                .satisfies(e -> {
                    Throwable cause = e;
                    while (cause.getCause() != null && !cause.getMessage().startsWith("meterkast.meters.")) {
                        cause = cause.getCause();
                    }
                    assertThat(cause.getMessage()).isEqualTo(message);
                });
    }
}
