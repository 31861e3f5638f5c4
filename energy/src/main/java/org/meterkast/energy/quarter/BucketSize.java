package org.meterkast.energy.quarter;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.temporal.TemporalAdjusters;

/**
 * The chart buckets, in local time: an hour, a day (23, 24 or 25 hours in Brussels), a week from Monday, a
 * month, a year. A bucket is a whole number of quarters because local offsets are whole hours.
 */
public enum BucketSize {
    HOUR, DAY, WEEK, MONTH, YEAR;

    /** The start of the bucket that contains {@code t}. */
    public Instant start(Instant t, ZoneId zone) {
        ZonedDateTime local = t.atZone(zone);
        if (this == HOUR) {
            return Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), 3600) * 3600);
        }
        LocalDate day = local.toLocalDate();
        LocalDate first = switch (this) {
            case DAY -> day;
            case WEEK -> day.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            case MONTH -> day.withDayOfMonth(1);
            case YEAR -> day.withDayOfYear(1);
            case HOUR -> throw new AssertionError();
        };
        return first.atStartOfDay(zone).toInstant();
    }

    /** The start of the bucket after the one starting at {@code start}. */
    public Instant next(Instant start, ZoneId zone) {
        if (this == HOUR) {
            return start.plusSeconds(3600);
        }
        LocalDate day = start.atZone(zone).toLocalDate();
        LocalDate following = switch (this) {
            case DAY -> day.plusDays(1);
            case WEEK -> day.plusWeeks(1);
            case MONTH -> day.plusMonths(1);
            case YEAR -> day.plusYears(1);
            case HOUR -> throw new AssertionError();
        };
        return following.atStartOfDay(zone).toInstant();
    }
}
