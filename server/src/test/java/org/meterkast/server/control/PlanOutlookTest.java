package org.meterkast.server.control;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;

/**
 * The household's load ahead: the mean consumption (import − export + production) of the same local quarter of the
 * day over the measured quarters.
 */
class PlanOutlookTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    private static Instant local(String dateTime) {
        return LocalDateTime.parse(dateTime).atZone(BRUSSELS).toInstant();
    }

    private static ClosedQuarter measured(String start, long importWh, long exportWh) {
        return new ClosedQuarter(Quarter.containing(local(start)), 0, new QuarterEnergy(importWh, 0, exportWh, 0),
                false);
    }

    /**
     * Three days measured at 22:00: 100, 150 and 230 Wh; at 12:00 a day that imported 50 Wh, exported 400 Wh and
     * produced 600 Wh (consumed 250 Wh), and a day that imported 0, exported 300 Wh and produced 200 Wh (−100:
     * counts as 0). All eight quarters: 100 + 150 + 230 + 250 + 0 + 3 × 40 = 850 Wh.
     */
    static List<ClosedQuarter> week() {
        List<ClosedQuarter> out = new ArrayList<>();
        out.add(measured("2026-11-21T22:00", 100, 0));
        out.add(measured("2026-11-22T22:00", 150, 0));
        out.add(measured("2026-11-23T22:00", 230, 0));
        out.add(measured("2026-11-22T12:00", 50, 400));
        out.add(measured("2026-11-23T12:00", 0, 300));
        out.add(measured("2026-11-21T03:00", 40, 0));
        out.add(measured("2026-11-22T03:00", 40, 0));
        out.add(measured("2026-11-23T03:00", 40, 0));
        return out;
    }

    static final Map<Instant, Long> PRODUCED = Map.of(local("2026-11-22T12:00"), 600L,
            local("2026-11-23T12:00"), 200L);

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                           | quarter (Brussels) | load W
        # (100 + 150 + 230) / 3 = 160 Wh a quarter: 640 W
          the evening's three days                       | 2026-11-24T22:00   |  640
        # (250 + 0) / 2 = 125 Wh: 500 W
          noon: the production counts, never below zero  | 2026-11-24T12:00   |  500
          the night                                      | 2026-11-25T03:00   |  160
        # no 07:00 measured: all eight quarters, 850 / 8 = 106.25 Wh: 425 W
          a time of day never measured: the mean of all  | 2026-11-25T07:00   |  425
        """)
    void theSameQuarterOfTheDayOnAverage(String name, String quarter, long watts) {
        long[] load = PlanOutlook.loadWatts(week(), PRODUCED, Quarter.containing(local(quarter)), 1, BRUSSELS);
        assertThat(load).containsExactly(watts);
    }

    @Test
    void withoutMeasuredQuartersTheLoadIsZero() {
        assertThat(PlanOutlook.loadWatts(List.of(), Map.of(), Quarter.containing(local("2026-11-24T22:00")), 3,
                BRUSSELS)).containsExactly(0, 0, 0);
    }

    @Test
    void theHourRepeatedInOctoberSharesItsTimeOfDay() {
        // 25 October 2026: 02:00–03:00 twice (CEST, then CET); both 02:15s are the 02:15 of the day
        Instant firstTwoFifteen = Instant.parse("2026-10-25T00:15:00Z");
        Instant secondTwoFifteen = Instant.parse("2026-10-25T01:15:00Z");
        List<ClosedQuarter> measured = List.of(
                new ClosedQuarter(new Quarter(firstTwoFifteen), 0, new QuarterEnergy(100, 0, 0, 0), false),
                new ClosedQuarter(new Quarter(secondTwoFifteen), 0, new QuarterEnergy(300, 0, 0, 0), false));
        long[] load = PlanOutlook.loadWatts(measured, Map.of(), Quarter.containing(local("2026-10-26T02:15")), 1,
                BRUSSELS);
        assertThat(load).containsExactly(800);     // (100 + 300) / 2 = 200 Wh
    }
}
