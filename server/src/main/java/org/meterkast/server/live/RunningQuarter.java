package org.meterkast.server.live;

import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;
import org.meterkast.energy.capacity.DemandSource;
import org.meterkast.energy.capacity.QuarterDemand;

/**
 * The quarter hour in progress, for the capacity page: its average offtake so far as it rises, and where it is
 * heading by its end if the power drawn now stays (see {@link QuarterDemand}).
 *
 * @param start            the quarter's start
 * @param end              its end
 * @param averageW         offtake since the start ÷ 15 min, W
 * @param source           {@code meter} when that is the meter's {@code 1-0:1.4.0}, {@code registers} when computed
 *                         from the offtake registers since the quarter started
 * @param powerW           offtake power now ({@code 1-0:1.7.0}), W
 * @param projectedW       the quarter's average if the power stays as it is now, W
 * @param monthPeakW       the month's peak so far the meter reports ({@code 1-0:1.6.0}), W; null when not sent
 * @param headingAbovePeak whether {@code projectedW} is above that peak and above the 2.5 kW every month counts
 *                         anyway: a new peak that would raise the capacity tariff; false when the peak is not known
 */
public record RunningQuarter(Instant start, Instant end, long averageW, String source, long powerW, long projectedW,
                             Long monthPeakW, boolean headingAbovePeak) {
    /** Made once, as this runs for every telegram. */
    private static final String[] SOURCE_NAMES = Arrays.stream(DemandSource.values())
            .map(s -> s.name().toLowerCase(Locale.ROOT)).toArray(String[]::new);

    static RunningQuarter of(QuarterDemand d, Long monthPeakW) {
        return new RunningQuarter(d.quarter().start(), d.quarter().end(), d.averageW(),
                SOURCE_NAMES[d.source().ordinal()], d.powerW(), d.projectedW(), monthPeakW,
                monthPeakW != null && d.isHeadingAbove(monthPeakW));
    }
}
