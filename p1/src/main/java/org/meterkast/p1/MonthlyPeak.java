package org.meterkast.p1;

import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;
import java.util.Optional;

/**
 * One month of the meter's peak history ({@code 0-0:98.1.0}): the highest quarter-hour average import
 * power of that month in W, and when it occurred. The meter stamps each entry with the end of the month
 * (local midnight of the next month's first day); the occurrence is absent when the meter sent an invalid
 * stamp, as it does for the first month after installation.
 */
public final class MonthlyPeak {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private final Instant monthEnd;
    private final Instant occurredAt;
    private final long watts;

    public MonthlyPeak(Instant monthEnd, Instant occurredAt, long watts) {
        this.monthEnd = Objects.requireNonNull(monthEnd, "monthEnd");
        this.occurredAt = occurredAt;
        this.watts = watts;
    }

    /** The stamp the meter gave the entry: the instant the month ended. */
    public Instant monthEnd() {
        return monthEnd;
    }

    /** The local (Europe/Brussels) month this peak belongs to: the one that ends at {@link #monthEnd()}. */
    public YearMonth month() {
        return YearMonth.from(monthEnd.minusSeconds(1).atZone(BRUSSELS));
    }

    public Optional<Instant> occurredAt() {
        return Optional.ofNullable(occurredAt);
    }

    /** Power in W. */
    public long watts() {
        return watts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MonthlyPeak p && watts == p.watts && monthEnd.equals(p.monthEnd)
                && Objects.equals(occurredAt, p.occurredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(monthEnd, occurredAt, watts);
    }

    @Override
    public String toString() {
        return month() + ": " + watts + " W at " + occurredAt;
    }
}
