package org.meterkast.server.fleet;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.meterkast.energy.quarter.BoundaryQuarters;
import org.meterkast.energy.quarter.BoundaryReading;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.ConnectionLimit;
import org.meterkast.energy.quarter.HourBoundaryReading;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.p1.Medium;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionOperations;

/**
 * The readings stored around each fleet meter's quarter boundaries ({@code register_boundary}, V26) and the quarters
 * computed again from them (docs/CLUSTER.md). One {@link #write} is one transaction: the candidates go in with a
 * keep-the-nearest upsert (one statement per 500 rows), then the quarters touching every boundary it changed are
 * computed from the stored rows ({@link BoundaryQuarters}) and upserted into {@code quarter}.
 *
 * <p>On PostgreSQL two nodes may write one meter at once. Each transaction first takes the meter's advisory lock
 * (meters in id order, so two transactions never wait on each other crosswise): rows locked with
 * {@code SELECT … FOR UPDATE} alone would not serialise them, as a row another node is inserting is not there to be
 * locked, and each would compute the quarter without the other's reading. Then the meter's boundary rows of the range
 * it computes are locked in key order and read. Whoever commits last has seen every row of the range, so the stored
 * quarter is the one computed from all of them. SQLite lets one transaction write at a time (the server begins them
 * IMMEDIATE), which serialises them as well.
 */
@Repository
class RegisterBoundaryRepository {
    /** Rows per upsert statement: 12 parameters each stay far below both databases' limits. */
    static final int ROWS_PER_STATEMENT = 500;
    /** How far back from a changed boundary the quarters are computed at most: the ingest's oldest accepted telegram. */
    static final Duration LOOK_BACK = Duration.ofDays(8);
    /** The first key of PostgreSQL's two-key advisory lock for a meter's boundaries (the second is the meter's id). */
    static final int LOCK_CLASS = 0x4D4B5242;

    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();
    private static final String[] SIDES = {"before", "after"};
    private static final String[] REGISTERS = {"import_day_wh", "import_night_wh", "export_day_wh", "export_night_wh"};
    private static final String COLUMNS = "meter_id, boundary_epoch, before_epoch, before_import_day_wh, "
            + "before_import_night_wh, before_export_day_wh, before_export_night_wh, after_epoch, after_import_day_wh, "
            + "after_import_night_wh, after_export_day_wh, after_export_night_wh";
    private static final String UPSERT_TAIL = upsertTail();

    private final JdbcTemplate jdbc;
    private final QuarterRepository quarters;
    private final TransactionOperations transactions;
    private final BoundaryQuarters boundaryQuarters = new BoundaryQuarters(QuarterBuilder.DEFAULT_MAX_GAP,
            ConnectionLimit.MAIN_FUSE);
    private final VolumeBoundaries volumes;
    private volatile Boolean postgres;

    RegisterBoundaryRepository(JdbcTemplate jdbc, QuarterRepository quarters, TransactionOperations transactions) {
        this.jdbc = jdbc;
        this.quarters = quarters;
        this.transactions = transactions;
        this.volumes = new VolumeBoundaries(jdbc, quarters, LOOK_BACK.toSeconds());
    }

    /** A reading to store around one boundary of one meter. */
    record Candidate(int meterId, BoundaryReading pair) {
    }

    /**
     * What a write changed.
     *
     * @param rows     boundary rows inserted or moved to a nearer reading
     * @param quarters quarters computed and upserted (written again unchanged ones included)
     * @param removed  P1 quarters removed because the nearer readings no longer make them
     * @param volumes  what the gas and water readings of the write changed
     */
    record Written(int rows, int quarters, int removed, VolumeBoundaries.Written volumes) {
    }

    /** Stores the candidates and the quarters they change, in one transaction; throws and stores nothing on failure. */
    Written write(Collection<Candidate> candidates) {
        return write(candidates, List.of());
    }

