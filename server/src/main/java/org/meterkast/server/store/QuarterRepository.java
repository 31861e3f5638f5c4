package org.meterkast.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedSet;
import java.util.TreeSet;
import java.util.Optional;
import java.util.Locale;
import org.meterkast.energy.fluvius.CalorificValue;
import org.meterkast.energy.fluvius.FluviusGasHour;
import org.meterkast.energy.quarter.Bucket;
import org.meterkast.energy.quarter.BucketSize;
import org.meterkast.energy.quarter.Buckets;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.Quarantine;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.quarter.QuarterSeries;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.tariff.GasTariff;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.p1.Medium;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Closed quarters and hourly gas and water volumes, keyed by (meter, start). Writes are idempotent: writing a
 * row again changes nothing, except that a row of a higher origin replaces one of a lower (P1 estimated &lt; P1
 * measured &lt; Fluvius estimate &lt; Fluvius read), never the other way round, and a later Fluvius export replaces
 * an earlier one whose values it revised; so ingestion can be retried or replayed and Fluvius' data corrects P1's.
 */
@Repository
public class QuarterRepository {
    /** Where a row comes from, ranked (V4__fluvius_import.sql): a write never replaces a row of a higher rank. */
    static final int P1_ESTIMATED = 0;
    static final int P1_MEASURED = 1;
    static final int FLUVIUS_ESTIMATE = 2;
    static final int FLUVIUS_READ = 3;

    /* One statement for SQLite and PostgreSQL; a P1 row only ever replaces a P1 estimate. */
    private static final String UPSERT_QUARTER = """
            INSERT INTO quarter (meter_id, start_epoch, segment,
                import_day_wh, import_night_wh, export_day_wh, export_night_wh, estimated, meter_demand_w, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET segment = excluded.segment,
                import_day_wh = excluded.import_day_wh, import_night_wh = excluded.import_night_wh,
                export_day_wh = excluded.export_day_wh, export_night_wh = excluded.export_night_wh,
                estimated = excluded.estimated, meter_demand_w = excluded.meter_demand_w, origin = excluded.origin
            WHERE quarter.origin < excluded.origin""";

    /* A quarter computed again from stored boundary readings replaces a P1 one that differs, never a Fluvius one. */
    private static final String UPSERT_RECOMPUTED_QUARTER = """
            INSERT INTO quarter (meter_id, start_epoch, segment,
                import_day_wh, import_night_wh, export_day_wh, export_night_wh, estimated, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET segment = excluded.segment,
                import_day_wh = excluded.import_day_wh, import_night_wh = excluded.import_night_wh,
                export_day_wh = excluded.export_day_wh, export_night_wh = excluded.export_night_wh,
                estimated = excluded.estimated, origin = excluded.origin
            WHERE quarter.origin < 2 AND (quarter.segment <> excluded.segment
                OR quarter.import_day_wh <> excluded.import_day_wh
                OR quarter.import_night_wh <> excluded.import_night_wh
                OR quarter.export_day_wh <> excluded.export_day_wh
                OR quarter.export_night_wh <> excluded.export_night_wh
                OR quarter.estimated <> excluded.estimated)""";

    /*
     * A Fluvius quarter replaces any P1 quarter, and another Fluvius quarter only where it differs: an identical
     * re-import writes nothing, a later export with revised values or status wins. The segment and the meter's own
     * demand of the P1 quarter it replaces are kept.
     */
    private static final String UPSERT_FLUVIUS_QUARTER = """
            INSERT INTO quarter (meter_id, start_epoch, segment,
                import_day_wh, import_night_wh, export_day_wh, export_night_wh, estimated, origin)
            VALUES (?, ?, 0, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET
                import_day_wh = excluded.import_day_wh, import_night_wh = excluded.import_night_wh,
                export_day_wh = excluded.export_day_wh, export_night_wh = excluded.export_night_wh,
                estimated = excluded.estimated, origin = excluded.origin
            WHERE quarter.origin < excluded.origin
                OR (quarter.origin >= 2 AND (quarter.origin <> excluded.origin
                    OR quarter.import_day_wh <> excluded.import_day_wh
                    OR quarter.import_night_wh <> excluded.import_night_wh
                    OR quarter.export_day_wh <> excluded.export_day_wh
                    OR quarter.export_night_wh <> excluded.export_night_wh))""";

