package org.meterkast.server.control;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.control.SurplusUse;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The household's surplus order and its boilers' preferences and legionella cycles (V23), by address. */
@Repository
class StoragePreferenceRepository {
    /** A boiler's row: the household's choices (null where it made none) and the last legionella cycle seen. */
    record BoilerRow(BoilerPreferences preferences, Instant lastLegionella) {
    }

    private final JdbcClient jdbc;

    StoragePreferenceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    Optional<List<SurplusUse>> surplusOrder(long locationId) {
        return jdbc.sql("SELECT uses FROM surplus_order WHERE location_id = ?").param(locationId)
                .query(String.class).optional().map(uses -> {
                    List<SurplusUse> order = new ArrayList<>();
                    for (String use : uses.split(",")) {
                        order.add(SurplusUse.valueOf(use));
                    }
                    return List.copyOf(order);
                });
    }

    void saveSurplusOrder(long locationId, List<SurplusUse> order, Instant at) {
        String uses = String.join(",", order.stream().map(Enum::name).toList());
        int updated = jdbc.sql("UPDATE surplus_order SET uses = ?, saved_epoch = ? WHERE location_id = ?")
                .params(uses, at.getEpochSecond(), locationId).update();
        if (updated == 0) {
            jdbc.sql("INSERT INTO surplus_order (location_id, uses, saved_epoch) VALUES (?, ?, ?)")
                    .params(locationId, uses, at.getEpochSecond()).update();
        }
    }

    Optional<BoilerRow> boiler(long locationId, String device) {
        return jdbc.sql("""
                        SELECT floor_c, max_c, legionella, last_legionella_epoch
                        FROM boiler_preference WHERE location_id = ? AND device = ?""")
                .params(locationId, device)
                .query((rs, n) -> {
                    double floor = rs.getDouble(1);
                    boolean chosen = !rs.wasNull();
                    double max = rs.getDouble(2);
                    boolean legionella = rs.getInt(3) == 1;
                    long last = rs.getLong(4);
                    Instant lastLegionella = rs.wasNull() ? null : Instant.ofEpochSecond(last);
                    return new BoilerRow(chosen ? new BoilerPreferences(floor, max, legionella) : null,
                            lastLegionella);
                })
                .optional();
    }

    void saveBoiler(long locationId, String device, BoilerPreferences p, Instant at) {
        int legionella = p.legionella() ? 1 : 0;
        int updated = jdbc.sql("""
                        UPDATE boiler_preference SET floor_c = ?, max_c = ?, legionella = ?, saved_epoch = ?
                        WHERE location_id = ? AND device = ?""")
                .params(p.floorC(), p.maxC(), legionella, at.getEpochSecond(), locationId, device).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO boiler_preference (location_id, device, floor_c, max_c, legionella, saved_epoch)
                            VALUES (?, ?, ?, ?, ?, ?)""")
                    .params(locationId, device, p.floorC(), p.maxC(), legionella, at.getEpochSecond()).update();
        }
    }

    void saveLegionella(long locationId, String device, Instant reached, Instant at) {
        int updated = jdbc.sql("""
                        UPDATE boiler_preference SET last_legionella_epoch = ?, saved_epoch = ?
                        WHERE location_id = ? AND device = ?""")
                .params(reached.getEpochSecond(), at.getEpochSecond(), locationId, device).update();
        if (updated == 0) {
            jdbc.sql("""
                            INSERT INTO boiler_preference (location_id, device, last_legionella_epoch, saved_epoch)
                            VALUES (?, ?, ?, ?)""")
                    .params(locationId, device, reached.getEpochSecond(), at.getEpochSecond()).update();
        }
    }

    void deleteBoiler(long locationId, String device) {
        jdbc.sql("DELETE FROM boiler_preference WHERE location_id = ? AND device = ?").params(locationId, device)
                .update();
    }
}