    /**
     * Stores the candidates and the quarters they change, and the gas and water candidates and the hours they change
     * ({@link VolumeBoundaries}), in one transaction; throws and stores nothing on failure.
     */
    Written write(Collection<Candidate> candidates, Collection<VolumeBoundaries.Candidate> volumeCandidates) {
        if (candidates.isEmpty() && volumeCandidates.isEmpty()) {
            return new Written(0, 0, 0, new VolumeBoundaries.Written(0, 0, 0));
        }
        // several candidates of one boundary collapse to the nearest pair: one row each in the statement
        TreeMap<Key, BoundaryReading> rows = new TreeMap<>();
        for (Candidate c : candidates) {
            rows.merge(new Key(c.meterId(), c.pair().boundary().getEpochSecond()), c.pair(), BoundaryReading::nearer);
        }
        boolean pg = isPostgres();
        return transactions.execute(tx -> {
            if (pg) {
                lockMeters(rows.keySet(), volumeCandidates);
            }
            Map<Integer, ChangedRows> changed = upsert(new ArrayList<>(rows.entrySet()));
            Map<Integer, Long> latest = latestQuarters(changed, pg);
            int rowCount = 0;
            int quarterCount = 0;
            int removed = 0;
            for (Map.Entry<Integer, ChangedRows> meter : changed.entrySet()) {
                rowCount += meter.getValue().rows();
                long[] range = meter.getValue().toCompute(latest.get(meter.getKey()), QUARTER_SECONDS);
                int[] counts = recompute(meter.getKey(), range[0], range[1], pg);
                quarterCount += counts[0];
                removed += counts[1];
            }
            return new Written(rowCount, quarterCount, removed, volumes.write(volumeCandidates, pg));
        });
    }

