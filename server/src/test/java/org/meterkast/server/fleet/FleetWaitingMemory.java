package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.server.store.MeterRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The heap a waiting boundary reading takes while the database fails (what {@code meterkast.fleet.most-waiting}
 * costs): the batch as it comes in, then the merged set a failed write keeps. A measurement for docs/CLUSTER.md, run
 * only when asked: {@code -Dmeterkast.bench=true}.
 */
@EnabledIfSystemProperty(named = "meterkast.bench", matches = "true")
class FleetWaitingMemory {
    static final Instant B = Instant.parse("2026-01-12T00:00:00Z");

    @TempDir
    Path folder;

    @Test
    void bytesPerWaitingReading() throws Exception {
        int meters = Integer.getInteger("meterkast.bench.meters", 2_000);
        int quarters = Integer.getInteger("meterkast.bench.quarters", 100);
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        SQLiteDataSource database = new SQLiteDataSource(config);
        database.setUrl("jdbc:sqlite:" + folder.resolve("meterkast.db"));
        Flyway.configure().dataSource(database).locations("classpath:db/migration/sqlite").load().migrate();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        MeterRepository repository = new MeterRepository(JdbcClient.create(database));
        List<String> names = new ArrayList<>();
        for (int m = 0; m < meters; m++) {
            names.add(repository.register("meter-" + m, "fleet").name());
        }
        FleetIngestTest.SteppingClock clock = new FleetIngestTest.SteppingClock(B);
        FleetSettings settings = new FleetSettings(true, "meterkast/+/p1", "meterkast", "n", Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        FleetIngest node = new FleetIngest(settings, repository,
                RegisterBoundaryRepositoryContract.repository(database), new FleetStatusRepository(jdbc), clock,
                Integer.MAX_VALUE, FleetIngest.HEARD_INTERVAL);
        // every meter looked up while the database is there
        for (String name : names) {
            clock.set(B.plusSeconds(1));
            node.accept(name, FleetIngestTest.telegram(B.plusSeconds(3), new Registers(1, 0, 0, 0)));
        }
        node.flush();
        jdbc.execute("ALTER TABLE register_boundary RENAME TO register_boundary_away");

        // per meter one reading 3 s after each boundary: the one after it, and (when the next comes) the one before
        // the next: both sides of every boundary wait, as in an outage with one telegram a second
        long base = used();
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        for (int q = 1; q <= quarters; q++) {
            Instant at = B.plusSeconds(900L * q + 3);
            clock.set(at.plusSeconds(1));
            for (String name : names) {
                answers.add(node.accept(name, FleetIngestTest.telegram(at, new Registers(1 + q, 0, 0, 0))));
            }
        }
        int batch = node.counts().waiting();
        long inBatch = used() - base;
        node.flush();
        answers.clear();
        int kept = node.counts().waiting();
        long merged = used() - base;
        System.out.printf("batch: %,d readings, %,d bytes, %d bytes each (with the answers)%n", batch, inBatch,
                inBatch / batch);
        System.out.printf("kept after a failed write: %,d readings (merged per meter and boundary), %,d bytes, "
                + "%d bytes each%n", kept, merged, merged / kept);
        assertThat(node.counts().failing()).isTrue();
        assertThat(kept).isEqualTo(meters * quarters);
    }

    private static long used() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 4; i++) {
            System.gc();
            Thread.sleep(100);
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
