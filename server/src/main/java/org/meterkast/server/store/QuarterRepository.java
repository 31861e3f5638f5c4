package org.meterkast.server.store;

import java.sql.Types;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Locale;
import org.meterkast.energy.quarter.Bucket;
import org.meterkast.energy.quarter.BucketSize;
import org.meterkast.energy.quarter.Buckets;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.p1.Medium;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Closed quarters and hourly gas and water volumes, keyed by (meter, start). Writes are idempotent: writing a
 * row again changes nothing, except that a measured row replaces an estimated one (never the other way round),
 * so ingestion can be retried or replayed and Fluvius' data can later correct a gap.
 */
@Repository
public class QuarterRepository {
    /*
     * One statement for SQLite and PostgreSQL: "estimated" is 0/1 in SQLite and a boolean in PostgreSQL, and both
     * order false before true, so "stored > new" is "stored is an estimate, the new one is measured".
     */
    private static final String UPSERT_QUARTER = """
            INSERT INTO quarter (meter_id, start_epoch, segment,
                import_day_wh, import_night_wh, export_day_wh, export_night_wh, estimated, meter_demand_w)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET segment = excluded.segment,
                import_day_wh = excluded.import_day_wh, import_night_wh = excluded.import_night_wh,
                export_day_wh = excluded.export_day_wh, export_night_wh = excluded.export_night_wh,
                estimated = excluded.estimated, meter_demand_w = excluded.meter_demand_w
            WHERE quarter.estimated > excluded.estimated""";

    private static final String UPSERT_VOLUME = """
            INSERT INTO hourly_volume (meter_id, medium, start_epoch, segment, litres, estimated)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, medium, start_epoch) DO UPDATE SET segment = excluded.segment,
                litres = excluded.litres, estimated = excluded.estimated
            WHERE hourly_volume.estimated > excluded.estimated""";

    private final JdbcTemplate jdbc;

    public QuarterRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the quarters in one batch, under the rule above, without the meter's own demand. */
    public void save(int meterId, List<ClosedQuarter> quarters) {
        save(meterId, quarters, Map.of());
    }

