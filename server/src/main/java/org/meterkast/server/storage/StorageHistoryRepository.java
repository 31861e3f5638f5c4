package org.meterkast.server.storage;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The batteries' and boilers' quarter hours (V21, V22). A quarter is keyed by (address, device, start); writing the
 * same quarter again changes nothing, a part that overlaps the one stored replaces it when it covers as much or
 * more, and a part that follows or precedes it (the quarter a restart cut in two) is added to it.
 */
@Repository
public class StorageHistoryRepository {
    private final JdbcClient jdbc;

    public StorageHistoryRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes a battery's quarter, joined with the part of it stored already. */
    public synchronized void save(BatteryQuarter q) {
        BatteryQuarter merged = battery(q.locationId(), q.device(), q.start()).map(stored -> join(stored, q))
                .orElse(q);
        jdbc.sql("""
                        INSERT INTO battery_quarter (location_id, device, start_epoch, charged_wh, delivered_wh,
                            soc_end, soc_min, soc_max, measured_ms, first_ms, last_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (location_id, device, start_epoch) DO UPDATE SET
                            charged_wh = excluded.charged_wh, delivered_wh = excluded.delivered_wh,
                            soc_end = excluded.soc_end, soc_min = excluded.soc_min, soc_max = excluded.soc_max,
                            measured_ms = excluded.measured_ms, first_ms = excluded.first_ms,
                            last_ms = excluded.last_ms""")
                .params(merged.locationId(), merged.device(), merged.start().getEpochSecond(), merged.chargedWh(),
                        merged.deliveredWh(), merged.socEnd(), merged.socMin(), merged.socMax(), merged.measuredMs(),
                        merged.firstAt().toEpochMilli(), merged.lastAt().toEpochMilli())
                .update();
    }

    /** Writes a boiler's quarter, joined with the part of it stored already. */
    public synchronized void save(BoilerQuarter q) {
        BoilerQuarter merged = boiler(q.locationId(), q.device(), q.start()).map(stored -> join(stored, q))
                .orElse(q);
        jdbc.sql("""
                        INSERT INTO boiler_quarter (location_id, device, start_epoch, energy_wh, temperature_avg,
                            temperature_min, temperature_max, temperature_ms, measured_ms, first_ms, last_ms)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (location_id, device, start_epoch) DO UPDATE SET
                            energy_wh = excluded.energy_wh, temperature_avg = excluded.temperature_avg,
                            temperature_min = excluded.temperature_min, temperature_max = excluded.temperature_max,
                            temperature_ms = excluded.temperature_ms, measured_ms = excluded.measured_ms,
                            first_ms = excluded.first_ms, last_ms = excluded.last_ms""")
                .params(merged.locationId(), merged.device(), merged.start().getEpochSecond(), merged.energyWh(),
                        merged.temperatureAvg(), merged.temperatureMin(), merged.temperatureMax(),
                        merged.temperatureMs(), merged.measuredMs(), merged.firstAt().toEpochMilli(),
                        merged.lastAt().toEpochMilli())
                .update();
    }

    /** A stored part and a new one: added up when one ends before the other begins, else the fuller one. */
    static BatteryQuarter join(BatteryQuarter stored, BatteryQuarter q) {
        if (!stored.lastAt().isAfter(q.firstAt())) {
            return stored.followedBy(q);
        }
        if (!q.lastAt().isAfter(stored.firstAt())) {
            return q.followedBy(stored);
        }
        return q.measuredMs() >= stored.measuredMs() ? q : stored;
    }

    static BoilerQuarter join(BoilerQuarter stored, BoilerQuarter q) {
        if (!stored.lastAt().isAfter(q.firstAt())) {
            return stored.followedBy(q);
        }
        if (!q.lastAt().isAfter(stored.firstAt())) {
            return q.followedBy(stored);
        }
        return q.measuredMs() >= stored.measuredMs() ? q : stored;
    }

    Optional<BatteryQuarter> battery(long locationId, String device, Instant start) {
        return jdbc.sql(BATTERY + " WHERE location_id = ? AND device = ? AND start_epoch = ?")
                .params(locationId, device, start.getEpochSecond()).query(StorageHistoryRepository::battery)
                .optional();
    }

    Optional<BoilerQuarter> boiler(long locationId, String device, Instant start) {
        return jdbc.sql(BOILER + " WHERE location_id = ? AND device = ? AND start_epoch = ?")
                .params(locationId, device, start.getEpochSecond()).query(StorageHistoryRepository::boiler)
                .optional();
    }

    /** A battery's quarters starting in [from, to), oldest first. */
    public List<BatteryQuarter> batteryQuarters(long locationId, String device, Instant from, Instant to) {
        return jdbc.sql(BATTERY + " WHERE location_id = ? AND device = ? AND start_epoch >= ? AND start_epoch < ?"
                        + " ORDER BY start_epoch")
                .params(locationId, device, from.getEpochSecond(), to.getEpochSecond())
                .query(StorageHistoryRepository::battery).list();
    }

    /** A boiler's quarters starting in [from, to), oldest first. */
    public List<BoilerQuarter> boilerQuarters(long locationId, String device, Instant from, Instant to) {
        return jdbc.sql(BOILER + " WHERE location_id = ? AND device = ? AND start_epoch >= ? AND start_epoch < ?"
                        + " ORDER BY start_epoch")
                .params(locationId, device, from.getEpochSecond(), to.getEpochSecond())
                .query(StorageHistoryRepository::boiler).list();
    }

    /** Whether any quarter of this device at this address is stored. */
    public boolean hasAny(long locationId, String device) {
        return jdbc.sql("""
                        SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM battery_quarter WHERE location_id = ? AND device = ?
                        LIMIT 1) b) + (SELECT COUNT(*) FROM (SELECT 1 FROM boiler_quarter WHERE location_id = ?
                        AND device = ? LIMIT 1) h)""")
                .params(locationId, device, locationId, device).query(Long.class).single() > 0;
    }

    private static final String BATTERY = """
            SELECT location_id, device, start_epoch, charged_wh, delivered_wh, soc_end, soc_min, soc_max,
                measured_ms, first_ms, last_ms FROM battery_quarter""";
    private static final String BOILER = """
            SELECT location_id, device, start_epoch, energy_wh, temperature_avg, temperature_min, temperature_max,
                temperature_ms, measured_ms, first_ms, last_ms FROM boiler_quarter""";

    private static BatteryQuarter battery(ResultSet rs, int n) throws SQLException {
        return new BatteryQuarter(rs.getLong(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3)),
                rs.getLong(4), rs.getLong(5), rs.getDouble(6), rs.getDouble(7), rs.getDouble(8), rs.getLong(9),
                Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)));
    }

    private static BoilerQuarter boiler(ResultSet rs, int n) throws SQLException {
        return new BoilerQuarter(rs.getLong(1), rs.getString(2), Instant.ofEpochSecond(rs.getLong(3)),
                rs.getLong(4), nullable(rs, 5), nullable(rs, 6), nullable(rs, 7), rs.getLong(8), rs.getLong(9),
                Instant.ofEpochMilli(rs.getLong(10)), Instant.ofEpochMilli(rs.getLong(11)));
    }

    private static Double nullable(ResultSet rs, int column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? null : v;
    }
}
