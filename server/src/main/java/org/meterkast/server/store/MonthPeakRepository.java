package org.meterkast.server.store;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meterkast.energy.tariff.MonthPeak;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;

/**
 * Each month's capacity peak from the stored quarters: the quarter with the most offtake in the local month (the
 * earliest on a tie), as {@link org.meterkast.energy.tariff.MonthlyPeaks} finds it. Read from the days' peaks kept
 * with the daily sums (about 30 rows a month rather than 2,976 quarters sorted). A day summed before peaks were
 * kept counts only once {@link QuarterRepository#ensureDayTotals} has filled it in, at the next start.
 */
@Repository
public class MonthPeakRepository {
    private static final String DAY_PEAKS = """
            SELECT start_epoch, peak_import_wh, peak_epoch FROM day_total
            WHERE meter_id = ? AND start_epoch >= ? AND start_epoch < ? AND quarters > 0 AND peak_epoch IS NOT NULL
            ORDER BY start_epoch""";

    private final JdbcTemplate jdbc;

    public MonthPeakRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * The peaks of the months from {@code first} to {@code last}, both included, in Brussels months (the daily sums'
     * calendar); a month without quarters is absent.
     */
    public SortedMap<YearMonth, MonthPeak> peaks(int meterId, YearMonth first, YearMonth last, ZoneId zone) {
        if (!zone.equals(QuarterRepository.DAY_ZONE)) {
            throw new IllegalArgumentException("the daily sums are kept in " + QuarterRepository.DAY_ZONE + ", not " + zone);
        }
        var peaks = new TreeMap<YearMonth, MonthPeak>();
        long from = first.atDay(1).atStartOfDay(zone).toEpochSecond();
        long to = last.plusMonths(1).atDay(1).atStartOfDay(zone).toEpochSecond();
        jdbc.query(DAY_PEAKS, (RowCallbackHandler) rs -> {
            YearMonth month = YearMonth.from(Instant.ofEpochSecond(rs.getLong(1)).atZone(zone));
            long watts = rs.getLong(2) * 4;
            MonthPeak known = peaks.get(month);
            // days come in order, so the first of equal peaks is the earliest
            if (known == null || watts > known.watts()) {
                peaks.put(month, new MonthPeak(month, watts, Instant.ofEpochSecond(rs.getLong(3))));
            }
        }, meterId, from, to);
        return peaks;
    }
}
