package org.meterkast.energy.advice;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.fluvius.FluviusCsvParser;
import org.meterkast.energy.fluvius.FluviusExport;
import org.meterkast.energy.tariff.CapacityRule;

/**
 * The advice on a real Mijn Fluvius quarter-hour export (12 to 31 October 2021, with the 25-hour day; provenance in
 * {@code src/test/resources/fluvius/SOURCES.md}): a meter without injection, so without solar. The expected figures
 * were computed apart from the code, with a few lines of Python over the CSV's local times and volumes: 1,924
 * quarters, 18,192 Wh bought, nothing injected; 324 night quarters (20 nights × 16, plus the repeated 02:00 hour
 * of 31 October), of which more than a tenth are empty; 160 Wh from 17:00 to 21:45; the highest quarters 22 October
 * 13:15 (253 Wh, 1,012 W), 13:30 (252 Wh, 1,008 W) and 21 October 08:00 (241 Wh, 964 W).
 */
class FluviusExportAdviceTest {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    static final YearMonth OCTOBER = YearMonth.of(2021, 10);

    static List<QuarterFlow> flows() throws IOException {
        String name = "/fluvius/Verbruikshistoriek_elektriciteit_123456789123456789_20211012_20240929_kwartiertotalen.csv";
        try (InputStream in = FluviusExportAdviceTest.class.getResourceAsStream(name)) {
            FluviusExport export = FluviusCsvParser.parse(Objects.requireNonNull(in, name));
            return export.quarters().stream().map(q -> QuarterFlow.ofMeter(q.quarter().start(),
                    q.energy().imported(), q.energy().exported())).toList();
        }
    }

    @Test
    void aMeterWithoutSolarGetsItsOwnFigures() throws IOException {
        List<QuarterFlow> flows = flows();
        assertThat(flows).hasSize(1924);

        SelfConsumption sc = SelfConsumption.of(OCTOBER, BRUSSELS, flows);
        assertThat(sc.key()).isEqualTo(SelfConsumption.KEY_NO_SOLAR);
        assertThat(sc.ratio()).isNull();
        assertThat(sc.coverage().days()).isEqualTo(31);
        assertThat(sc.coverage().measuredDays()).isEqualTo(20);
        assertThat(sc.coverage().firstMeasured()).isEqualTo(LocalDate.of(2021, 10, 12));

        SelfSufficiency ss = SelfSufficiency.of(OCTOBER, BRUSSELS, flows);
        assertThat(ss.key()).isEqualTo(SelfSufficiency.KEY_NO_SOLAR);
        assertThat(ss.consumedWh()).isEqualTo(18192);
        assertThat(ss.ratio()).isEqualByComparingTo("0");

        // rank ⌈0.1 × 324⌉ = 33 of the sorted night quarters is still an empty one
        BaseLoad base = BaseLoad.of(OCTOBER, BRUSSELS, flows);
        assertThat(base.key()).isEqualTo(BaseLoad.KEY_FIRST);
        assertThat(base.nightQuarters()).isEqualTo(324);
        assertThat(base.watts()).isZero();
        assertThat(base.lastMonthWatts()).isNull();

        // 160 ÷ 18192 = 0.00880
        EveningPeak evening = EveningPeak.of(OCTOBER, BRUSSELS, flows);
        assertThat(evening.eveningWh()).isEqualTo(160);
        assertThat(evening.consumedWh()).isEqualTo(18192);
        assertThat(evening.share()).isEqualTo(new BigDecimal("0.0088"));
        assertThat(evening.key()).isEqualTo(EveningPeak.KEY_NORMAL);

        // under 2.5 kW: the month counts the minimum whatever its peak
        CapacityPeaks peaks = CapacityPeaks.of(OCTOBER, BRUSSELS, flows, Map.of(), CapacityRule.MEAN_OF_AVAILABLE,
                new BigDecimal("53.00"));
        assertThat(peaks.key()).isEqualTo(CapacityPeaks.KEY_MINIMUM);
        assertThat(peaks.top()).containsExactly(
                new CapacityPeaks.Peak(Instant.parse("2021-10-22T11:15:00Z"), 1012),
                new CapacityPeaks.Peak(Instant.parse("2021-10-22T11:30:00Z"), 1008),
                new CapacityPeaks.Peak(Instant.parse("2021-10-21T06:00:00Z"), 964));
        assertThat(peaks.averageKw()).isEqualByComparingTo("2.5");
        assertThat(peaks.saving()).isEqualByComparingTo("0");

        SurplusHours surplus = SurplusHours.of(LocalDate.of(2021, 10, 31), BRUSSELS, flows, FlexibleAppliance.table(),
                null, null);
        assertThat(surplus.key()).isEqualTo(SurplusHours.KEY_NO_SOLAR);
        assertThat(surplus.coverage().measuredDays()).isEqualTo(20);
    }
}