    /**
     * Takes the advisory lock of every meter of the rows and the gas and water candidates, in id order, with one
     * statement: the array is sorted, and {@code unnest} gives its elements in order.
     */
    private void lockMeters(Set<Key> keys, Collection<VolumeBoundaries.Candidate> volumeCandidates) {
        Integer[] ids = Stream.concat(keys.stream().map(Key::meterId),
                volumeCandidates.stream().map(VolumeBoundaries.Candidate::meterId)).sorted().distinct()
                .toArray(Integer[]::new);
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (PreparedStatement ps = con.prepareStatement(
                    "SELECT count(pg_advisory_xact_lock(?, m)) FROM unnest(?::int[]) AS m")) {
                ps.setInt(1, LOCK_CLASS);
                ps.setArray(2, con.createArrayOf("integer", ids));
                ps.executeQuery().close();
            }
            return null;
        });
    }

    /**
     * The start of the last P1 quarter of each changed meter whose rows only gained readings before their boundaries
     * (absent: none). PostgreSQL: one statement for all, an index look-up per meter; SQLite: one query per meter.
     */
    private Map<Integer, Long> latestQuarters(Map<Integer, ChangedRows> changed, boolean pg) {
        List<Integer> asked = new ArrayList<>();
        changed.forEach((meterId, rows) -> {
            if (rows.anyOpen()) {
                asked.add(meterId);
            }
        });
        Map<Integer, Long> latest = new java.util.HashMap<>();
        if (asked.isEmpty()) {
            return latest;
        }
        if (!pg) {
            for (int meterId : asked) {
                Long start = jdbc.queryForObject("SELECT MAX(start_epoch) FROM quarter WHERE meter_id = ? "
                        + "AND origin < 2", Long.class, meterId);
                if (start != null) {
                    latest.put(meterId, start);
                }
            }
            return latest;
        }
        jdbc.execute((ConnectionCallback<Void>) con -> {
            try (PreparedStatement ps = con.prepareStatement("SELECT m, (SELECT MAX(start_epoch) FROM quarter "
                    + "WHERE meter_id = m AND origin < 2) FROM unnest(?::int[]) AS m")) {
                ps.setArray(1, con.createArrayOf("integer", asked.toArray(Integer[]::new)));
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        long start = rs.getLong(2);
                        if (!rs.wasNull()) {
                            latest.put(rs.getInt(1), start);
                        }
                    }
                }
            }
            return null;
        });
        return latest;
    }

    /** The stored pair of each gas or water hour boundary of the meter in [from, to], oldest first. */
    List<HourBoundaryReading> volumePairs(int meterId, Medium medium, Instant from, Instant to) {
        return volumes.pairs(meterId, medium, from, to);
    }

    /** The stored pair of each boundary of the meter in [from, to], oldest first. */
    List<BoundaryReading> pairs(int meterId, Instant from, Instant to) {
        return jdbc.query("SELECT " + COLUMNS + " FROM register_boundary WHERE meter_id = ? AND boundary_epoch >= ? "
                        + "AND boundary_epoch <= ? ORDER BY boundary_epoch",
                (rs, n) -> pair(rs), meterId, from.getEpochSecond(), to.getEpochSecond());
    }

    private boolean isPostgres() {
        Boolean pg = postgres;
        if (pg == null) {
            String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
            pg = product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
            postgres = pg;
        }
        return pg;
    }

    /**
     * Upserts the rows; what changed of each meter's rows.
     */
    private Map<Integer, ChangedRows> upsert(List<Map.Entry<Key, BoundaryReading>> rows) {
        Map<Integer, ChangedRows> changed = new TreeMap<>();
        for (int from = 0; from < rows.size(); from += ROWS_PER_STATEMENT) {
            List<Map.Entry<Key, BoundaryReading>> chunk = rows.subList(from, Math.min(rows.size(),
                    from + ROWS_PER_STATEMENT));
            StringBuilder sql = new StringBuilder(160 + chunk.size() * 28).append("INSERT INTO register_boundary (")
                    .append(COLUMNS).append(") VALUES ");
            for (int i = 0; i < chunk.size(); i++) {
                sql.append(i == 0 ? "" : ", ").append("(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
            }
            sql.append(UPSERT_TAIL);
            jdbc.query(con -> {
                PreparedStatement ps = con.prepareStatement(sql.toString());
                int p = 1;
                for (Map.Entry<Key, BoundaryReading> row : chunk) {
                    ps.setInt(p++, row.getKey().meterId);
                    ps.setLong(p++, row.getKey().boundary);
                    p = side(ps, p, row.getValue().before());
                    p = side(ps, p, row.getValue().after());
                }
                return ps;
            }, rs -> {
                int meterId = rs.getInt(1);
                long boundary = rs.getLong(2);
                rs.getLong(3);
                changed.computeIfAbsent(meterId, m -> new ChangedRows()).changed(boundary, !rs.wasNull());
            });
        }
        return changed;
    }

    private static int side(PreparedStatement ps, int p, RegisterSnapshot reading) throws SQLException {
        if (reading == null) {
            for (int i = 0; i < 5; i++) {
                ps.setNull(p++, Types.BIGINT);
            }
            return p;
        }
        Registers r = reading.registers();
        ps.setLong(p++, reading.at().getEpochSecond());
        ps.setLong(p++, r.importDay());
        ps.setLong(p++, r.importNight());
        ps.setLong(p++, r.exportDay());
        ps.setLong(p++, r.exportNight());
        return p;
    }

    /**
     * Computes again the quarters that touch the changed boundaries in [first, last] of the meter, from the stored
     * rows ({@link BoundarySeries#range}), and stores them; returns how many were written and how many removed.
     */
    private int[] recompute(int meterId, long first, long last, boolean pg) {
        if (first > last) {
            return new int[] {0, 0};
        }
        BoundarySeries series = BoundarySeries.quarters(jdbc, meterId, LOOK_BACK.toSeconds());
        BoundarySeries.Range range = series.range(first, last);
        List<BoundaryReading> run = series.rows(range, COLUMNS, (rs, n) -> pair(rs), pg);
        BoundaryQuarters.Closed closed = boundaryQuarters.close(run);
        int offset = series.offset(range, closed.quarters(), q -> q.quarter().start().getEpochSecond(),
                ClosedQuarter::segment);
        List<ClosedQuarter> made = new ArrayList<>(closed.quarters().size());
        Set<Long> starts = new HashSet<>();
        Integer nextSegment = null;
        for (ClosedQuarter q : closed.quarters()) {
            long start = q.quarter().start().getEpochSecond();
            if (start < range.storeFrom()) {
                continue;
            }
            ClosedQuarter numbered = new ClosedQuarter(q.quarter(), q.segment() + offset, q.energy(), q.estimated());
            made.add(numbered);
            starts.add(start);
            if (range.next() != null && start == range.next()[0]) {
                nextSegment = numbered.segment();
            }
        }
        quarters.saveRecomputed(meterId, made);
        quarters.saveQuarantine(meterId, closed.quarantined().stream()
                .filter(q -> q.quarter().start().getEpochSecond() >= range.storeFrom()).toList());
        int removed = quarters.deleteP1(meterId, series.gone(range, starts));
        series.follow(range, nextSegment);
        return new int[] {made.size(), removed};
    }

    private static BoundaryReading pair(ResultSet rs) throws SQLException {
        return new BoundaryReading(Instant.ofEpochSecond(rs.getLong(2)), reading(rs, 3), reading(rs, 8));
    }

    private static RegisterSnapshot reading(ResultSet rs, int column) throws SQLException {
        long at = rs.getLong(column);
        if (rs.wasNull()) {
            return null;
        }
        return new RegisterSnapshot(Instant.ofEpochSecond(at), new Registers(rs.getLong(column + 1),
                rs.getLong(column + 2), rs.getLong(column + 3), rs.getLong(column + 4)));
    }

    /**
     * The conflict clause: each side takes the candidate's reading when it is nearer to the boundary (later before it,
     * earlier after it; at the same second, the lower registers, as {@link BoundaryReading#nearer}); a candidate
     * nearer on neither side changes nothing and is not returned.
     */
    private static String upsertTail() {
        String nearerBefore = nearer("before", ">");
        String nearerAfter = nearer("after", "<");
        StringBuilder sql = new StringBuilder(" ON CONFLICT (meter_id, boundary_epoch) DO UPDATE SET ");
        for (String side : SIDES) {
            String condition = side.equals("before") ? nearerBefore : nearerAfter;
            List<String> columns = new ArrayList<>();
            columns.add(side + "_epoch");
            for (String r : REGISTERS) {
                columns.add(side + "_" + r);
            }
            for (String c : columns) {
                sql.append(side.equals("before") && c.equals(columns.get(0)) ? "" : ", ").append(c)
                        .append(" = CASE WHEN ").append(condition).append(" THEN excluded.").append(c)
                        .append(" ELSE register_boundary.").append(c).append(" END");
            }
        }
        return sql.append(" WHERE (").append(nearerBefore).append(") OR (").append(nearerAfter)
                .append(") RETURNING meter_id, boundary_epoch, after_epoch").toString();
    }

    private static String nearer(String side, String closer) {
        String at = side + "_epoch";
        StringBuilder candidate = new StringBuilder("(");
        StringBuilder stored = new StringBuilder("(");
        for (int i = 0; i < REGISTERS.length; i++) {
            candidate.append(i == 0 ? "" : ", ").append("excluded.").append(side).append('_').append(REGISTERS[i]);
            stored.append(i == 0 ? "" : ", ").append("register_boundary.").append(side).append('_').append(REGISTERS[i]);
        }
        candidate.append(')');
        stored.append(')');
        return "excluded." + at + " IS NOT NULL AND (register_boundary." + at + " IS NULL OR excluded." + at + " "
                + closer + " register_boundary." + at + " OR (excluded." + at + " = register_boundary." + at + " AND "
                + candidate + " < " + stored + "))";
    }

    /** A row's key, in the order rows are locked and written. */
    private record Key(int meterId, long boundary) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Integer.compare(meterId, o.meterId);
            return c != 0 ? c : Long.compare(boundary, o.boundary);
        }
    }
}
