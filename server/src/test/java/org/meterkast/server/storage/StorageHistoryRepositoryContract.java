package org.meterkast.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The batteries' and boilers' quarters (V21, V22) on each database the server supports: one subclass each. */
abstract class StorageHistoryRepositoryContract {
    static final Instant Q = Instant.parse("2026-11-24T09:00:00Z");
    static final Instant MID = Q.plusSeconds(400);
    static final Instant END = Q.plusSeconds(900);

    private StorageHistoryRepository repository;
    private JdbcClient jdbc;
    private long location;

    /** A fresh, empty database. */
    abstract DataSource dataSource();

    /** The Flyway folder of this database. */
    abstract String vendor();

    @BeforeEach
    void migrate() {
        DataSource ds = dataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor()).load().migrate();
        jdbc = JdbcClient.create(ds);
        repository = new StorageHistoryRepository(jdbc);
        jdbc.sql("INSERT INTO account (email, name, language, created_epoch) VALUES ('an@gent.be', 'An', 'nl', 0)")
                .update();
        jdbc.sql("INSERT INTO meter (name, source) VALUES ('home', 'test')").update();
        jdbc.sql("""
                INSERT INTO location (account_id, meter_id, name, created_epoch)
                SELECT a.id, m.id, 'Thuis', 0 FROM account a, meter m""").update();
        location = jdbc.sql("SELECT id FROM location").query(Long.class).single();
    }

    @Test
    void aBatteryQuarterReadsBackAsWrittenAndWritingItAgainChangesNothing() {
        BatteryQuarter q = new BatteryQuarter(location, "battery", Q, 500, 0, 50.5, 40.25, 50.5, 900_000, Q, END);
        repository.save(q);
        repository.save(q);
        assertThat(repository.batteryQuarters(location, "battery", Q, END)).containsExactly(q);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM battery_quarter").query(Long.class).single()).isOne();
        assertThat(repository.batteryQuarters(location, "other", Q, END)).isEmpty();
        assertThat(repository.batteryQuarters(location, "battery", END, END.plusSeconds(900))).isEmpty();
        assertThat(repository.hasAny(location, "battery")).isTrue();
        assertThat(repository.hasAny(location, "boiler")).isFalse();
    }

    @Test
    void twoPartsOfAQuarterCutByARestartAreAddedUpAndARetryOfOneIsNot() {
        // 09:00–09:06:40 charging 120 Wh, written at the stop; 09:06:40–09:15 delivering 80 Wh after the start
        BatteryQuarter before = new BatteryQuarter(location, "battery", Q, 120, 0, 45, 40, 45, 400_000, Q, MID);
        BatteryQuarter after = new BatteryQuarter(location, "battery", Q, 0, 80, 42, 42, 44, 500_000, MID, END);
        repository.save(before);
        repository.save(after);
        BatteryQuarter whole = new BatteryQuarter(location, "battery", Q, 120, 80, 42, 40, 45, 900_000, Q, END);
        assertThat(repository.batteryQuarters(location, "battery", Q, END)).containsExactly(whole);
        // the second part once more (a write retried): it overlaps the whole and covers less, so nothing changes
        repository.save(after);
        assertThat(repository.batteryQuarters(location, "battery", Q, END)).containsExactly(whole);
        // the parts in the other order give the same quarter
        jdbc.sql("DELETE FROM battery_quarter").update();
        repository.save(after);
        repository.save(before);
        assertThat(repository.batteryQuarters(location, "battery", Q, END)).containsExactly(whole);
    }

    @Test
    void aBoilersPartsAverageTheirTemperaturesByTheTimeEachCovers() {
        // 400 s at 50 °C on average, then 500 s at 59 °C: (50 × 400 + 59 × 500) / 900 = 55 °C
        BoilerQuarter before = new BoilerQuarter(location, "boiler", Q, 200, 50.0, 48.0, 52.0, 400_000, 400_000, Q,
                MID);
        BoilerQuarter after = new BoilerQuarter(location, "boiler", Q, 300, 59.0, 57.0, 61.0, 500_000, 500_000, MID,
                END);
        repository.save(before);
        repository.save(after);
        BoilerQuarter whole = repository.boilerQuarters(location, "boiler", Q, END).get(0);
        assertThat(whole.energyWh()).isEqualTo(500);
        assertThat(whole.temperatureAvg()).isCloseTo(55.0, within(1e-9));
        assertThat(whole.temperatureMin()).isEqualTo(48.0);
        assertThat(whole.temperatureMax()).isEqualTo(61.0);
        assertThat(whole.temperatureMs()).isEqualTo(900_000);
        assertThat(whole.measuredMs()).isEqualTo(900_000);
    }

    @Test
    void aBoilerWithoutATemperatureKeepsNullsNotZeros() {
        BoilerQuarter q = new BoilerQuarter(location, "boiler", Q, 600, null, null, null, 0, 900_000, Q, END);
        repository.save(q);
        assertThat(repository.boilerQuarters(location, "boiler", Q, END)).containsExactly(q);
    }

    @Test
    void theTablesRefuseWhatCannotBeAndGoWithTheirAddress() {
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO battery_quarter (location_id, device, start_epoch, charged_wh, delivered_wh, soc_end, soc_min,
                    soc_max, measured_ms, first_ms, last_ms) VALUES (?, 'battery', 1000, 0, 0, 50, 50, 50, 0, 0, 0)""")
                .param(location).update()).isInstanceOf(DataAccessException.class);
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO battery_quarter (location_id, device, start_epoch, charged_wh, delivered_wh, soc_end, soc_min,
                    soc_max, measured_ms, first_ms, last_ms) VALUES (?, 'battery', 900, 0, 0, 150, 50, 50, 0, 0, 0)""")
                .param(location).update()).isInstanceOf(DataAccessException.class);
        repository.save(new BatteryQuarter(location, "battery", Q, 1, 2, 50, 50, 50, 900_000, Q, END));
        repository.save(new BoilerQuarter(location, "boiler", Q, 3, 50.0, 50.0, 50.0, 900_000, 900_000, Q, END));
        jdbc.sql("DELETE FROM location WHERE id = ?").param(location).update();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM battery_quarter").query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT COUNT(*) FROM boiler_quarter").query(Long.class).single()).isZero();
    }
}
