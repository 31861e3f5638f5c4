package org.meterkast.energy.tariff;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Objects;

/**
 * When a Flemish dual-rate meter counts on its day register: weekdays from {@code dayStart} to {@code dayEnd}
 * local time; nights and whole weekends are night. A public holiday on a weekday is an ordinary day (the meter
 * does not know holidays: Fluvius' data shows "Dag" on 1 November and 25 December). History uses the period the
 * meter or Fluvius recorded per quarter; this schedule is for quarters not yet metered.
 */
public record DayNightSchedule(LocalTime dayStart, LocalTime dayEnd) {
    /** The usual Flemish hours: day on weekdays 07:00–22:00. */
    public static final DayNightSchedule STANDARD = new DayNightSchedule(LocalTime.of(7, 0), LocalTime.of(22, 0));
    /** The variant of a number of municipalities: day on weekdays 06:00–21:00 (night 21:00–06:00). */
    public static final DayNightSchedule EARLY = new DayNightSchedule(LocalTime.of(6, 0), LocalTime.of(21, 0));

    public DayNightSchedule {
        Objects.requireNonNull(dayStart, "dayStart");
        Objects.requireNonNull(dayEnd, "dayEnd");
        if (!dayStart.isBefore(dayEnd)) {
            throw new IllegalArgumentException("the day must start before it ends: " + dayStart + "–" + dayEnd);
        }
    }

    /** The period in which the meter counts at this instant, in the given zone (Europe/Brussels). */
    public DayNight at(Instant instant, ZoneId zone) {
        ZonedDateTime local = instant.atZone(zone);
        DayOfWeek day = local.getDayOfWeek();
        if (day == DayOfWeek.SATURDAY || day == DayOfWeek.SUNDAY) {
            return DayNight.NIGHT;
        }
        LocalTime time = local.toLocalTime();
        return !time.isBefore(dayStart) && time.isBefore(dayEnd) ? DayNight.DAY : DayNight.NIGHT;
    }
}
