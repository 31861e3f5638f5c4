package org.meterkast.server.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.Power;
import org.meterkast.server.MovableClock;
import org.meterkast.server.control.BatteryRead;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The listener over a restart: the quarter open at the stop is written as far as it went, and its rest, read after
 * the start, is added to it rather than written over it.
 */
class StorageHistoryRestartTest {
    private static final Instant Q = Instant.parse("2026-11-24T09:00:00Z");

    @TempDir
    Path folder;
    private StorageHistoryRepository repository;
    private long location;

    @BeforeEach
    void database() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + folder.resolve("restart.db"));
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/sqlite").load().migrate();
        JdbcClient jdbc = JdbcClient.create(ds);
        jdbc.sql("INSERT INTO account (email, name, language, created_epoch) VALUES ('an@gent.be', 'An', 'nl', 0)")
                .update();
        jdbc.sql("INSERT INTO meter (name, source) VALUES ('home', 'test')").update();
        jdbc.sql("INSERT INTO location (account_id, meter_id, name, created_epoch) SELECT a.id, m.id, 'Thuis', 0"
                + " FROM account a, meter m").update();
        location = jdbc.sql("SELECT id FROM location").query(Long.class).single();
        repository = new StorageHistoryRepository(jdbc);
    }

    private void read(StorageHistory history, long fromSecond, long toSecond, long watts) {
        for (long s = fromSecond; s <= toSecond; s += 5) {
            history.on(new BatteryRead(location, "battery", new BatteryReading(Q.plusSeconds(s),
                    BatteryStatus.CHARGING, 50, Power.ofWatts(watts))));
        }
    }

    @Test
    void theQuarterOpenAtTheStopIsWrittenAndItsRestAddedAfterTheStart() {
        MovableClock clock = new MovableClock(Q);
        StorageHistory before = new StorageHistory(repository, clock);
        before.start();
        // 09:00:00–09:06:00 at 3,000 W: 3,000 × 360 s = 300 Wh, then the server stops
        read(before, 0, 360, 3000);
        before.stop();
        List<BatteryQuarter> stored = repository.batteryQuarters(location, "battery", Q, Q.plusSeconds(900));
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).chargedWh()).isEqualTo(300);
        assertThat(stored.get(0).measuredMs()).isEqualTo(360_000);

        // back at 09:07:00; 09:07:00–09:15:00 at 1,500 W: 1,500 × 480 s = 200 Wh; the minute down is not counted
        StorageHistory after = new StorageHistory(repository, clock);
        after.start();
        read(after, 420, 900, 1500);
        after.stop();
        stored = repository.batteryQuarters(location, "battery", Q, Q.plusSeconds(900));
        assertThat(stored).hasSize(1);
        assertThat(stored.get(0).chargedWh()).isEqualTo(500);
        assertThat(stored.get(0).measuredMs()).isEqualTo(840_000);
        assertThat(after.failed()).isZero();
        // the reading at 09:15:00 opened the next quarter, which no pair of readings covered: nothing written
        assertThat(repository.batteryQuarters(location, "battery", Q.plusSeconds(900), Q.plusSeconds(1800)))
                .isEmpty();
    }

    @Test
    void aQuarterWhoseDeviceFellSilentIsWrittenTwoMinutesAfterItsEnd() {
        MovableClock clock = new MovableClock(Q);
        StorageHistory history = new StorageHistory(repository, clock);
        // not started: writes happen on the caller's thread, so the test sees them at once
        read(history, 0, 120, 1200);
        clock.set(Q.plusSeconds(900 + 120));
        history.sweep();
        assertThat(repository.batteryQuarters(location, "battery", Q, Q.plusSeconds(900))).isEmpty();
        clock.set(Q.plusSeconds(900 + 121));
        history.sweep();
        // 1,200 W × 120 s = 40 Wh
        assertThat(repository.batteryQuarters(location, "battery", Q, Q.plusSeconds(900)))
                .extracting(BatteryQuarter::chargedWh).containsExactly(40L);
        assertThat(history.written()).isOne();
    }

    @Test
    void readingsOfADeviceWithoutAnAddressAreNotKept() {
        StorageHistory history = new StorageHistory(repository, new MovableClock(Q));
        for (long s = 0; s <= 900; s += 5) {
            history.on(new BatteryRead(0, "battery", new BatteryReading(Q.plusSeconds(s), BatteryStatus.CHARGING, 50,
                    Power.ofWatts(1000))));
        }
        history.flush();
        assertThat(history.written()).isZero();
        assertThat(history.failed()).isZero();
        assertThat(history.lastBattery(0, "battery")).isEmpty();
    }

    @Test
    void anAddressRemovedTakesItsOpenQuartersAndLastReadingsWithIt() {
        StorageHistory history = new StorageHistory(repository, new MovableClock(Q));
        read(history, 0, 60, 1000);
        assertThat(history.lastBattery(location, "battery")).isPresent();
        history.on(new org.meterkast.server.location.AddressRemoved(location, "home"));
        assertThat(history.lastBattery(location, "battery")).isEmpty();
        assertThat(history.seen(location, true)).isEmpty();
        history.flush();
        assertThat(history.written()).isZero();
    }
}
