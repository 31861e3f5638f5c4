package org.meterkast.energy.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDateTime;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;

class DayNightScheduleTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private static DayNight at(DayNightSchedule schedule, String local) {
        return schedule.at(LocalDateTime.parse(local).atZone(BRUSSELS).toInstant(), BRUSSELS);
    }

    @Test
    void weekdaysFromSevenToTenAreDayNightsAndWeekendsAreNight() {
        assertThat(at(DayNightSchedule.STANDARD, "2026-11-24T06:59")).isEqualTo(DayNight.NIGHT);
        assertThat(at(DayNightSchedule.STANDARD, "2026-11-24T07:00")).isEqualTo(DayNight.DAY);
        assertThat(at(DayNightSchedule.STANDARD, "2026-11-24T21:45")).isEqualTo(DayNight.DAY);
        assertThat(at(DayNightSchedule.STANDARD, "2026-11-24T22:00")).isEqualTo(DayNight.NIGHT);
        assertThat(at(DayNightSchedule.STANDARD, "2026-11-28T12:00")).isEqualTo(DayNight.NIGHT);   // Saturday
        assertThat(at(DayNightSchedule.STANDARD, "2026-11-29T12:00")).isEqualTo(DayNight.NIGHT);   // Sunday
    }

    @Test
    void aPublicHolidayOnAWeekdayIsAnOrdinaryDay() {
        // Fluvius' 2023 data carries "Offtake Day" on All Saints (Wednesday) and Christmas (Monday)
        assertThat(at(DayNightSchedule.STANDARD, "2023-11-01T10:00")).isEqualTo(DayNight.DAY);
        assertThat(at(DayNightSchedule.STANDARD, "2023-12-25T21:00")).isEqualTo(DayNight.DAY);
    }

    @Test
    void theEarlyVariantRunsFromSixToNine() {
        assertThat(at(DayNightSchedule.EARLY, "2026-11-24T06:00")).isEqualTo(DayNight.DAY);
        assertThat(at(DayNightSchedule.EARLY, "2026-11-24T20:59")).isEqualTo(DayNight.DAY);
        assertThat(at(DayNightSchedule.EARLY, "2026-11-24T21:00")).isEqualTo(DayNight.NIGHT);
    }

    @Test
    void onTheDstDaysLocalTimeDecides() {
        // 2026-03-30 is a Monday after the spring change: 07:00 CEST is 05:00Z
        assertThat(at(DayNightSchedule.STANDARD, "2026-03-30T07:00")).isEqualTo(DayNight.DAY);
        assertThat(DayNightSchedule.STANDARD.at(java.time.Instant.parse("2026-03-30T04:59:00Z"), BRUSSELS))
                .isEqualTo(DayNight.NIGHT);
    }
}
