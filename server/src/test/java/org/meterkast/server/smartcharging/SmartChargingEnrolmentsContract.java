package org.meterkast.server.smartcharging;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.LocalDate;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.smartcharging.Enrolment;
import org.meterkast.energy.smartcharging.Vehicle;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The enrolments' table (V18) on each database the server supports: one subclass per database. */
abstract class SmartChargingEnrolmentsContract {
    static final Instant SAVED = Instant.parse("2026-03-10T10:00:00Z");

    private EnrolmentRepository enrolments;
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
        enrolments = new EnrolmentRepository(jdbc);
        location = address("sofie@gent.be", "sofie");
    }

    private long address(String email, String meter) {
        jdbc.sql("INSERT INTO account (email, name, language, created_epoch) VALUES (?, 'Test', 'nl', 0)")
                .param(email).update();
        jdbc.sql("INSERT INTO meter (name, source) VALUES (?, 'test')").param(meter).update();
        jdbc.sql("""
                        INSERT INTO location (account_id, meter_id, name, created_epoch)
                        SELECT a.id, m.id, 'Thuis', 0 FROM account a, meter m WHERE a.email = ? AND m.name = ?""")
                .params(email, meter).update();
        return jdbc.sql("SELECT l.id FROM location l JOIN meter m ON m.id = l.meter_id WHERE m.name = ?")
                .param(meter).query(Long.class).single();
    }

    @Test
    void anEnrolmentReadsBackAsSavedAndASecondSaveReplacesIt() {
        Enrolment full = new Enrolment(LocalDate.of(2026, 1, 5), null, new Vehicle("Kia EV6", "04A2B3C4"), true,
                true, true, 30, 80);
        enrolments.save(location, full, SAVED);
        assertThat(enrolments.find(location)).contains(full);

        Enrolment sparse = new Enrolment(LocalDate.of(2026, 1, 5), LocalDate.of(2026, 2, 28), null, false, false,
                false, null, null);
        enrolments.save(location, sparse, SAVED.plusSeconds(60));
        assertThat(enrolments.find(location)).contains(sparse);
        assertThat(jdbc.sql("SELECT COUNT(*) FROM smart_charging_enrolment").query(Long.class).single()).isOne();
        assertThat(enrolments.find(location + 1)).isEmpty();
    }

    @Test
    void theTableRefusesWhatTheDomainRefuses() {
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO smart_charging_enrolment (location_id, first_day, supply_contract, quarter_hour_metering,
                    only_this_app, target_percent, saved_epoch) VALUES (?, '2026-01-05', ?, ?, ?, 180, 0)""")
                .params(location, true, true, true).update()).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("constraint");
        assertThatThrownBy(() -> jdbc.sql("""
                INSERT INTO smart_charging_enrolment (location_id, first_day, last_day, supply_contract,
                    quarter_hour_metering, only_this_app, saved_epoch) VALUES (?, '2026-01-05', '2026-01-04', ?, ?, ?, 0)""")
                .params(location, true, true, true).update()).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("constraint");
        // an address that does not exist has no enrolment
        assertThatThrownBy(() -> enrolments.save(987_654, new Enrolment(LocalDate.of(2026, 1, 5), null, null, true,
                true, true, 30, 80), SAVED)).isInstanceOf(DataAccessException.class)
                .hasMessageContaining("constraint");
    }

    @Test
    void anEnrolmentGoesWithItsAddress() {
        long other = address("karim@gent.be", "karim");
        Enrolment e = new Enrolment(LocalDate.of(2026, 1, 5), null, null, true, true, true, 30, 80);
        enrolments.save(location, e, SAVED);
        enrolments.save(other, e, SAVED);
        // as the address's removal does it: its devices, then the address
        jdbc.sql("DELETE FROM device WHERE location_id = ?").param(location).update();
        jdbc.sql("DELETE FROM location WHERE id = ?").param(location).update();
        assertThat(enrolments.find(location)).isEmpty();
        assertThat(enrolments.find(other)).contains(e);
    }
}
