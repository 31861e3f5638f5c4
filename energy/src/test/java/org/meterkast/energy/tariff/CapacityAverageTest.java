package org.meterkast.energy.tariff;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;

class CapacityAverageTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** The Wikibooks worked example's monthly peaks in kW, February 2025 to January 2026. */
    private static final long[] PEAKS_W = {632, 4600, 0, 1028, 3444, 4164, 4564, 6000, 9200, 5000, 4120, 4880};

    private static Map<YearMonth, Long> example() {
        var peaks = new HashMap<YearMonth, Long>();
        for (int i = 0; i < PEAKS_W.length; i++) {
            peaks.put(YearMonth.of(2025, 2).plusMonths(i), PEAKS_W[i]);
        }
        return peaks;
    }

    @Test
    void theWorkedExampleFloorsEachMonthAndAveragesTo4456Watts() {
        CapacityAverage average = CapacityAverage.of(YearMonth.of(2026, 1), example(), CapacityRule.MEAN_OF_AVAILABLE);

        assertThat(average.kilowatts()).isEqualByComparingTo("4.456");
        assertThat(average.monthsKnown()).isEqualTo(12);
        assertThat(average.floored()).containsExactly(2500L, 4600L, 2500L, 2500L, 3444L, 4164L, 4564L, 6000L, 9200L,
                5000L, 4120L, 4880L);
    }

    @Test
    void atImewo2026ThatIs24152EurosAYearExclVat() {
        BigDecimal tariff = NetworkTariffs.shipped().inForce(DistributionArea.IMEWO, java.time.LocalDate.of(2026, 5, 1))
                .capacityPerKwYear();
        BigDecimal kw = CapacityAverage.of(YearMonth.of(2026, 1), example(), CapacityRule.MEAN_OF_AVAILABLE)
                .kilowatts();

        assertThat(tariff).isEqualByComparingTo("54.2009816");
        assertThat(kw.multiply(tariff).setScale(2, RoundingMode.HALF_UP)).isEqualByComparingTo("241.52");
    }

    @Test
    void withFewerThanTwelveMonthsTheRuleDecides() {
        Map<YearMonth, Long> peaks = Map.of(YearMonth.of(2026, 1), 5000L, YearMonth.of(2026, 2), 1000L);

        CapacityAverage mean = CapacityAverage.of(YearMonth.of(2026, 2), peaks, CapacityRule.MEAN_OF_AVAILABLE);
        CapacityAverage filled = CapacityAverage.of(YearMonth.of(2026, 2), peaks, CapacityRule.FILL_WITH_MINIMUM);

        assertThat(mean.kilowatts()).isEqualByComparingTo("3.75");       // (5 + 2.5) / 2
        assertThat(mean.monthsKnown()).isEqualTo(2);
        assertThat(filled.kilowatts()).isEqualByComparingTo("2.708");    // (5 + 2.5 + 10 × 2.5) / 12 = 2.7083…
        assertThat(CapacityAverage.of(YearMonth.of(2026, 2), Map.of(), CapacityRule.MEAN_OF_AVAILABLE).kilowatts())
                .isEqualByComparingTo("2.5");
    }

    @Test
    void aMonthsPeakIsItsHighestOfftakeQuarterCountedInTheLocalMonthItStartsIn() {
        // 2026-01-31T23:00Z is 1 February 00:00 in Brussels: it counts for February
        List<ClosedQuarter> quarters = List.of(
                quarter("2026-01-31T22:45:00Z", 900, 0),
                quarter("2026-01-31T23:00:00Z", 1200, 0),
                quarter("2026-01-15T18:00:00Z", 800, 5000),
                quarter("2026-01-20T18:00:00Z", 900, 0));

        var peaks = MonthlyPeaks.of(quarters, BRUSSELS);

        assertThat(peaks.get(YearMonth.of(2026, 1))).isEqualTo(new MonthPeak(YearMonth.of(2026, 1), 3600,
                Instant.parse("2026-01-31T22:45:00Z")));
        assertThat(peaks.get(YearMonth.of(2026, 2)).watts()).isEqualTo(4800);
    }

    private static ClosedQuarter quarter(String start, long importWh, long exportWh) {
        return new ClosedQuarter(Quarter.parse(start), 0, new QuarterEnergy(importWh, 0, exportWh, 0), false);
    }
}