    /**
     * Stores the quarters in one batch, under the rule above.
     *
     * @param meterDemand the meter's own last current average demand (1-0:1.4.0) in W, for the quarters it is known of
     */
    public void save(int meterId, List<ClosedQuarter> quarters, Map<Quarter, Long> meterDemand) {
        if (quarters.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_QUARTER, quarters, quarters.size(), (ps, q) -> {
            QuarterEnergy e = q.energy();
            ps.setInt(1, meterId);
            ps.setLong(2, q.quarter().start().getEpochSecond());
            ps.setInt(3, q.segment());
            ps.setLong(4, e.importDay());
            ps.setLong(5, e.importNight());
            ps.setLong(6, e.exportDay());
            ps.setLong(7, e.exportNight());
            ps.setBoolean(8, q.estimated());
            Long demand = meterDemand.get(q.quarter());
            if (demand == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, demand);
            }
        });
    }

    /** The start of the first and of the last quarter stored for the meter; empty when it has none. */
    public Optional<Instant[]> span(int meterId) {
        return jdbc.query("SELECT MIN(start_epoch), MAX(start_epoch) FROM quarter WHERE meter_id = ?",
                rs -> {
                    if (!rs.next() || rs.getObject(1) == null) {
                        return Optional.<Instant[]>empty();
                    }
                    return Optional.of(new Instant[] {Instant.ofEpochSecond(rs.getLong(1)),
                            Instant.ofEpochSecond(rs.getLong(2))});
                }, meterId);
    }

    /** The meter's quarters that start in [from, to), oldest first. */
    public List<ClosedQuarter> quarters(int meterId, Instant from, Instant to) {
        return jdbc.query("""
                        SELECT start_epoch, segment, import_day_wh, import_night_wh, export_day_wh, export_night_wh,
                            estimated
                        FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                        ORDER BY start_epoch""",
                (rs, n) -> new ClosedQuarter(new Quarter(Instant.ofEpochSecond(rs.getLong("start_epoch"))),
                        rs.getInt("segment"),
                        new QuarterEnergy(rs.getLong("import_day_wh"), rs.getLong("import_night_wh"),
                                rs.getLong("export_day_wh"), rs.getLong("export_night_wh")),
                        rs.getBoolean("estimated")),
                meterId, from.getEpochSecond(), ceilingSeconds(to));
    }

    /** The meter's quarters that start in [from, to), oldest first, each with the meter's own demand beside it. */
    public List<StoredQuarter> storedQuarters(int meterId, Instant from, Instant to) {
        return jdbc.query("""
                        SELECT start_epoch, segment, import_day_wh, import_night_wh, export_day_wh, export_night_wh,
                            estimated, meter_demand_w
                        FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                        ORDER BY start_epoch""",
                (rs, n) -> {
                    long read = rs.getLong("meter_demand_w");
                    Long demand = rs.wasNull() ? null : read;
                    return new StoredQuarter(new ClosedQuarter(
                            new Quarter(Instant.ofEpochSecond(rs.getLong("start_epoch"))), rs.getInt("segment"),
                            new QuarterEnergy(rs.getLong("import_day_wh"), rs.getLong("import_night_wh"),
                                    rs.getLong("export_day_wh"), rs.getLong("export_night_wh")),
                            rs.getBoolean("estimated")), demand);
                },
                meterId, from.getEpochSecond(), ceilingSeconds(to));
    }

    /** Buckets per query: two parameters each, well under SQLite's and PostgreSQL's limits on parameters. */
    private static final int BUCKETS_PER_QUERY = 1000;

    /**
     * The sums of the meter's quarters in local-time buckets, as {@link Buckets#sum} makes them from the quarters
     * that start in [the first bucket's start, {@code to}), but added up by the database: a year of days reads
     * 365 rows instead of 35,040 quarters, which is what keeps a year chart within its latency target.
     */
    public List<Bucket> buckets(int meterId, Instant from, Instant to, BucketSize size, ZoneId zone) {
        List<Instant> starts = new ArrayList<>();
        for (Instant start = size.start(from, zone); start.isBefore(to); start = size.next(start, zone)) {
            starts.add(start);
        }
        List<Bucket> buckets = new ArrayList<>(starts.size());
        for (int first = 0; first < starts.size(); first += BUCKETS_PER_QUERY) {
            List<Instant> chunk = starts.subList(first, Math.min(starts.size(), first + BUCKETS_PER_QUERY));
            buckets.addAll(sums(meterId, chunk, to, size, zone));
        }
        return buckets;
    }

    private List<Bucket> sums(int meterId, List<Instant> starts, Instant to, BucketSize size, ZoneId zone) {
        StringBuilder sql = new StringBuilder("WITH b (s, e) AS (VALUES ");
        List<Object> args = new ArrayList<>(starts.size() * 2 + 2);
        for (int i = 0; i < starts.size(); i++) {
            sql.append(i == 0 ? "(?, ?)" : ", (?, ?)");
            args.add(starts.get(i).getEpochSecond());
            args.add(size.next(starts.get(i), zone).getEpochSecond());
        }
        sql.append(") SELECT b.s, b.e, COALESCE(SUM(q.import_day_wh), 0), COALESCE(SUM(q.import_night_wh), 0),")
                .append(" COALESCE(SUM(q.export_day_wh), 0), COALESCE(SUM(q.export_night_wh), 0),")
                .append(" COUNT(q.start_epoch), COALESCE(SUM(CASE WHEN q.estimated THEN 1 ELSE 0 END), 0)")
                .append(" FROM b LEFT JOIN quarter q ON q.meter_id = ? AND q.start_epoch >= b.s")
                .append(" AND q.start_epoch < b.e AND q.start_epoch < ?")
                .append(" GROUP BY b.s, b.e ORDER BY b.s");
        args.add(meterId);
        args.add(ceilingSeconds(to));
        return jdbc.query(sql.toString(), (rs, n) -> {
            long start = rs.getLong(1);
            long end = rs.getLong(2);
            return new Bucket(Instant.ofEpochSecond(start), Instant.ofEpochSecond(end),
                    new QuarterEnergy(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                    rs.getInt(7), rs.getInt(8), (int) ((end - start) / Quarter.LENGTH.toSeconds()));
        }, args.toArray());
    }

    /** Stores the hourly volumes of the meter's gas or water meter in one batch, under the rule above. */
    public void saveVolumes(int meterId, Medium medium, List<HourlyVolume> volumes) {
        String name = mediumName(medium);
        if (volumes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_VOLUME, volumes, volumes.size(), (ps, v) -> {
            ps.setInt(1, meterId);
            ps.setString(2, name);
            ps.setLong(3, v.start().getEpochSecond());
            ps.setInt(4, v.segment());
            ps.setLong(5, v.litres());
            ps.setBoolean(6, v.estimated());
        });
    }

    /** The hourly volumes of the meter's gas or water meter that start in [from, to), oldest first. */
    public List<HourlyVolume> volumes(int meterId, Medium medium, Instant from, Instant to) {
        return jdbc.query("""
                        SELECT start_epoch, segment, litres, estimated FROM hourly_volume
                        WHERE meter_id = ? AND medium = ? AND start_epoch >= ? AND start_epoch < ?
                        ORDER BY start_epoch""",
                (rs, n) -> new HourlyVolume(Instant.ofEpochSecond(rs.getLong("start_epoch")), rs.getInt("segment"),
                        rs.getLong("litres"), rs.getBoolean("estimated")),
                meterId, mediumName(medium), from.getEpochSecond(), ceilingSeconds(to));
    }

    private static String mediumName(Medium medium) {
        if (medium != Medium.GAS && medium != Medium.WATER) {
            throw new IllegalArgumentException("only gas and water volumes are stored, not " + medium);
        }
        return medium.name().toLowerCase(Locale.ROOT);
    }

    /** An end with a fraction of a second still excludes nothing that starts before it. */
    private static long ceilingSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }
}
