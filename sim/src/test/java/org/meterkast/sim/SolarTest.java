package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

class SolarTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private final Household household = new Household(HouseholdSettings.defaults(11));

    private static long at(LocalDate day, LocalTime time) {
        return day.atTime(time).atZone(BRUSSELS).toEpochSecond();
    }

    @Test
    void theSunIsWhereTheAlmanacPutsItAt51North() {
        // highest elevation = 90 − latitude ± the declination (23.44° at the solstices)
        double june = 0;
        double december = 0;
        for (int m = 0; m < 1_440; m++) {
            june = Math.max(june, SunPosition.at(at(LocalDate.of(2025, 6, 21), LocalTime.MIN) + m * 60L).elevationDegrees());
            december = Math.max(december,
                    SunPosition.at(at(LocalDate.of(2025, 12, 21), LocalTime.MIN) + m * 60L).elevationDegrees());
        }
        assertThat(june).isCloseTo(90 - 51.0 + 23.44, within(0.3));
        assertThat(december).isCloseTo(90 - 51.0 - 23.44, within(0.3));
    }

    @Test
    void noProductionAtTwoInTheNightAllYearRound() {
        for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
            Instant two = Instant.ofEpochSecond(at(d, LocalTime.of(2, 0)));
            assertThat(household.powerAt(two).solarWatts()).as("solar at %s", two).isZero();
        }
    }

    @Test
    void onTheSummerSolsticeTheSouthRoofPeaksBetween13And1430LocalTime() {
        LocalDate solstice = LocalDate.of(2025, 6, 21);
        long best = -1;
        long bestAt = 0;
        for (int m = 0; m < 1_440; m++) {
            long t = at(solstice, LocalTime.MIN) + m * 60L;
            long w = household.clearSkySolarWatts(t);
            if (w > best) {
                best = w;
                bestAt = t;
            }
            // clouds only ever take away
            assertThat(household.powerAt(Instant.ofEpochSecond(t)).solarWatts()).isLessThanOrEqualTo(w);
        }
        LocalTime peak = ZonedDateTime.ofInstant(Instant.ofEpochSecond(bestAt), BRUSSELS).toLocalTime();
        assertThat(peak).isBetween(LocalTime.of(13, 0), LocalTime.of(14, 30));
        // 4.5 kWp at 1,000 W/m² with a performance ratio of 0.86 is 3.9 kW
        assertThat(best).isBetween(3_600L, 4_200L);
        long twoHoursEarlier = household.clearSkySolarWatts(bestAt - 2 * 3_600);
        assertThat(twoHoursEarlier).isLessThan(best);
    }

    @Test
    void winterNoonIsFarBelowSummerNoon() {
        long summer = household.clearSkySolarWatts(at(LocalDate.of(2025, 6, 21), LocalTime.of(13, 40)));
        long winter = household.clearSkySolarWatts(at(LocalDate.of(2025, 12, 21), LocalTime.of(12, 40)));
        assertThat(winter).isLessThan(summer * 55 / 100);
        // with the clouds, over whole months
        assertThat(middayMean(12)).isLessThan(middayMean(6) * 60 / 100);
    }

    private long middayMean(int month) {
        long sum = 0;
        int n = 0;
        for (LocalDate d = LocalDate.of(2025, month, 1); d.getMonthValue() == month; d = d.plusDays(1)) {
            for (int m = 0; m < 120; m += 5) {
                sum += household.powerAt(Instant.ofEpochSecond(at(d, LocalTime.of(12, 0)) + m * 60L)).solarWatts();
                n++;
            }
        }
        return sum / n;
    }

    @Test
    void cloudsChangeSmoothlyThroughTheDayAndDifferFromDayToDay() {
        Weather weather = new Weather(11);
        long noon = at(LocalDate.of(2025, 5, 10), LocalTime.NOON);
        double largestStep = 0;
        for (int s = 0; s < 3 * 3_600; s += 10) {
            largestStep = Math.max(largestStep, Math.abs(weather.cloudFactor(noon + s + 10) - weather.cloudFactor(noon + s)));
        }
        assertThat(largestStep).isLessThan(0.02);           // no jumps from one 10 s step to the next
        double min = 1;
        double max = 0;
        for (int day = 0; day < 30; day++) {
            double f = weather.cloudFactor(noon + day * 86_400L);
            min = Math.min(min, f);
            max = Math.max(max, f);
        }
        assertThat(max - min).isGreaterThan(0.5);
    }

    @Test
    void anEastRoofPeaksInTheMorning() {
        Household east = new Household(HouseholdSettings.defaults(11).withSolar(4_500, 90, 35));
        LocalDate day = LocalDate.of(2025, 6, 21);
        long morning = east.clearSkySolarWatts(at(day, LocalTime.of(9, 30)));
        long afternoon = east.clearSkySolarWatts(at(day, LocalTime.of(17, 30)));
        assertThat(morning).isGreaterThan(afternoon * 2);
    }
}
