package org.meterkast.server.smartcharging;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Optional;
import org.meterkast.energy.smartcharging.Enrolment;
import org.meterkast.energy.smartcharging.Vehicle;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Each address's enrolment in the smart-charging programme (V18); it goes with its address. */
@Repository
class EnrolmentRepository {
    private final JdbcClient jdbc;

    EnrolmentRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void save(long locationId, Enrolment e, Instant saved) {
        Vehicle v = e.vehicle();
        jdbc.sql("""
                        INSERT INTO smart_charging_enrolment (location_id, first_day, last_day, vehicle_name,
                            vehicle_id_tag, supply_contract, quarter_hour_metering, only_this_app,
                            normal_charging_percent, target_percent, saved_epoch)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (location_id) DO UPDATE SET first_day = excluded.first_day,
                            last_day = excluded.last_day, vehicle_name = excluded.vehicle_name,
                            vehicle_id_tag = excluded.vehicle_id_tag, supply_contract = excluded.supply_contract,
                            quarter_hour_metering = excluded.quarter_hour_metering,
                            only_this_app = excluded.only_this_app,
                            normal_charging_percent = excluded.normal_charging_percent,
                            target_percent = excluded.target_percent, saved_epoch = excluded.saved_epoch""")
                .params(locationId, e.since().toString(), e.until() == null ? null : e.until().toString(),
                        v == null ? null : v.name(), v == null ? null : v.idTag(), e.supplyContract(),
                        e.quarterHourMetering(), e.onlyThisApp(), e.normalChargingPercent(), e.targetPercent(),
                        saved.getEpochSecond())
                .update();
    }

    Optional<Enrolment> find(long locationId) {
        return jdbc.sql("""
                        SELECT first_day, last_day, vehicle_name, vehicle_id_tag, supply_contract,
                            quarter_hour_metering, only_this_app, normal_charging_percent, target_percent
                        FROM smart_charging_enrolment WHERE location_id = ?""")
                .param(locationId)
                .query((rs, n) -> read(rs))
                .optional();
    }

    private static Enrolment read(ResultSet rs) throws SQLException {
        String until = rs.getString(2);
        String vehicle = rs.getString(3);
        return new Enrolment(LocalDate.parse(rs.getString(1)), until == null ? null : LocalDate.parse(until),
                vehicle == null ? null : new Vehicle(vehicle, rs.getString(4)), rs.getBoolean(5), rs.getBoolean(6),
                rs.getBoolean(7), integer(rs, 8), integer(rs, 9));
    }

    private static Integer integer(ResultSet rs, int column) throws SQLException {
        int value = rs.getInt(column);
        return rs.wasNull() ? null : value;
    }
}
