package org.meterkast.server.fleet;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.meterkast.energy.quarter.BoundaryVolumes;
import org.meterkast.energy.quarter.HourBoundaryReading;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.VolumeSnapshot;
import org.meterkast.p1.Medium;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The gas and water readings stored around each fleet meter's hour boundaries ({@code volume_boundary}, V28) and the
 * hourly volumes computed again from them (docs/CLUSTER.md): what {@link RegisterBoundaryRepository} does for the
 * quarters, and within its transaction, after it has taken the meters' locks. The candidates go in with a
 * keep-the-nearest upsert; the hours touching every boundary whose row changed are computed from the stored rows with
 * {@link BoundaryVolumes} and upserted into {@code hourly_volume}.
 */
final class VolumeBoundaries {
    private static final long HOUR_SECONDS = 3600;
    private static final String COLUMNS = "meter_id, medium, boundary_epoch, before_epoch, before_litres, "
            + "after_epoch, after_litres";
    private static final String UPSERT_TAIL = " ON CONFLICT (meter_id, medium, boundary_epoch) DO UPDATE SET "
            + "before_epoch = CASE WHEN " + nearer("before", ">") + " THEN excluded.before_epoch "
            + "ELSE volume_boundary.before_epoch END, "
            + "before_litres = CASE WHEN " + nearer("before", ">") + " THEN excluded.before_litres "
            + "ELSE volume_boundary.before_litres END, "
            + "after_epoch = CASE WHEN " + nearer("after", "<") + " THEN excluded.after_epoch "
            + "ELSE volume_boundary.after_epoch END, "
            + "after_litres = CASE WHEN " + nearer("after", "<") + " THEN excluded.after_litres "
            + "ELSE volume_boundary.after_litres END"
            + " WHERE (" + nearer("before", ">") + ") OR (" + nearer("after", "<") + ")"
            + " RETURNING meter_id, medium, boundary_epoch, after_epoch";

    private final JdbcTemplate jdbc;
    private final QuarterRepository quarters;
    private final long lookBack;
    private final BoundaryVolumes boundaryVolumes = new BoundaryVolumes();

    VolumeBoundaries(JdbcTemplate jdbc, QuarterRepository quarters, long lookBackSeconds) {
        this.jdbc = jdbc;
        this.quarters = quarters;
        this.lookBack = lookBackSeconds;
    }

    /** A reading to store around one hour boundary of one meter's gas or water meter. */
    record Candidate(int meterId, Medium medium, HourBoundaryReading pair) {
        Candidate {
            name(medium);
        }
    }

    /**
     * What a write changed.
     *
     * @param rows    boundary rows inserted or moved to a nearer reading
     * @param hours   hours computed and upserted (written again unchanged ones included)
     * @param removed P1 hours removed because the nearer readings no longer make them
     */
    record Written(int rows, int hours, int removed) {
    }

    /** A series of one meter: its gas or its water. */
    private record Series(int meterId, String medium) implements Comparable<Series> {
        @Override
        public int compareTo(Series o) {
            int c = Integer.compare(meterId, o.meterId);
            return c != 0 ? c : medium.compareTo(o.medium);
        }
    }

