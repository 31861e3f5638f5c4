package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * The weekly legionella cycle survives a restart: a boiler whose water the loop sees at 62 °C has that moment written
 * down, and the server started again on the same database, its water now at 40 °C, gives the policies that moment.
 */
class LegionellaRestartTest {
    @TempDir
    Path folder;

    static volatile SiteSnapshot last;

    /** A policy that only looks: the snapshots the loop gives it. */
    @Configuration
    static class Looking {
        @Bean
        PolicyFactory looking() {
            return meter -> Optional.of(new Policy() {
                @Override
                public String name() {
                    return "looking";
                }

                @Override
                public List<Command> decide(SiteSnapshot snapshot) {
                    last = snapshot;
                    return List.of();
                }
            });
        }
    }

    /** The demo household (its address added at the start) with a simulated boiler of the properties. */
    private ConfigurableApplicationContext start(String temperatureC) {
        Map<String, String> properties = new LinkedHashMap<>();
        properties.put("spring.datasource.url", "jdbc:sqlite:" + folder.resolve("restart.db"));
        properties.put("server.port", "0");
        properties.put("meterkast.meters.home.type", "sim");
        properties.put("meterkast.meters.home.history-days", "1");
        properties.put("meterkast.meters.home.simulated-charger", "false");
        properties.put("meterkast.meters.home.simulated-battery", "false");
        properties.put("meterkast.meters.home.devices.boiler.kind", "boiler");
        properties.put("meterkast.meters.home.devices.boiler.type", "sim");
        properties.put("meterkast.meters.home.devices.boiler.temperature", temperatureC);
        properties.put("meterkast.control.interval", "1s");
        String[] arguments = properties.entrySet().stream().map(p -> "--" + p.getKey() + "=" + p.getValue())
                .toArray(String[]::new);
        last = null;
        return new SpringApplicationBuilder(MeterkastApplication.class, Looking.class).run(arguments);
    }

    private static Optional<BoilerSnapshot> boiler() {
        SiteSnapshot snapshot = last;
        return snapshot == null || snapshot.boilers().isEmpty() ? Optional.empty()
                : Optional.of(snapshot.boilers().get(0));
    }

    @Test
    void theLastLegionellaCycleIsKeptAcrossARestart() {
        long written;
        try (ConfigurableApplicationContext first = start("62")) {
            JdbcClient jdbc = first.getBean(JdbcClient.class);
            // once the demo's address shows the meter, the hot water is written down for it
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                    SELECT count(*) FROM boiler_preference WHERE device = 'boiler'
                    AND last_legionella_epoch IS NOT NULL""").query(Integer.class).single() == 1);
            written = jdbc.sql("SELECT last_legionella_epoch FROM boiler_preference WHERE device = 'boiler'")
                    .query(Long.class).single();
            await().atMost(Duration.ofSeconds(10)).until(() -> boiler().flatMap(BoilerSnapshot::lastLegionella)
                    .isPresent());
            assertThat(boiler().orElseThrow().reading().temperatureC().getAsDouble()).isGreaterThan(60);
        }

        try (ConfigurableApplicationContext second = start("40")) {
            await().atMost(Duration.ofSeconds(30)).until(() -> boiler()
                    .filter(b -> b.reading().temperatureC().getAsDouble() < 45).isPresent());
            assertThat(boiler().orElseThrow().lastLegionella()).contains(Instant.ofEpochSecond(written));
            assertThat(second.getBean(JdbcClient.class).sql(
                    "SELECT last_legionella_epoch FROM boiler_preference WHERE device = 'boiler'")
                    .query(Long.class).single()).isEqualTo(written);
        }
    }
}
