package org.meterkast.server.store;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meterkast.energy.tariff.MonthPeak;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * Each month's capacity peak from the stored quarters: the quarter with the most offtake in the local month (the
 * earliest on a tie), as {@link org.meterkast.energy.tariff.MonthlyPeaks} finds it, one indexed range per month.
 */
@Repository
public class MonthPeakRepository {
    private static final String PEAK = """
            SELECT start_epoch, import_day_wh + import_night_wh AS wh FROM quarter
            WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ?
            ORDER BY wh DESC, start_epoch LIMIT 1""";

    private final JdbcTemplate jdbc;

    public MonthPeakRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /** The peaks of the months from {@code first} to {@code last}, both included; a month without quarters is absent. */
    public SortedMap<YearMonth, MonthPeak> peaks(int meterId, YearMonth first, YearMonth last, ZoneId zone) {
        var peaks = new TreeMap<YearMonth, MonthPeak>();
        for (YearMonth m = first; !m.isAfter(last); m = m.plusMonths(1)) {
            long from = m.atDay(1).atStartOfDay(zone).toEpochSecond();
            long to = m.plusMonths(1).atDay(1).atStartOfDay(zone).toEpochSecond();
            YearMonth month = m;
            jdbc.query(PEAK, rs -> {
                peaks.put(month, new MonthPeak(month, rs.getLong(2) * 4, Instant.ofEpochSecond(rs.getLong(1))));
            }, meterId, from, to);
        }
        return peaks;
    }
}
