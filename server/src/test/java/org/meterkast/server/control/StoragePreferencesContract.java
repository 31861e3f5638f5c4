package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.SurplusUse;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The surplus order's and boilers' tables (V23) on each database the server supports: one subclass per database. */
abstract class StoragePreferencesContract {
    static final Instant SAVED = Instant.parse("2026-06-21T10:00:00Z");

    private StoragePreferenceRepository repository;
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
        repository = new StoragePreferenceRepository(jdbc);
        jdbc.sql("INSERT INTO account (email, name, language, created_epoch) VALUES ('an@leuven.be', 'Test', 'nl', 0)")
                .update();
        jdbc.sql("INSERT INTO meter (name, source) VALUES ('an', 'test')").update();
        jdbc.sql("""
                INSERT INTO location (account_id, meter_id, name, created_epoch)
                SELECT a.id, m.id, 'Thuis', 0 FROM account a, meter m WHERE a.email = 'an@leuven.be'""").update();
        location = jdbc.sql("SELECT id FROM location").query(Long.class).single();
    }

    @Test
    void aSurplusOrderReadsBackAsSavedAndASecondSaveReplacesIt() {
        assertThat(repository.surplusOrder(location)).isEmpty();
        repository.saveSurplusOrder(location, List.of(SurplusUse.BOILER, SurplusUse.EV, SurplusUse.BATTERY), SAVED);
        assertThat(repository.surplusOrder(location)).contains(List.of(SurplusUse.BOILER, SurplusUse.EV,
                SurplusUse.BATTERY));
        repository.saveSurplusOrder(location, List.of(SurplusUse.BATTERY, SurplusUse.BOILER, SurplusUse.EV),
                SAVED.plusSeconds(60));
        assertThat(repository.surplusOrder(location)).contains(List.of(SurplusUse.BATTERY, SurplusUse.BOILER,
                SurplusUse.EV));
        assertThat(jdbc.sql("SELECT uses FROM surplus_order").query(String.class).single())
                .isEqualTo("BATTERY,BOILER,EV");
        assertThat(repository.surplusOrder(location + 1)).isEmpty();
    }

    @Test
    void aBoilersPreferencesAndItsLastLegionellaCycleAreKeptSideBySide() {
        Instant hot = Instant.parse("2026-06-19T14:03:27Z");
        // seen hot before the household chose anything: the row holds the cycle only
        repository.saveLegionella(location, "boiler", hot, SAVED);
        var row = repository.boiler(location, "boiler").orElseThrow();
        assertThat(row.preferences()).isNull();
        assertThat(row.lastLegionella()).isEqualTo(hot);
        // the household's choices keep the cycle, and a later cycle keeps the choices
        repository.saveBoiler(location, "boiler", new BoilerPreferences(48.5, 58, false), SAVED);
        assertThat(repository.boiler(location, "boiler").orElseThrow())
                .isEqualTo(new StoragePreferenceRepository.BoilerRow(new BoilerPreferences(48.5, 58, false), hot));
        repository.saveLegionella(location, "boiler", hot.plusSeconds(604_800), SAVED);
        assertThat(repository.boiler(location, "boiler").orElseThrow()).isEqualTo(new StoragePreferenceRepository
                .BoilerRow(new BoilerPreferences(48.5, 58, false), hot.plusSeconds(604_800)));
        // one row per boiler of the address
        repository.saveBoiler(location, "2", BoilerPreferences.DEFAULTS, SAVED);
        assertThat(repository.boiler(location, "2").orElseThrow().lastLegionella()).isNull();
        repository.deleteBoiler(location, "boiler");
        assertThat(repository.boiler(location, "boiler")).isEmpty();
        assertThat(repository.boiler(location, "2")).isPresent();
    }

    @Test
    void theTablesRefuseWhatTheAppRefuses() {
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO boiler_preference (location_id, device, floor_c, max_c, legionella, saved_epoch)
                VALUES (?, 'boiler', 45, 120, 1, 0)""").param(location).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("constraint");
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO boiler_preference (location_id, device, floor_c, max_c, legionella, saved_epoch)
                VALUES (?, 'boiler', 45, 60, 2, 0)""").param(location).update())
                .isInstanceOf(DataAccessException.class).hasMessageContaining("constraint");
        assertThatThrownBy(() -> jdbc.sql("INSERT INTO surplus_order (location_id, uses, saved_epoch) VALUES (?, 'EV', 0)")
                .param(location).update()).isInstanceOf(DataAccessException.class).hasMessageContaining("constraint");
        // an address that does not exist has no preferences
        assertThatThrownBy(() -> repository.saveSurplusOrder(987_654, List.of(SurplusUse.EV, SurplusUse.BATTERY,
                SurplusUse.BOILER), SAVED)).isInstanceOf(DataAccessException.class);
    }
}
