package org.meterkast.server.web;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ECharts' version comes from its webjar, the one place the build names it; the script is where the path says. */
class EChartsWebJarTest {
    @Test
    void theVersionIsTheWebjarsOwnAndTheScriptIsUnderIt() {
        String version = EChartsWebJar.version();
        assertThat(version).matches("\\d+\\.\\d+\\.\\d+");
        assertThat(getClass().getClassLoader()
                .getResource("META-INF/resources/webjars/echarts/" + version + "/dist/echarts.min.js")).isNotNull();
    }
}
