package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meterkast.server.MeterkastApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * A server that stops while a charger is connected stores when it last saw the charger, before its database goes
 * (the connection's close, which the web server reports later, finds no database any more).
 */
class CentralSystemStopTest {
    @Test
    void aChargerConnectedAtTheStopIsSeenThen() throws Exception {
        Path database = Files.createTempDirectory("meterkast-ocpp-stop").resolve("meterkast.db");
        long beforeStop;
        try (ConfigurableApplicationContext server = new SpringApplicationBuilder(MeterkastApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + database,
                        "--meterkast.meters.home.type=sim", "--meterkast.meters.home.history-days=1",
                        "--meterkast.meters.home.simulated-battery=false")) {
            CentralSystem central = server.getBean(CentralSystem.class);
            // the demo's carport connects to the server's own /ocpp/ a moment after the start
            await().atMost(Duration.ofSeconds(30)).until(() -> central.counts().connected() >= 1);
            Thread.sleep(1_100);
            beforeStop = Instant.now().getEpochSecond();
        }

        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + database);
             Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT last_seen_epoch FROM charge_point "
                     + "WHERE charge_point_id = 'sim-home'")) {
            assertThat(r.next()).isTrue();
            assertThat(r.getLong(1)).as("seen at the stop").isGreaterThanOrEqualTo(beforeStop);
        }
    }
}
