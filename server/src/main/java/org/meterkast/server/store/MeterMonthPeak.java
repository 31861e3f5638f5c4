package org.meterkast.server.store;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * The meter's own peak for a Brussels calendar month: the highest quarter-hour average import power it measured,
 * as it reported it (1-0:1.6.0 for the month in progress, 0-0:98.1.0 for the months before).
 *
 * @param occurredAt when the peak quarter ended, as the meter stamped it; null when it sent no valid stamp
 */
public record MeterMonthPeak(YearMonth month, long watts, Instant occurredAt) {
    public MeterMonthPeak {
        Objects.requireNonNull(month, "month");
        if (watts < 0) {
            throw new IllegalArgumentException("a peak cannot be negative: " + watts + " W");
        }
    }
}
