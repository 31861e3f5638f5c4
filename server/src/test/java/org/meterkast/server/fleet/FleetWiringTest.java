package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.server.TestServer;
import org.meterkast.server.store.MeterRepository;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/** With {@code meterkast.fleet.enabled=true} the server's TelegramIntake is FleetIngest, its writer running. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.NONE)
class FleetWiringTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("fleet.db"));
        registry.add("meterkast.fleet.enabled", () -> "true");
        // fleet mode needs a broker's address; none answers there, and the carriers keep trying in the background
        // while the intake is tested on its own
        registry.add("meterkast.mqtt.url", () -> "tcp://127.0.0.1:9");
        registry.add("meterkast.fleet.node", () -> "node-1");
        registry.add("meterkast.fleet.status-interval", () -> "200ms");
    }

    @Autowired
    TelegramIntake intake;
    @Autowired
    MeterRepository meters;
    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    Clock clock;

    @Test
    void aTelegramIsStoredAndAnsweredByTheWriterThread() throws Exception {
        assertThat(intake).isInstanceOf(FleetIngest.class);
        int meterId = meters.register("1SAG1100000292", "fleet").id();
        // the node's first reading of a meter is always kept, so the answer waits for the writer
        Instant at = Instant.ofEpochSecond(clock.instant().getEpochSecond());

        CompletableFuture<Void> answer = intake.accept("1SAG1100000292",
                FleetIngestTest.telegram(at, new Registers(1_000, 2_000, 3, 4)));

        answer.get(10, TimeUnit.SECONDS);
        assertThat(jdbc.queryForObject("SELECT after_epoch FROM register_boundary WHERE meter_id = ? "
                + "AND boundary_epoch = ?", Long.class, meterId, Quarter.containing(at).start().getEpochSecond()))
                .isEqualTo(at.getEpochSecond());
        for (int i = 0; i < 50 && jdbc.queryForObject("SELECT COUNT(*) FROM fleet_meter_status", Integer.class) == 0;
             i++) {
            Thread.sleep(100);
        }
        assertThat(jdbc.queryForObject("SELECT telegrams FROM fleet_meter_status WHERE node = 'node-1'", Long.class))
                .isEqualTo(1);
    }
}