    /** Keeps the P1 quarters in [?, ?) as they are, before Fluvius' replace them. */
    private static final String KEEP_P1_QUARTERS = """
            INSERT INTO p1_quarter (meter_id, start_epoch, import_wh, export_wh, estimated)
            SELECT meter_id, start_epoch, import_day_wh + import_night_wh, export_day_wh + export_night_wh, estimated
            FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ? AND origin < 2
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET import_wh = excluded.import_wh,
                export_wh = excluded.export_wh, estimated = excluded.estimated""";

    /** A day's P1 sums beside the Fluvius sums of the same quarters, made again from the quarters. */
    private static final String UPSERT_RECONCILIATION_DAY = """
            INSERT INTO reconciliation_day (meter_id, start_epoch, quarters, p1_import_wh, p1_export_wh,
                fluvius_import_wh, fluvius_export_wh)
            SELECT ?, ?, COUNT(*), COALESCE(SUM(p.import_wh), 0), COALESCE(SUM(p.export_wh), 0),
                COALESCE(SUM(q.import_day_wh + q.import_night_wh), 0), COALESCE(SUM(q.export_day_wh + q.export_night_wh), 0)
            FROM p1_quarter p JOIN quarter q ON q.meter_id = p.meter_id AND q.start_epoch = p.start_epoch
                AND q.origin >= 2
            WHERE p.meter_id = ? AND p.start_epoch >= ? AND p.start_epoch < ?
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET quarters = excluded.quarters,
                p1_import_wh = excluded.p1_import_wh, p1_export_wh = excluded.p1_export_wh,
                fluvius_import_wh = excluded.fluvius_import_wh, fluvius_export_wh = excluded.fluvius_export_wh""";

    private static final String UPSERT_VOLUME = """
            INSERT INTO hourly_volume (meter_id, medium, start_epoch, segment, litres, estimated, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, medium, start_epoch) DO UPDATE SET segment = excluded.segment,
                litres = excluded.litres, estimated = excluded.estimated, origin = excluded.origin
            WHERE hourly_volume.origin < excluded.origin""";

    /** As {@code UPSERT_RECOMPUTED_QUARTER}: fleet mode's hours, computed again, replace P1 hours that differ. */
    private static final String UPSERT_RECOMPUTED_VOLUME = """
            INSERT INTO hourly_volume (meter_id, medium, start_epoch, segment, litres, estimated, origin)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, medium, start_epoch) DO UPDATE SET segment = excluded.segment,
                litres = excluded.litres, estimated = excluded.estimated, origin = excluded.origin
            WHERE hourly_volume.origin < 2 AND (hourly_volume.segment <> excluded.segment
                OR hourly_volume.litres <> excluded.litres OR hourly_volume.origin <> excluded.origin)""";

    /** As for quarters: Fluvius' gas hours replace P1's, and an earlier export's where they differ. */
    private static final String UPSERT_FLUVIUS_GAS = """
            INSERT INTO hourly_volume (meter_id, medium, start_epoch, segment, litres, estimated, origin, energy_wh,
                calorific)
            VALUES (?, 'gas', ?, 0, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, medium, start_epoch) DO UPDATE SET litres = excluded.litres,
                estimated = excluded.estimated, origin = excluded.origin, energy_wh = excluded.energy_wh,
                calorific = excluded.calorific
            WHERE hourly_volume.origin < excluded.origin
                OR (hourly_volume.origin >= 2 AND (hourly_volume.origin <> excluded.origin
                    OR hourly_volume.litres <> excluded.litres
                    OR hourly_volume.energy_wh IS DISTINCT FROM excluded.energy_wh
                    OR hourly_volume.calorific IS DISTINCT FROM excluded.calorific))""";

    /** The sums of a meter's quarters in [?, ?): energy, how many, how many estimated. */
    private static final String SUM_QUARTERS = """
            SELECT COALESCE(SUM(import_day_wh), 0), COALESCE(SUM(import_night_wh), 0), COALESCE(SUM(export_day_wh), 0),
                COALESCE(SUM(export_night_wh), 0), COUNT(*), COALESCE(SUM(CASE WHEN estimated THEN 1 ELSE 0 END), 0)
            FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?""";

