package org.meterkast.energy.bill;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.tariff.DayNightSchedule;

class QuarterForecastTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(BRUSSELS).toInstant();
    }

    @Test
    void aFutureQuarterTakesTheMeanOfTheSameTimeOfTheSameKindOfDayAndTheSchedulesPeriod() {
        var recent = new ArrayList<ClosedQuarter>();
        // Monday 16 and Tuesday 17 November 2026 at 21:45 and 22:00; Saturday 21 at 21:45
        recent.add(quarter("2026-11-16T21:45", 100, 10));
        recent.add(quarter("2026-11-17T21:45", 301, 0));
        recent.add(quarter("2026-11-16T22:00", 40, 0));
        recent.add(quarter("2026-11-21T21:45", 900, 0));

        List<ClosedQuarter> foreseen = QuarterForecast.project(recent, local("2026-11-23T21:45"),
                local("2026-11-23T22:15"), DayNightSchedule.STANDARD, BRUSSELS);

        assertThat(foreseen).hasSize(2);
        assertThat(foreseen.get(0).energy()).isEqualTo(new QuarterEnergy(200, 0, 5, 0));   // day: (100 + 301) / 2
        assertThat(foreseen.get(1).energy()).isEqualTo(new QuarterEnergy(0, 40, 0, 0));    // 22:00 is night
        assertThat(foreseen).allMatch(ClosedQuarter::estimated);
        List<ClosedQuarter> saturday = QuarterForecast.project(recent, local("2026-11-28T21:45"),
                local("2026-11-28T22:00"), DayNightSchedule.STANDARD, BRUSSELS);
        assertThat(saturday).singleElement().satisfies(q -> assertThat(q.energy())
                .isEqualTo(new QuarterEnergy(0, 900, 0, 0)));
    }

    private static ClosedQuarter quarter(String localStart, long importWh, long exportWh) {
        return new ClosedQuarter(Quarter.containing(local(localStart)), 0,
                new QuarterEnergy(importWh, 0, exportWh, 0), false);
    }
}
