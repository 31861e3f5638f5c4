package org.meterkast.server.control;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Optional;
import org.meterkast.energy.control.ChargingMode;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The chargers' preferences (V16), by address and charger. */
@Repository
class ChargerPreferenceRepository {
    private final JdbcClient jdbc;

    ChargerPreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<ChargerPreferences> find(long locationId, String device) {
        return jdbc.sql("""
                        SELECT mode, target_soc, departure, normal_up_to, battery_wh, soc_entered,
                               consumption_wh_per_100km
                        FROM charger_preference WHERE location_id = ? AND device = ?""")
                .params(locationId, device)
                .query((rs, n) -> new ChargerPreferences(ChargingMode.valueOf(rs.getString(1).toUpperCase(Locale.ROOT)),
                        rs.getObject(2, Integer.class), rs.getString(3) == null ? null
                        : LocalTime.parse(rs.getString(3)), rs.getObject(4, Integer.class),
                        rs.getObject(5) == null ? null : BigDecimal.valueOf(rs.getLong(5), 3).stripTrailingZeros(),
                        rs.getObject(6, Integer.class),
                        BigDecimal.valueOf(rs.getLong(7), 3).stripTrailingZeros()))
                .optional();
    }

    void save(long locationId, String device, ChargerPreferences p, Instant at) {
        Object[] values = {p.mode().name().toLowerCase(Locale.ROOT), p.targetSoc(),
                p.departure() == null ? null : p.departure().toString(), p.normalUpTo(),
                p.batteryKwh() == null ? null : wh(p.batteryKwh()), p.soc(),
                wh(p.consumptionKwh100Km()), at.getEpochSecond()};
        int updated = jdbc.sql("""
                        UPDATE charger_preference SET mode = ?, target_soc = ?, departure = ?, normal_up_to = ?,
                            battery_wh = ?, soc_entered = ?, consumption_wh_per_100km = ?, saved_epoch = ?
                        WHERE location_id = ? AND device = ?""")
                .params(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                        locationId, device)
                .update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO charger_preference (mode, target_soc, departure, normal_up_to, battery_wh,
                                soc_entered, consumption_wh_per_100km, saved_epoch, location_id, device)
                            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(values[0], values[1], values[2], values[3], values[4], values[5], values[6], values[7],
                            locationId, device)
                    .update();
        }
    }

    void delete(long locationId, String device) {
        jdbc.sql("DELETE FROM charger_preference WHERE location_id = ? AND device = ?").params(locationId, device)
                .update();
    }

    private static long wh(BigDecimal kwh) {
        return kwh.movePointRight(3).setScale(0, java.math.RoundingMode.HALF_UP).longValueExact();
    }
}
