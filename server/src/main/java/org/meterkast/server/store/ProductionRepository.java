package org.meterkast.server.store;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.SortedSet;
import java.util.TreeSet;
import org.meterkast.energy.quarter.Bucket;
import org.meterkast.energy.quarter.BucketSize;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.ResultSetExtractor;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Solar production per quarter hour and per Brussels day (V10), keyed by (meter, start). Writing a quarter again
 * replaces it (the counter it came from is the truth), and refreshes its day's sum in the same call.
 */
@Repository
public class ProductionRepository {
    private static final ZoneId DAY_ZONE = QuarterRepository.DAY_ZONE;

    private static final String UPSERT_QUARTER = """
            INSERT INTO production_quarter (meter_id, start_epoch, wh, counter_wh) VALUES (?, ?, ?, ?)
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET wh = excluded.wh, counter_wh = excluded.counter_wh""";

    private static final String UPSERT_DAY = """
            INSERT INTO production_day (meter_id, start_epoch, wh, quarters)
            SELECT ?, ?, COALESCE(SUM(wh), 0), COUNT(*)
            FROM production_quarter WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET wh = excluded.wh, quarters = excluded.quarters""";

    private final JdbcTemplate jdbc;

    public ProductionRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** Stores the quarters in one batch and refreshes the sums of the days they fall in. */
    public void save(int meterId, List<ProductionQuarter> quarters) {
        if (quarters.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT_QUARTER, quarters, quarters.size(), (ps, q) -> {
            ps.setInt(1, meterId);
            ps.setLong(2, q.start().getEpochSecond());
            ps.setLong(3, q.wh());
            ps.setLong(4, q.counterWh());
        });
        SortedSet<LocalDate> days = new TreeSet<>();
        for (ProductionQuarter q : quarters) {
            days.add(q.start().atZone(DAY_ZONE).toLocalDate());
        }
        List<Object[]> args = new ArrayList<>(days.size());
        for (LocalDate day : days) {
            long start = day.atStartOfDay(DAY_ZONE).toEpochSecond();
            long end = day.plusDays(1).atStartOfDay(DAY_ZONE).toEpochSecond();
            args.add(new Object[] {meterId, start, meterId, start, end});
        }
        jdbc.batchUpdate(UPSERT_DAY, args);
    }

    /** The meter's last stored quarter: where production continues after a restart; empty when it has none. */
    public Optional<ProductionQuarter> last(int meterId) {
        return jdbc.query("""
                        SELECT start_epoch, wh, counter_wh FROM production_quarter
                        WHERE meter_id = ? ORDER BY start_epoch DESC LIMIT 1""",
                rs -> rs.next() ? Optional.of(new ProductionQuarter(Instant.ofEpochSecond(rs.getLong(1)),
                        rs.getLong(2), rs.getLong(3))) : Optional.<ProductionQuarter>empty(), meterId);
    }

    /** Whether the meter has any production stored. */
    public boolean any(int meterId) {
        return Boolean.TRUE.equals(jdbc.query("SELECT 1 FROM production_quarter WHERE meter_id = ? LIMIT 1",
                (ResultSetExtractor<Boolean>) rs -> rs.next(), meterId));
    }

    /** The meter's quarters that start in [from, to), oldest first. */
    public List<ProductionQuarter> quarters(int meterId, Instant from, Instant to) {
        return jdbc.query("""
                        SELECT start_epoch, wh, counter_wh FROM production_quarter
                        WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ? ORDER BY start_epoch""",
                (rs, n) -> new ProductionQuarter(Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2), rs.getLong(3)),
                meterId, from.getEpochSecond(), to.getEpochSecond());
    }

    /**
     * The production in each of the buckets (as {@link QuarterRepository#buckets} made them, oldest first), in Wh:
     * the quarters that start in a bucket and before {@code to}. Days and longer in Brussels time are added from
     * the daily sums (the last day's part before {@code to} from its quarters), hours from the quarters.
     */
    public long[] sums(int meterId, List<Bucket> buckets, Instant to, BucketSize size, ZoneId zone) {
        long[] sums = new long[buckets.size()];
        if (buckets.isEmpty()) {
            return sums;
        }
        long[] starts = buckets.stream().mapToLong(b -> b.start().getEpochSecond()).toArray();
        long[] ends = buckets.stream().mapToLong(b -> b.end().getEpochSecond()).toArray();
        long first = starts[0];
        long end = Math.min(to.getEpochSecond(), ends[ends.length - 1]);
        RowCallbackHandler add = rs -> {
            long start = rs.getLong(1);
            int i = Arrays.binarySearch(starts, start);
            if (i < 0) {
                i = -i - 2;             // the bucket that starts before it
            }
            if (i >= 0 && start < ends[i]) {
                sums[i] += rs.getLong(2);
            }
        };
        if (size == BucketSize.HOUR || !zone.equals(DAY_ZONE)) {
            jdbc.query("SELECT start_epoch, wh FROM production_quarter WHERE meter_id = ? AND start_epoch >= ?"
                    + " AND start_epoch < ?", add, meterId, first, end);
            return sums;
        }
        long lastDay = BucketSize.DAY.start(Instant.ofEpochSecond(end), zone).getEpochSecond();
        jdbc.query("SELECT start_epoch, wh FROM production_day WHERE meter_id = ? AND start_epoch >= ?"
                + " AND start_epoch < ?", add, meterId, first, lastDay);
        if (end > lastDay) {
            jdbc.query("SELECT CAST(? AS BIGINT), COALESCE(SUM(wh), 0) FROM production_quarter WHERE meter_id = ? AND start_epoch >= ?"
                    + " AND start_epoch < ?", add, lastDay, meterId, lastDay, end);
        }
        return sums;
    }
}
