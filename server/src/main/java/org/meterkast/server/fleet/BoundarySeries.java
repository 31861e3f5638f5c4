package org.meterkast.server.fleet;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.ToIntFunction;
import java.util.function.ToLongFunction;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowMapper;

/**
 * One series of a fleet meter kept as boundary rows (docs/CLUSTER.md): the electricity registers at quarter
 * boundaries ({@code register_boundary}, made into {@code quarter}) or a gas or water index at hour boundaries
 * ({@code volume_boundary}, made into {@code hourly_volume}). Holds what computing a series' intervals again asks of
 * both tables, the same for either: which rows and intervals a change of boundaries touches ({@link #range}), the
 * segment numbering it goes on from, and the P1 intervals it no longer makes.
 */
final class BoundarySeries {
    private final JdbcTemplate jdbc;
    private final String boundaries;
    private final String made;
    private final String key;
    private final Object[] keyArgs;
    private final long interval;
    private final long lookBack;

    private BoundarySeries(JdbcTemplate jdbc, String boundaries, String made, String key, Object[] keyArgs,
                           long interval, long lookBack) {
        this.jdbc = jdbc;
        this.boundaries = boundaries;
        this.made = made;
        this.key = key;
        this.keyArgs = keyArgs;
        this.interval = interval;
        this.lookBack = lookBack;
    }

    /** The quarters of a meter, from its register boundaries. */
    static BoundarySeries quarters(JdbcTemplate jdbc, int meterId, long lookBack) {
        return new BoundarySeries(jdbc, "register_boundary", "quarter", "meter_id = ?", new Object[] {meterId}, 900,
                lookBack);
    }

    /** The hours of a meter's gas or water meter ({@code medium} as stored: gas, water), from its volume boundaries. */
    static BoundarySeries volumes(JdbcTemplate jdbc, int meterId, String medium, long lookBack) {
        return new BoundarySeries(jdbc, "volume_boundary", "hourly_volume", "meter_id = ? AND medium = ?",
                new Object[] {meterId, medium}, 3600, lookBack);
    }

    /**
     * What computing again the intervals that touch the changed boundaries [first, last] reads and stores.
     *
     * <p>The run starts with the last P1 interval before them ({@code base}, within the look-back), whose segment,
     * computed again, gives the one the run goes on from, and ends with the first P1 interval after them
     * ({@code next}) when there is one: should the new readings show a register that went down, that interval's
     * segment changes, and the intervals after it are renumbered the same. The row before the first boundary and the
     * row after the last are read too: the pairs of a silence's boundaries are the readings on either side of it,
     * which lie in the rows of its first and last boundary, however far apart.
     *
     * @param base      start and segment of the last P1 interval before the affected ones, or null
     * @param storeFrom intervals that start earlier are read, not stored
     * @param from      the first boundary row to read
     * @param next      start and segment of the first P1 interval after the affected ones, or null
     * @param to        the last boundary row to read
     */
    record Range(long affectedFrom, long affectedTo, long[] base, long storeFrom, long from, long[] next, long to) {
    }

    Range range(long first, long last) {
        long affectedFrom = first - interval;
        long affectedTo = last + interval;
        long[] base = madeNear("start_epoch < ? AND start_epoch >= ? ORDER BY start_epoch DESC", affectedFrom,
                affectedFrom - lookBack);
        long storeFrom = base != null ? base[0] + interval : affectedFrom - lookBack;
        Long rowBefore = jdbc.queryForObject("SELECT MAX(boundary_epoch) FROM " + boundaries + " WHERE " + key
                + " AND boundary_epoch < ? AND boundary_epoch >= ?", Long.class,
                args(base != null ? base[0] : affectedFrom, affectedFrom - lookBack));
        long from = rowBefore != null ? rowBefore : base != null ? base[0] : affectedFrom;
        long[] next = madeNear("start_epoch >= ? AND start_epoch < ? ORDER BY start_epoch", affectedTo,
                affectedTo + lookBack);
        long end = next != null ? next[0] + interval : affectedTo;
        Long rowAfter = jdbc.queryForObject("SELECT MIN(boundary_epoch) FROM " + boundaries + " WHERE " + key
                + " AND boundary_epoch > ? AND boundary_epoch <= ?", Long.class, args(end, end + lookBack));
        long to = rowAfter != null ? rowAfter : end;
        return new Range(affectedFrom, affectedTo, base, storeFrom, from, next, to);
    }

