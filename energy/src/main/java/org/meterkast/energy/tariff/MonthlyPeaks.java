package org.meterkast.energy.tariff;

import java.time.YearMonth;
import java.time.ZoneId;
import java.util.SortedMap;
import java.util.TreeMap;
import org.meterkast.energy.quarter.ClosedQuarter;

/**
 * Finds each month's capacity peak in quarters: clock quarters, offtake only, a quarter counted in the local month
 * in which it starts; the earliest quarter wins a tie.
 */
public final class MonthlyPeaks {
    private MonthlyPeaks() {
    }

    public static SortedMap<YearMonth, MonthPeak> of(Iterable<ClosedQuarter> quarters, ZoneId zone) {
        var peaks = new TreeMap<YearMonth, MonthPeak>();
        for (ClosedQuarter q : quarters) {
            YearMonth month = q.quarter().month(zone);
            long watts = q.energy().averageImportWatts();
            MonthPeak known = peaks.get(month);
            if (known == null || watts > known.watts()) {
                peaks.put(month, new MonthPeak(month, watts, q.quarter().start()));
            }
        }
        return peaks;
    }
}
