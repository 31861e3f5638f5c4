package org.meterkast.energy.fluvius;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class FluviusCsvWriterTest {
    @Test
    void theMarchFixtureIsWhatTheWriterWrites() throws IOException {
        byte[] written = FluviusCsvWriter.electricity("541448820050357909", "1SAG3200193141",
                LocalDate.of(2025, 3, 29), LocalDate.of(2025, 3, 31), FluviusCsvWriter.syntheticHousehold(2025));

        assertThat(written).isEqualTo(FluviusCsvParserTest.fixture(FluviusCsvParserTest.MARCH_2025));
    }

    @Test
    void whatIsWrittenIsReadBackQuarterForQuarter() {
        var household = FluviusCsvWriter.syntheticHousehold(7);
        byte[] file = FluviusCsvWriter.electricity("541448820050357909", "1SAG1", LocalDate.of(2024, 10, 1),
                LocalDate.of(2025, 3, 31), household);

        FluviusExport export = FluviusCsvParser.parse(file);
        assertThat(export.missing()).isZero();
        assertThat(export.quarters()).isNotEmpty().allSatisfy(q -> assertThat(q).isEqualTo(household.apply(q.quarter())));
        assertThat(export.estimates()).isPositive();
    }

    @Test
    void aMissingQuarterIsWrittenAsGeenGegevensAndReadAsAGap() {
        Instant hole = Instant.parse("2025-06-01T10:00:00Z");
        var household = FluviusCsvWriter.syntheticHousehold(3);
        byte[] file = FluviusCsvWriter.electricity("541448820050357909", "1SAG1", LocalDate.of(2025, 6, 1),
                LocalDate.of(2025, 6, 1), q -> q.start().equals(hole) ? null : household.apply(q));

        FluviusExport export = FluviusCsvParser.parse(file);
        assertThat(export.quarters()).hasSize(95).noneMatch(q -> q.quarter().start().equals(hole));
        assertThat(export.gaps()).containsExactly(new FluviusGap(hole, hole.plusSeconds(900)));
    }

    @Test
    void gasIsReadBackHourForHour() {
        byte[] file = FluviusCsvWriter.gas("541448820050357909", "7FLO1", LocalDate.of(2025, 10, 25),
                LocalDate.of(2025, 10, 27), t -> new FluviusGasHour(t, t.getEpochSecond() % 997,
                        t.getEpochSecond() % 997 * 114 / 10, false, CalorificValue.PROVISIONAL));

        FluviusExport export = FluviusCsvParser.parse(file);
        // 18 hours of the 25th from 06:00, 25 on the 26th (clocks go back), 24 on the 27th
        assertThat(export.gasHours()).hasSize(18 + 25 + 24);
        assertThat(export.gaps()).isEmpty();
        assertThat(export.gasHours()).allSatisfy(h -> {
            assertThat(h.litres()).isEqualTo(h.start().getEpochSecond() % 997);
            assertThat(h.calorific()).isEqualTo(CalorificValue.PROVISIONAL);
        });
        assertThat(export.quarters()).isEmpty();
    }
}