    /** The boundary rows of the range, oldest first, locked on PostgreSQL ({@code forUpdate}). */
    <T> List<T> rows(Range range, String columns, RowMapper<T> mapper, boolean forUpdate) {
        return jdbc.query("SELECT " + columns + " FROM " + boundaries + " WHERE " + key + " AND boundary_epoch >= ? "
                + "AND boundary_epoch <= ? ORDER BY boundary_epoch" + (forUpdate ? " FOR UPDATE" : ""), mapper,
                args(range.from, range.to));
    }

    /**
     * What to add to the segments of the run's intervals (counted from 0 at its first reading): the base interval's
     * stored segment less its segment in the run, or, without a base, the segment of the last P1 interval before the
     * run, however old.
     */
    <T> int offset(Range range, List<T> closed, ToLongFunction<T> start, ToIntFunction<T> segment) {
        if (range.base == null) {
            Integer last = jdbc.query("SELECT segment FROM " + made + " WHERE " + key + " AND origin < 2 AND "
                    + "start_epoch < ? ORDER BY start_epoch DESC LIMIT 1", rs -> rs.next() ? rs.getInt(1) : null,
                    args(range.from));
            return last == null ? 0 : last;
        }
        int offset = (int) range.base[1];
        for (T t : closed) {
            if (start.applyAsLong(t) == range.base[0]) {
                offset = (int) range.base[1] - segment.applyAsInt(t);
            }
        }
        return offset;
    }

    /** The P1 intervals of the affected range the recompute no longer makes: made earlier from farther readings. */
    List<Instant> gone(Range range, Set<Long> starts) {
        List<Instant> gone = new ArrayList<>();
        for (long start : jdbc.queryForList("SELECT start_epoch FROM " + made + " WHERE " + key
                + " AND start_epoch >= ? AND start_epoch < ? AND origin < 2", Long.class,
                args(Math.max(range.storeFrom, range.affectedFrom), range.affectedTo))) {
            if (!starts.contains(start)) {
                gone.add(Instant.ofEpochSecond(start));
            }
        }
        return gone;
    }

    /** Renumbers the P1 intervals after the range's {@code next} when its segment, computed again, changed. */
    void follow(Range range, Integer nextSegment) {
        if (nextSegment != null && nextSegment != range.next[1]) {
            jdbc.update("UPDATE " + made + " SET segment = segment + ? WHERE " + key + " AND start_epoch > ? "
                    + "AND origin < 2", prepend(nextSegment - (int) range.next[1], args(range.next[0])));
        }
    }

    /** Start and segment of the series' first P1 interval by the given condition and order, or null. */
    private long[] madeNear(String conditionAndOrder, long a, long b) {
        return jdbc.query("SELECT start_epoch, segment FROM " + made + " WHERE " + key + " AND origin < 2 AND "
                        + conditionAndOrder + " LIMIT 1",
                rs -> rs.next() ? new long[] {rs.getLong(1), rs.getLong(2)} : null, args(a, b));
    }

    private Object[] args(Object... more) {
        Object[] all = new Object[keyArgs.length + more.length];
        System.arraycopy(keyArgs, 0, all, 0, keyArgs.length);
        System.arraycopy(more, 0, all, keyArgs.length, more.length);
        return all;
    }

    private static Object[] prepend(Object first, Object[] rest) {
        Object[] all = new Object[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return all;
    }
}