    /** A day's sums made again from its quarters; a day with no quarter left gets zeros. */
    private static final String UPSERT_DAY = """
            INSERT INTO day_total (meter_id, start_epoch, import_day_wh, import_night_wh, export_day_wh,
                export_night_wh, quarters, estimated, peak_import_wh, peak_epoch)
            SELECT ?, ?, COALESCE(SUM(import_day_wh), 0), COALESCE(SUM(import_night_wh), 0),
                COALESCE(SUM(export_day_wh), 0), COALESCE(SUM(export_night_wh), 0), COUNT(*),
                COALESCE(SUM(CASE WHEN estimated THEN 1 ELSE 0 END), 0), COALESCE(MAX(import_day_wh + import_night_wh), 0),
                (SELECT p.start_epoch FROM quarter p WHERE p.meter_id = ? AND p.start_epoch >= ? AND p.start_epoch < ?
                    ORDER BY p.import_day_wh + p.import_night_wh DESC, p.start_epoch LIMIT 1)
            FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET import_day_wh = excluded.import_day_wh,
                import_night_wh = excluded.import_night_wh, export_day_wh = excluded.export_day_wh,
                export_night_wh = excluded.export_night_wh, quarters = excluded.quarters,
                estimated = excluded.estimated, peak_import_wh = excluded.peak_import_wh,
                peak_epoch = excluded.peak_epoch""";

    /** A step kept aside; written again (a replay), it takes the resolution the readings gave this time. */
    private static final String UPSERT_QUARANTINE = """
            INSERT INTO quarantine (meter_id, after_epoch, start_epoch, before_epoch, before_import_day_wh,
                before_import_night_wh, before_export_day_wh, before_export_night_wh, after_import_day_wh,
                after_import_night_wh, after_export_day_wh, after_export_night_wh, limit_w, resolution)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id, after_epoch) DO UPDATE SET start_epoch = excluded.start_epoch,
                before_epoch = excluded.before_epoch, before_import_day_wh = excluded.before_import_day_wh,
                before_import_night_wh = excluded.before_import_night_wh,
                before_export_day_wh = excluded.before_export_day_wh,
                before_export_night_wh = excluded.before_export_night_wh, limit_w = excluded.limit_w,
                resolution = excluded.resolution""";

    /** The most steps {@link #quarantine} answers: a meter with more is broken, and the newest say so. */
    public static final int MOST_QUARANTINED = 1000;