    private record Key(Series series, long boundary) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = series.compareTo(o.series);
            return c != 0 ? c : Long.compare(boundary, o.boundary);
        }
    }

    /** Stores the candidates and the hours they change; runs within the caller's transaction, its meters locked. */
    Written write(Collection<Candidate> candidates, boolean pg) {
        if (candidates.isEmpty()) {
            return new Written(0, 0, 0);
        }
        TreeMap<Key, HourBoundaryReading> rows = new TreeMap<>();
        for (Candidate c : candidates) {
            rows.merge(new Key(new Series(c.meterId(), name(c.medium())), c.pair().boundary().getEpochSecond()),
                    c.pair(), HourBoundaryReading::nearer);
        }
        Map<Series, ChangedRows> changed = upsert(new ArrayList<>(rows.entrySet()));
        Map<Series, Long> latest = latestHours(changed, pg);
        int rowCount = 0;
        int hours = 0;
        int removed = 0;
        for (Map.Entry<Series, ChangedRows> series : changed.entrySet()) {
            rowCount += series.getValue().rows();
            long[] range = series.getValue().toCompute(latest.get(series.getKey()), HOUR_SECONDS);
            if (range[0] <= range[1]) {
                int[] counts = recompute(series.getKey(), range[0], range[1], pg);
                hours += counts[0];
                removed += counts[1];
            }
        }
        return new Written(rowCount, hours, removed);
    }

    /** The stored pair of each boundary of the meter's gas or water in [from, to], oldest first. */
    List<HourBoundaryReading> pairs(int meterId, Medium medium, Instant from, Instant to) {
        return jdbc.query("SELECT " + COLUMNS + " FROM volume_boundary WHERE meter_id = ? AND medium = ? "
                        + "AND boundary_epoch >= ? AND boundary_epoch <= ? ORDER BY boundary_epoch",
                (rs, n) -> pair(rs), meterId, name(medium), from.getEpochSecond(), to.getEpochSecond());
    }

    /**
     * Upserts the rows; what changed of each series's rows.
     */
    private Map<Series, ChangedRows> upsert(List<Map.Entry<Key, HourBoundaryReading>> rows) {
        Map<Series, ChangedRows> changed = new TreeMap<>();
        for (int from = 0; from < rows.size(); from += RegisterBoundaryRepository.ROWS_PER_STATEMENT) {
            List<Map.Entry<Key, HourBoundaryReading>> chunk = rows.subList(from, Math.min(rows.size(),
                    from + RegisterBoundaryRepository.ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(160 + chunk.size() * 24).append("INSERT INTO volume_boundary (")
                    .append(COLUMNS).append(") VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?)");
            }
            sql.append(UPSERT_TAIL);
            jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement(sql.toString());
                int p = 1;
                for (Map.Entry<Key, HourBoundaryReading> row : chunk) {
                    ps.setInt(p++, row.getKey().series.meterId);
                    ps.setString(p++, row.getKey().series.medium);
                    ps.setLong(p++, row.getKey().boundary);
                    p = side(ps, p, row.getValue().before());
                    p = side(ps, p, row.getValue().after());
                }
                return ps;
            }, rs -> {
                Series series = new Series(rs.getInt(1), rs.getString(2));
                long boundary = rs.getLong(3);
                rs.getLong(4);
                changed.computeIfAbsent(series, s -> new ChangedRows()).changed(boundary, !rs.wasNull());
            });
        }
        return changed;
    }

    /**
     * The start of the last P1 hour of each changed series whose rows only gained readings before their boundaries
     * (absent: none). PostgreSQL: one statement for all; SQLite: one query per series.
     */
    private Map<Series, Long> latestHours(Map<Series, ChangedRows> changed, boolean pg) {
        List<Series> asked = new ArrayList<>();
        changed.forEach((series, rows) -> {
            if (rows.anyOpen()) {
                asked.add(series);
            }
        });
        Map<Series, Long> latest = new HashMap<>();
        if (asked.isEmpty()) {
            return latest;
        }
        if (!pg) {
            for (Series s : asked) {
                Long start = jdbc.queryForObject("SELECT MAX(start_epoch) FROM hourly_volume WHERE meter_id = ? "
                        + "AND medium = ? AND origin < 2", Long.class, s.meterId, s.medium);
                if (start != null) {
                    latest.put(s, start);
                }
            }
            return latest;
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (PreparedStatement ps = con.prepareStatement("SELECT m, md, (SELECT MAX(start_epoch) "
                    + "FROM hourly_volume WHERE meter_id = m AND medium = md AND origin < 2) "
                    + "FROM unnest(?::int[], ?::text[]) AS s(m, md)")) {
                ps.setArray(1, con.createArrayOf("integer", asked.stream().map(Series::meterId).toArray()));
                ps.setArray(2, con.createArrayOf("text", asked.stream().map(Series::medium).toArray()));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long start = rs.getLong(3);
                        if (!rs.wasNull()) {
                            latest.put(new Series(rs.getInt(1), rs.getString(2)), start);
                        }
                    }
                }
            }
            return null;
        });
        return latest;
    }

    /** Computes again the hours that touch the changed boundaries in [first, last] of the series, and stores them. */
    private int[] recompute(Series s, long first, long last, boolean pg) {
        BoundarySeries series = BoundarySeries.volumes(jdbc, s.meterId, s.medium, lookBack);
        BoundarySeries.Range range = series.range(first, last);
        List<HourBoundaryReading> run = series.rows(range, COLUMNS, (rs, n) -> pair(rs), pg);
        BoundaryVolumes.Closed closed = boundaryVolumes.close(run);
        int offset = series.offset(range, closed.hours(), h -> h.start().getEpochSecond(), HourlyVolume::segment);
        List<HourlyVolume> made = new ArrayList<>(closed.hours().size());
        Set<Long> starts = new HashSet<>();
        Integer nextSegment = null;
        for (HourlyVolume h : closed.hours()) {
            long start = h.start().getEpochSecond();
            if (start < range.storeFrom()) {
                continue;
            }
            HourlyVolume numbered = new HourlyVolume(h.start(), h.segment() + offset, h.litres(), h.estimated());
            made.add(numbered);
            starts.add(start);
            if (range.next() != null && start == range.next()[0]) {
                nextSegment = numbered.segment();
            }
        }
        Medium medium = Medium.valueOf(s.medium.toUpperCase(Locale.ROOT));
        quarters.saveRecomputedVolumes(s.meterId, medium, made);
        int removed = quarters.deleteP1Volumes(s.meterId, medium, series.gone(range, starts));
        series.follow(range, nextSegment);
        return new int[] {made.size(), removed};
    }

    private static HourBoundaryReading pair(ResultSet rs) throws SQLException {
        return new HourBoundaryReading(Instant.ofEpochSecond(rs.getLong(3)), reading(rs, 4), reading(rs, 6));
    }

    private static VolumeSnapshot reading(ResultSet rs, int column) throws SQLException {
        long at = rs.getLong(column);
        if (rs.wasNull()) {
            return null;
        }
        return new VolumeSnapshot(Instant.ofEpochSecond(at), rs.getLong(column + 1));
    }

    private static int side(PreparedStatement ps, int p, VolumeSnapshot reading) throws SQLException {
        if (reading == null) {
            ps.setNull(p++, Types.BIGINT);
            ps.setNull(p++, Types.BIGINT);
            return p;
        }
        ps.setLong(p++, reading.at().getEpochSecond());
        ps.setLong(p++, reading.litres());
        return p;
    }

    static String name(Medium medium) {
        if (medium != Medium.GAS && medium != Medium.WATER) {
            throw new IllegalArgumentException("hourly volumes are kept of gas and water, not " + medium);
        }
        return medium.name().toLowerCase(Locale.ROOT);
    }

    /**
     * Whether the candidate's reading on {@code side} is nearer to the boundary than the stored one (later before
     * it, earlier after it; at the same second, the lower index, as {@link HourBoundaryReading#nearer}).
     */
    private static String nearer(String side, String closer) {
        String at = side + "_epoch";
        String litres = side + "_litres";
        return "excluded." + at + " IS NOT NULL AND (volume_boundary." + at + " IS NULL OR excluded." + at + " "
                + closer + " volume_boundary." + at + " OR (excluded." + at + " = volume_boundary." + at
                + " AND excluded." + litres + " < volume_boundary." + litres + "))";
    }
}
