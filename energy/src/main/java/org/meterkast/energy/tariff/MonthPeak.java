package org.meterkast.energy.tariff;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Objects;

/**
 * A month's capacity peak: the highest quarter-hour average offtake power in W (the quarter's Wh × 4), and the
 * start of that quarter (null when only the value is known, as from the meter's history).
 */
public record MonthPeak(YearMonth month, long watts, Instant quarterStart) {
    public MonthPeak {
        Objects.requireNonNull(month, "month");
        if (watts < 0) {
            throw new IllegalArgumentException("a peak cannot be negative: " + watts);
        }
    }
}
