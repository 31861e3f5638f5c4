package org.meterkast.energy.bill;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.DayNightSchedule;

/**
 * Quarters not metered yet, foreseen from the recent past: each future quarter takes the mean offtake and injection
 * of the same local time of day over the recent weekdays (for a weekday) or weekend days (for a weekend day), and
 * the day or night period of the location's schedule, since no meter has labelled it yet. Foreseen quarters are
 * marked estimated.
 */
public final class QuarterForecast {
    private static final int SLOTS = 24 * 4;

    private QuarterForecast() {
    }

    /**
     * The quarters of [from, to) foreseen from {@code recent} (sorted, typically the last four weeks).
     *
     * @return empty when the recent past holds no quarter of the kind of day needed
     */
    public static List<ClosedQuarter> project(List<ClosedQuarter> recent, Instant from, Instant to,
                                              DayNightSchedule schedule, ZoneId zone) {
        long[][] imported = new long[2][SLOTS];
        long[][] exported = new long[2][SLOTS];
        int[][] counts = new int[2][SLOTS];
        for (ClosedQuarter q : recent) {
            ZonedDateTime local = q.quarter().start().atZone(zone);
            int kind = weekend(local) ? 1 : 0;
            int slot = slot(local);
            imported[kind][slot] += q.energy().imported();
            exported[kind][slot] += q.energy().exported();
            counts[kind][slot]++;
        }
        var out = new ArrayList<ClosedQuarter>();
        for (Quarter q = Quarter.containing(from); q.start().isBefore(to); q = q.plus(1)) {
            if (q.start().isBefore(from)) {
                continue;
            }
            ZonedDateTime local = q.start().atZone(zone);
            int kind = weekend(local) ? 1 : 0;
            int slot = slot(local);
            int n = counts[kind][slot];
            if (n == 0) {
                continue;
            }
            long in = imported[kind][slot] / n;
            long ex = exported[kind][slot] / n;
            boolean day = schedule.at(q.start(), zone) == DayNight.DAY;
            out.add(new ClosedQuarter(q, 0, new QuarterEnergy(day ? in : 0, day ? 0 : in, day ? ex : 0, day ? 0 : ex),
                    true));
        }
        return out;
    }

    private static boolean weekend(ZonedDateTime local) {
        return local.getDayOfWeek() == DayOfWeek.SATURDAY || local.getDayOfWeek() == DayOfWeek.SUNDAY;
    }

    /** The quarter of the local day: 0 for 00:00; the repeated hour of an October night shares its slots. */
    private static int slot(ZonedDateTime local) {
        return local.getHour() * 4 + local.getMinute() / 15;
    }
}
