package org.meterkast.energy.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.quarter.Quarter;

class SolarForecastTest {
    /** Mechelen, between Brussels and Antwerp. */
    private static final SolarForecast MECHELEN = new SolarForecast(51.0, 4.4);
    /** The quarter around solar noon on the summer solstice: 12:00 − 4.4° × 4 min/° + 1.7 min ≈ 11:44 UTC. */
    private static final Quarter SOLSTICE_NOON = Quarter.parse("2026-06-21T11:30:00Z");

    // The sun's highest elevation is 90° − latitude + declination: 90 − 51 + 23.44 = 62.44° at the summer solstice,
    // 90 − 51 − 23.44 = 15.56° at the winter one, 90 − 51 − 0.1 = 38.9° on 20 March (the equinox is that afternoon).
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # day        | highest elevation ° | around UTC
          2026-06-21 |               62.44 | 11:44
          2026-12-21 |               15.56 | 11:40
          2026-03-20 |               38.90 | 11:50
        """)
    void theSunStandsHighestAtSolarNoon(String day, double elevation, String time) {
        long midnight = Instant.parse(day + "T00:00:00Z").getEpochSecond();
        double highest = -90;
        long when = 0;
        for (long t = midnight; t < midnight + 86_400; t += 60) {
            double h = SunPosition.elevationDegrees(t, 51.0, 4.4);
            if (h > highest) {
                highest = h;
                when = t;
            }
        }
        assertThat(highest).isCloseTo(elevation, within(0.25));
        assertThat(Math.abs(when - Instant.parse(day + "T" + time + ":00Z").getEpochSecond())).isLessThanOrEqualTo(180);
        // and at midnight, 90° below: latitude + declination − 90 (−15.6° in June)
        assertThat(SunPosition.elevationDegrees(midnight - 16 * 60, 51.0, 4.4)).isNegative();
    }

    @Test
    void theClearSkyIrradianceAtTheSolsticesNoonIsHaurwitzs() {
        // 1098 × sin 62.44° × e^(−0.057 / sin 62.44°) = 1098 × 0.8865 × 0.9377 = 912.8 W/m²; the quarter's three
        // samples lie within 13 minutes of noon, where the sun hardly moves
        assertThat(MECHELEN.clearSkyIrradiance(SOLSTICE_NOON)).isCloseTo(912.8, within(1.0));
        assertThat(MECHELEN.clearSkyIrradiance(Quarter.parse("2026-06-21T23:00:00Z"))).isZero();
    }

    @Test
    void aClearWeekForecastsTheClearSkyShapeScaledByTheRecentBestDay() {
        // seven clear days at 2.0 Wh per W/m² (an 8 kWp roof): at noon 2.0 × 912.8 = 1,826 Wh, 7.3 kW
        List<QuarterProduction> week = days("2026-06-14", 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0);

        List<SolarQuarter> forecast = MECHELEN.forecast(SOLSTICE_NOON, 1, week, List.of());

        assertThat(forecast.get(0).expectedWh()).isCloseTo(1826, within(3L));
        assertThat(forecast.get(0).clearSkyWh()).isEqualTo(forecast.get(0).expectedWh());
        assertThat(forecast.get(0).imported()).isFalse();
    }

    @Test
    void aCloudyWeekForecastsItsMean() {
        // six days at 0.6 and one clear at 2.0: clear sky 2.0 × 912.8 = 1,826 Wh, expected (6 × 0.6 + 2.0) / 7 = 0.8,
        // 0.8 × 912.8 = 730 Wh
        List<QuarterProduction> week = days("2026-06-14", 0.6, 0.6, 2.0, 0.6, 0.6, 0.6, 0.6);

        SolarQuarter noon = MECHELEN.forecast(SOLSTICE_NOON, 1, week, List.of()).get(0);

        assertThat(noon.clearSkyWh()).isCloseTo(1826, within(3L));
        assertThat(noon.expectedWh()).isCloseTo(730, within(2L));
    }

    @Test
    void theNightIsZeroWhateverTheInverterSaidAtNight() {
        var week = new ArrayList<>(days("2026-06-14", 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0));
        Quarter oneAtNight = Quarter.parse("2026-06-20T23:00:00Z");
        week.removeIf(p -> p.quarter().equals(oneAtNight));
        week.add(new QuarterProduction(oneAtNight, 40));    // an inverter's noise at 01:00

        List<SolarQuarter> forecast = MECHELEN.forecast(Quarter.parse("2026-06-21T00:00:00Z"), 96, week, List.of());

        // 01:00 and 02:00 local (23:00Z, 00:00Z) are dark; the sun rises about 03:30 UTC
        assertThat(forecast.get(0).expectedWh()).isZero();
        assertThat(forecast.get(8).expectedWh()).isZero();
        assertThat(forecast.get(92).expectedWh()).isZero();     // 23:00Z
        assertThat(forecast.get(46).expectedWh()).isCloseTo(1826, within(3L));
        assertThat(forecast.stream().filter(q -> q.expectedWh() > 0).count()).isBetween(64L, 70L);   // ~16.5 h of sun
    }

    @Test
    void aDayWithAGapInItsDataIsNotTakenForClouds() {
        var week = new ArrayList<>(days("2026-06-14", 2.0, 2.0, 2.0, 2.0, 2.0, 2.0));
        // the seventh day has only its morning, at a tenth of the yield: it covers < 80 % of its sun and is skipped
        for (QuarterProduction p : days("2026-06-20", 0.2)) {
            if (p.quarter().start().isBefore(Instant.parse("2026-06-20T08:00:00Z"))) {
                week.add(p);
            }
        }
        assertThat(MECHELEN.forecast(SOLSTICE_NOON, 1, week, List.of()).get(0).expectedWh())
                .isCloseTo(1826, within(3L));
    }

    @Test
    void anImportedForecastWinsWhereItIsGiven() {
        List<QuarterProduction> week = days("2026-06-14", 2.0, 2.0, 2.0, 2.0, 2.0, 2.0, 2.0);
        var imported = List.of(new QuarterProduction(SOLSTICE_NOON, 400));

        List<SolarQuarter> forecast = MECHELEN.forecast(SOLSTICE_NOON, 2, week, imported);

        assertThat(forecast.get(0).expectedWh()).isEqualTo(400);
        assertThat(forecast.get(0).imported()).isTrue();
        assertThat(forecast.get(1).imported()).isFalse();
        assertThat(forecast.get(1).expectedWh()).isCloseTo(1826, within(5L));
    }

    @Test
    void fortyEightHoursAre192QuartersAndNoHistoryForecastsNothing() {
        Quarter first = Quarter.parse("2026-06-21T04:00:00Z");

        List<SolarQuarter> forecast = MECHELEN.forecast(first, SolarForecast.HORIZON_QUARTERS, List.of(), List.of());

        assertThat(forecast).hasSize(192);
        assertThat(forecast.get(191).quarter()).isEqualTo(Quarter.parse("2026-06-23T03:45:00Z"));
        assertThat(forecast).allMatch(q -> q.expectedWh() == 0 && q.clearSkyWh() == 0);
    }

    @Test
    void aQuarterGivenTwiceIsNamed() {
        var twice = List.of(new QuarterProduction(SOLSTICE_NOON, 1), new QuarterProduction(SOLSTICE_NOON, 2));

        assertThatThrownBy(() -> MECHELEN.forecast(SOLSTICE_NOON, 1, twice, List.of()))
                .hasMessage("recent production: quarter 2026-06-21T11:30:00Z given twice");
    }

    /** Whole UTC days from {@code first}, one per yield, each quarter producing yield × its clear-sky irradiance. */
    private static List<QuarterProduction> days(String first, double... yields) {
        var out = new ArrayList<QuarterProduction>();
        Quarter start = Quarter.parse(first + "T00:00:00Z");
        for (int d = 0; d < yields.length; d++) {
            for (int i = 0; i < 96; i++) {
                Quarter q = start.plus(96L * d + i);
                out.add(new QuarterProduction(q, Math.round(yields[d] * MECHELEN.clearSkyIrradiance(q))));
            }
        }
        return out;
    }
}