    /** The days of the daily sums: the charts' calendar. */
    static final ZoneId DAY_ZONE = ZoneId.of("Europe/Brussels");

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
            setQuarter(ps, meterId, q);
            Long demand = meterDemand.get(q.quarter());
            if (demand == null) {
                ps.setNull(9, Types.BIGINT);
            } else {
                ps.setLong(9, demand);
            }
            ps.setInt(10, q.estimated() ? P1_ESTIMATED : P1_MEASURED);
        });
        refreshDays(meterId, quarters.stream().map(q -> q.quarter().start()).toList(), false);
    }

    /**
     * Stores quarters computed again from the registers stored around their boundaries (fleet mode,
     * docs/CLUSTER.md): each replaces the P1 quarter of its start, estimated or measured, where it differs, as a
     * computation from nearer readings is the better one; never a Fluvius quarter. Refreshes the daily sums of the
     * days touched.
     */
    public void saveRecomputed(int meterId, List<ClosedQuarter> quarters) {
        if (quarters.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_RECOMPUTED_QUARTER, quarters, quarters.size(), (ps, q) -> {
            setQuarter(ps, meterId, q);
            ps.setInt(9, q.estimated() ? P1_ESTIMATED : P1_MEASURED);
        });
        refreshDays(meterId, quarters.stream().map(q -> q.quarter().start()).toList(), false);
    }

    /** Parameters 1–8 of both quarter upserts: meter, start, segment, the four registers' energy, estimated. */
    private static void setQuarter(PreparedStatement ps, int meterId, ClosedQuarter q) throws SQLException {
        QuarterEnergy e = q.energy();
        ps.setInt(1, meterId);
        ps.setLong(2, q.quarter().start().getEpochSecond());
        ps.setInt(3, q.segment());
        ps.setLong(4, e.importDay());
        ps.setLong(5, e.importNight());
        ps.setLong(6, e.exportDay());
        ps.setLong(7, e.exportNight());
        ps.setBoolean(8, q.estimated());
    }

    /**
     * Removes the meter's P1 quarters that start at these instants (quarters computed earlier from readings that
     * nearer ones have since shown to be unbillable); Fluvius quarters stay. Refreshes the daily sums of the days
     * touched.
     *
     * @return how many were removed
     */
    public int deleteP1(int meterId, List<Instant> starts) {
        if (starts.isEmpty()) {
            return 0;
        }
        int[][] counts = jdbc.batchUpdate("DELETE FROM quarter WHERE meter_id = ? AND start_epoch = ? AND origin < 2",
                starts, starts.size(), (ps, start) -> {
                    ps.setInt(1, meterId);
                    ps.setLong(2, start.getEpochSecond());
                });
        int removed = changed(counts);
        if (removed > 0) {
            refreshDays(meterId, starts, false);
        }
        return removed;
    }

    /** Stores steps above the connection's limit, under the rule of {@code UPSERT_QUARANTINE}. */
    public void saveQuarantine(int meterId, List<Quarantine> steps) {
        if (steps.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_QUARANTINE, steps, steps.size(), (ps, q) -> {
            Registers before = q.before().registers();
            Registers after = q.after().registers();
            ps.setInt(1, meterId);
            ps.setLong(2, q.after().at().getEpochSecond());
            ps.setLong(3, q.quarter().start().getEpochSecond());
            ps.setLong(4, q.before().at().getEpochSecond());
            ps.setLong(5, before.importDay());
            ps.setLong(6, before.importNight());
            ps.setLong(7, before.exportDay());
            ps.setLong(8, before.exportNight());
            ps.setLong(9, after.importDay());
            ps.setLong(10, after.importNight());
            ps.setLong(11, after.exportDay());
            ps.setLong(12, after.exportNight());
            ps.setLong(13, q.limitW());
            ps.setString(14, q.resolution().name().toLowerCase(Locale.ROOT));
        });
    }

    /** The meter's steps kept aside, newest first, at most {@link #MOST_QUARANTINED}. */
    public List<Quarantine> quarantine(int meterId) {
        return jdbc.query("""
                        SELECT start_epoch, before_epoch, before_import_day_wh, before_import_night_wh,
                            before_export_day_wh, before_export_night_wh, after_epoch, after_import_day_wh,
                            after_import_night_wh, after_export_day_wh, after_export_night_wh, limit_w, resolution
                        FROM quarantine WHERE meter_id = ? ORDER BY after_epoch DESC LIMIT ?""",
                (rs, n) -> {
                    RegisterSnapshot before = new RegisterSnapshot(Instant.ofEpochSecond(rs.getLong(2)),
                            new Registers(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)));
                    RegisterSnapshot after = new RegisterSnapshot(Instant.ofEpochSecond(rs.getLong(7)),
                            new Registers(rs.getLong(8), rs.getLong(9), rs.getLong(10), rs.getLong(11)));
                    return new Quarantine(new Quarter(Instant.ofEpochSecond(rs.getLong(1))), before, after,
                            after.registers().minus(before.registers()), rs.getLong(12),
                            Quarantine.Resolution.valueOf(rs.getString(13).toUpperCase(Locale.ROOT)));
                },
                meterId, MOST_QUARANTINED);
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
                // by position: finding a column by name was a sixth of reading a year of quarters
                (rs, n) -> new ClosedQuarter(new Quarter(Instant.ofEpochSecond(rs.getLong(1))), rs.getInt(2),
                        new QuarterEnergy(rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                        rs.getBoolean(7)),
                meterId, from.getEpochSecond(), ceilingSeconds(to));
    }

    /**
     * The meter's quarters that start in [from, to), oldest first, column by column: a year of quarters for a bill
     * without an object per quarter.
     */
    public QuarterSeries series(int meterId, Instant from, Instant to) {
        long expected = Math.max(0, (to.getEpochSecond() - from.getEpochSecond()) / 900);
        QuarterSeries.Builder series = new QuarterSeries.Builder((int) Math.min(expected, 400_000));
        jdbc.query("""
                        SELECT start_epoch, import_day_wh, import_night_wh, export_day_wh, export_night_wh, estimated
                        FROM quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                        ORDER BY start_epoch""",
                (RowCallbackHandler) rs -> series.add(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getBoolean(6)),
                meterId, from.getEpochSecond(), ceilingSeconds(to));
        return series.build();
    }

    /**
     * The meter's daily sums for the Brussels days that start in [from, to), as entries of a series that each count
     * their day's quarters: for a bill that needs no single quarter (no dynamic price), a year is 365 rows.
     */
    public QuarterSeries daySeries(int meterId, Instant from, Instant to) {
        QuarterSeries.Builder series = new QuarterSeries.Builder(
                (int) Math.min(Math.max(0, (to.getEpochSecond() - from.getEpochSecond()) / 82_800 + 1), 40_000));
        jdbc.query("""
                        SELECT start_epoch, import_day_wh, import_night_wh, export_day_wh, export_night_wh, quarters,
                            estimated
                        FROM day_total WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ? AND quarters > 0
                        ORDER BY start_epoch""",
                (RowCallbackHandler) rs -> series.addSums(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getInt(6), rs.getInt(7)),
                meterId, from.getEpochSecond(), ceilingSeconds(to));
        return series.build();
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

    /**
     * The sums of the meter's quarters in local-time buckets, exactly as {@link Buckets#sum} makes them from the
     * quarters that start in [the first bucket's start, {@code to}). Days, weeks, months and years in Brussels time
     * are added up from the stored daily sums ({@code day_total}, one row a day instead of up to 100 quarters: a
     * year chart reads 365 rows), the part of the last day before {@code to} from its quarters; hours, and any other
     * zone, from the quarters.
     */
    public List<Bucket> buckets(int meterId, Instant from, Instant to, BucketSize size, ZoneId zone) {
        Instant first = size.start(from, zone);
        if (size == BucketSize.HOUR || !zone.equals(DAY_ZONE)) {
            return Buckets.sum(quarters(meterId, first, to), from, to, size, zone);
        }
        Instant lastDay = BucketSize.DAY.start(to, zone);
        List<Buckets.Part> days = new ArrayList<>(jdbc.query("""
                        SELECT start_epoch, import_day_wh, import_night_wh, export_day_wh, export_night_wh, quarters,
                            estimated
                        FROM day_total WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                        ORDER BY start_epoch""",
                (rs, n) -> new Buckets.Part(Instant.ofEpochSecond(rs.getLong(1)), new QuarterEnergy(rs.getLong(2),
                        rs.getLong(3), rs.getLong(4), rs.getLong(5)), rs.getInt(6), rs.getInt(7)),
                meterId, first.getEpochSecond(), lastDay.getEpochSecond()));
        if (to.isAfter(lastDay)) {
            // the part of the last day before 'to', from its quarters
            days.add(jdbc.queryForObject(SUM_QUARTERS, (rs, n) -> new Buckets.Part(lastDay,
                    new QuarterEnergy(rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), rs.getInt(5),
                    rs.getInt(6)), meterId, lastDay.getEpochSecond(), ceilingSeconds(to)));
        }
        return Buckets.sumParts(days, from, to, size, zone);
    }

    /**
     * Makes the daily sums of a meter that has quarters and none yet (a database from before they were kept), and
     * the peaks of days summed before peaks were kept; does nothing otherwise.
     */
    public void ensureDayTotals(int meterId) {
        Optional<Instant[]> span = span(meterId);
        Integer any = jdbc.query("SELECT 1 FROM day_total WHERE meter_id = ? LIMIT 1",
                rs -> rs.next() ? 1 : null, meterId);
        if (span.isEmpty()) {
            return;
        }
        if (any == null) {
            refreshDays(meterId, List.of(span.get()[0], span.get()[1]), true);
            return;
        }
        // days summed before their peaks were kept (V7)
        List<Instant> withoutPeak = jdbc.query(
                "SELECT start_epoch FROM day_total WHERE meter_id = ? AND peak_import_wh IS NULL",
                (rs, n) -> Instant.ofEpochSecond(rs.getLong(1)), meterId);
        if (!withoutPeak.isEmpty()) {
            refreshDays(meterId, withoutPeak, false);
        }
    }

    /**
     * Recomputes the daily sums of the Brussels days in which the given quarters start, from the stored quarters;
     * with {@code between}, of every day from the first to the last.
     */
    private void refreshDays(int meterId, List<Instant> quarterStarts, boolean between) {
        SortedSet<LocalDate> days = days(quarterStarts);
        if (between && !days.isEmpty()) {
            for (LocalDate day = days.first(); day.isBefore(days.last()); day = day.plusDays(1)) {
                days.add(day);
            }
        }
        jdbc.batchUpdate(UPSERT_DAY, dayArguments(meterId, days, true));
    }

    private static SortedSet<LocalDate> days(List<Instant> quarterStarts) {
        SortedSet<LocalDate> days = new TreeSet<>();
        DayBounds last = lastDay;
        for (Instant start : quarterStarts) {
            long t = start.getEpochSecond();
            if (!last.holds(t)) {
                last = DayBounds.containing(start);
            }
            days.add(last.day());
        }
        lastDay = last;
        return days;
    }

    /**
     * For UPSERT_RECONCILIATION_DAY: meter, day start, meter, day start, day end; with {@code peak}, for UPSERT_DAY,
     * the day's meter, start and end once more for its peak quarter.
     */
    private static List<Object[]> dayArguments(int meterId, SortedSet<LocalDate> days, boolean peak) {
        List<Object[]> args = new ArrayList<>(days.size());
        DayBounds last = lastDay;
        for (LocalDate day : days) {
            DayBounds bounds = last.day().equals(day) ? last : DayBounds.of(day);
            long start = bounds.start();
            long end = bounds.end();
            args.add(peak ? new Object[] {meterId, start, meterId, start, end, meterId, start, end}
                    : new Object[] {meterId, start, meterId, start, end});
        }
        return args;
    }

    /** A Brussels day and its bounds in epoch seconds, [start, end). */
    private record DayBounds(LocalDate day, long start, long end) {
        static DayBounds of(LocalDate day) {
            return new DayBounds(day, day.atStartOfDay(DAY_ZONE).toEpochSecond(),
                    day.plusDays(1).atStartOfDay(DAY_ZONE).toEpochSecond());
        }

        static DayBounds containing(Instant t) {
            return of(t.atZone(DAY_ZONE).toLocalDate());
        }

        boolean holds(long epochSecond) {
            return epochSecond >= start && epochSecond < end;
        }
    }

    /**
     * The day of the last quarter written, shared by the reading threads without a lock (a record is read whole):
     * every quarter write refreshes its day, and the time-zone arithmetic for it, on code that runs once a quarter
     * and so is seldom compiled, took a fifth of a quarter write's time in a replay (docs/BENCHMARKS.md, "Ingest").
     */
    private static DayBounds lastDay = DayBounds.of(LocalDate.of(2000, 1, 1));

    /** Stores the hourly volumes of the meter's gas or water meter in one batch, under the rule above. */
    public void saveVolumes(int meterId, Medium medium, List<HourlyVolume> volumes) {
        saveVolumes(UPSERT_VOLUME, meterId, medium, volumes);
    }

    private void saveVolumes(String upsert, int meterId, Medium medium, List<HourlyVolume> volumes) {
        String name = mediumName(medium);
        if (volumes.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(upsert, volumes, volumes.size(), (ps, v) -> {
            ps.setInt(1, meterId);
            ps.setString(2, name);
            ps.setLong(3, v.start().getEpochSecond());
            ps.setInt(4, v.segment());
            ps.setLong(5, v.litres());
            ps.setBoolean(6, v.estimated());
            ps.setInt(7, v.estimated() ? P1_ESTIMATED : P1_MEASURED);
        });
    }

    /**
     * Stores hours of the meter's gas or water meter computed again from fleet mode's boundary readings
     * (docs/CLUSTER.md): they replace P1 hours with other values, never Fluvius' hours.
     */
    public void saveRecomputedVolumes(int meterId, Medium medium, List<HourlyVolume> volumes) {
        saveVolumes(UPSERT_RECOMPUTED_VOLUME, meterId, medium, volumes);
    }

    /** Removes the meter's P1 hours of gas or water that start at these instants; Fluvius hours stay. */
    public int deleteP1Volumes(int meterId, Medium medium, List<Instant> starts) {
        if (starts.isEmpty()) {
            return 0;
        }
        String name = mediumName(medium);
        return changed(jdbc.batchUpdate("DELETE FROM hourly_volume WHERE meter_id = ? AND medium = ? "
                + "AND start_epoch = ? AND origin < 2", starts, starts.size(), (ps, start) -> {
                    ps.setInt(1, meterId);
                    ps.setString(2, name);
                    ps.setLong(3, start.getEpochSecond());
                }));
    }

    /**
     * Stores the quarters of a Fluvius export, which replace the meter's P1 quarters (kept aside in
     * {@code p1_quarter} first, for {@link #reconciliation}) and an earlier export's where they differ; refreshes
     * the daily sums and the reconciliation of every day touched. Call it in a transaction, so that an import is
     * stored whole or not at all.
     *
     * @return how many quarters were written or changed; identical ones are not counted
     */
    public int saveFluvius(int meterId, List<ClosedQuarter> quarters) {
        if (quarters.isEmpty()) {
            return 0;
        }
        long from = quarters.get(0).quarter().start().getEpochSecond();
        long to = quarters.get(quarters.size() - 1).quarter().end().getEpochSecond();
        int kept = jdbc.update(KEEP_P1_QUARTERS, meterId, from, to);
        int[][] counts = jdbc.batchUpdate(UPSERT_FLUVIUS_QUARTER, quarters, 4096, (ps, q) -> {
            QuarterEnergy e = q.energy();
            ps.setInt(1, meterId);
            ps.setLong(2, q.quarter().start().getEpochSecond());
            ps.setLong(3, e.importDay());
            ps.setLong(4, e.importNight());
            ps.setLong(5, e.exportDay());
            ps.setLong(6, e.exportNight());
            ps.setBoolean(7, q.estimated());
            ps.setInt(8, q.estimated() ? FLUVIUS_ESTIMATE : FLUVIUS_READ);
        });
        List<Instant> starts = quarters.stream().map(q -> q.quarter().start()).toList();
        refreshDays(meterId, starts, false);
        if (kept > 0 || hasKeptP1(meterId, from, to)) {
            jdbc.batchUpdate(UPSERT_RECONCILIATION_DAY, dayArguments(meterId, days(starts), false));
        }
        return changed(counts);
    }

    private boolean hasKeptP1(int meterId, long from, long to) {
        return jdbc.query("SELECT 1 FROM p1_quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ? LIMIT 1",
                (ResultSet rs) -> rs.next(), meterId, from, to);
    }

    /** Stores the gas hours of a Fluvius export, under the same rule as {@link #saveFluvius}. */
    public int saveFluviusGas(int meterId, List<FluviusGasHour> hours) {
        int[][] counts = jdbc.batchUpdate(UPSERT_FLUVIUS_GAS, hours, 4096, (ps, h) -> {
            ps.setInt(1, meterId);
            ps.setLong(2, h.start().getEpochSecond());
            ps.setLong(3, h.litres());
            ps.setBoolean(4, h.estimated());
            ps.setInt(5, h.estimated() ? FLUVIUS_ESTIMATE : FLUVIUS_READ);
            ps.setLong(6, h.wattHours());
            if (h.calorific() == CalorificValue.UNKNOWN) {
                ps.setNull(7, Types.VARCHAR);
            } else {
                ps.setString(7, h.calorific().name().toLowerCase(Locale.ROOT));
            }
        });
        return changed(counts);
    }

    private static int changed(int[][] counts) {
        int changed = 0;
        for (int[] batch : counts) {
            for (int c : batch) {
                changed += Math.max(0, c);
            }
        }
        return changed;
    }

    /**
     * Per Brussels day that starts in [from, to), the meter's P1 quarters that Fluvius' replaced, summed, beside
     * Fluvius' sums of the same quarters; days without such a quarter are left out.
     */
    public List<ReconciliationDay> reconciliation(int meterId, Instant from, Instant to) {
        return jdbc.query("""
                        SELECT start_epoch, quarters, p1_import_wh, p1_export_wh, fluvius_import_wh, fluvius_export_wh
                        FROM reconciliation_day WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
                            AND quarters > 0
                        ORDER BY start_epoch""",
                (rs, n) -> new ReconciliationDay(Instant.ofEpochSecond(rs.getLong(1)).atZone(DAY_ZONE).toLocalDate(),
                        rs.getInt(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getLong(6)),
                meterId, from.getEpochSecond(), ceilingSeconds(to));
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

    /** What one hour of a gas or water meter holds, as {@link #eachVolume} gives it. */
    @FunctionalInterface
    public interface VolumeHour {
        /** @param fluviusWh Fluvius' own energy of a gas hour in Wh, -1 when not known (P1 counts m³ only) */
        void accept(long startEpoch, long litres, long fluviusWh);
    }

    /** Whether the meter has any hour of the gas or water meter stored. */
    public boolean hasVolumes(int meterId, Medium medium) {
        return jdbc.query("SELECT 1 FROM hourly_volume WHERE meter_id = ? AND medium = ? LIMIT 1",
                (ResultSet rs) -> rs.next(), meterId, mediumName(medium));
    }

    /** Each stored hour of the gas or water meter that starts in [from, to), oldest first, without a row object. */
    public void eachVolume(int meterId, Medium medium, Instant from, Instant to, VolumeHour hour) {
        jdbc.query("""
                        SELECT start_epoch, litres, energy_wh FROM hourly_volume
                        WHERE meter_id = ? AND medium = ? AND start_epoch >= ? AND start_epoch < ?
                        ORDER BY start_epoch""",
                (RowCallbackHandler) rs -> {
                    long start = rs.getLong(1);
                    long litres = rs.getLong(2);
                    long energy = rs.getLong(3);
                    hour.accept(start, litres, rs.wasNull() ? -1 : energy);
                },
                meterId, mediumName(medium), from.getEpochSecond(), ceilingSeconds(to));
    }

    /**
     * The sums of the gas or water hours that start in each bucket: litres, and for gas the energy in Wh ({@link
     * GasTariff#wattHours}: Fluvius' kWh, or P1's m³ at the documented kWh per m³, per hour). Null when the meter
     * has no hour of that medium stored at all.
     */
    public VolumeSums volumeSums(int meterId, Medium medium, List<Bucket> buckets) {
        if (buckets.isEmpty() || !hasVolumes(meterId, medium)) {
            return null;
        }
        long[] starts = new long[buckets.size()];
        long[] ends = new long[buckets.size()];
        for (int i = 0; i < buckets.size(); i++) {
            starts[i] = buckets.get(i).start().getEpochSecond();
            ends[i] = buckets.get(i).end().getEpochSecond();
        }
        long[] litres = new long[buckets.size()];
        long[] wattHours = new long[buckets.size()];
        int[] at = {0};
        eachVolume(meterId, medium, buckets.get(0).start(), buckets.get(buckets.size() - 1).end(),
                (start, l, fluviusWh) -> {
                    while (at[0] < ends.length && start >= ends[at[0]]) {
                        at[0]++;
                    }
                    if (at[0] < ends.length && start >= starts[at[0]]) {
                        litres[at[0]] += l;
                        wattHours[at[0]] += GasTariff.wattHours(l, fluviusWh);
                    }
                });
        return new VolumeSums(litres, wattHours);
    }

    /** Per bucket, the litres and (meaningful for gas only) the energy in Wh. */
    public record VolumeSums(long[] litres, long[] wattHours) {
    }

    /** The gas energy of each Brussels day that has a gas hour starting in [from, to), in Wh. */
    public Map<LocalDate, Long> gasWhByDay(int meterId, Instant from, Instant to) {
        var days = new java.util.TreeMap<LocalDate, Long>();
        eachVolume(meterId, Medium.GAS, from, to, (start, l, fluviusWh) -> days.merge(
                Instant.ofEpochSecond(start).atZone(DAY_ZONE).toLocalDate(), GasTariff.wattHours(l, fluviusWh),
                Long::sum));
        return days;
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
