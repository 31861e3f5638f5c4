package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Tariff;

class YearTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    @Test
    void aYearOnTheFastPathLooksLikeAFlemishHousehold() {
        Household household = new Household(HouseholdSettings.defaults(1));
        Instant from = LocalDate.of(2025, 1, 1).atStartOfDay(BRUSSELS).toInstant();
        Instant to = LocalDate.of(2026, 1, 1).atStartOfDay(BRUSSELS).toInstant();
        SimulatedMeter meter = new SimulatedMeter(household, from);
        long t0 = System.nanoTime();
        List<QuarterEnergy> quarters = meter.quarterEnergies(to, Duration.ofSeconds(60));
        long ms = (System.nanoTime() - t0) / 1_000_000;

        long importKwh = sum(quarters, QuarterEnergy::importedWh) / 1_000;
        long exportKwh = sum(quarters, QuarterEnergy::exportedWh) / 1_000;
        long solarKwh = sum(quarters, QuarterEnergy::solarWh) / 1_000;
        long gasM3 = sum(quarters, QuarterEnergy::gasLitres) / 1_000;
        long waterM3 = sum(quarters, QuarterEnergy::waterLitres) / 1_000;
        long nightImportKwh = quarters.stream().filter(q -> q.tariff() == Tariff.NIGHT)
                .mapToLong(QuarterEnergy::importedWh).sum() / 1_000;
        System.out.printf("a year in 60 s steps: %d ms; import %d kWh (night %d), export %d kWh, solar %d kWh"
                + " (%d kWh/kWp), gas %d m3, water %d m3%n", ms, importKwh, nightImportKwh, exportKwh, solarKwh,
                solarKwh * 1_000 / 4_500, gasM3, waterM3);

        assertThat(quarters).hasSize(365 * 96);
        assertThat(importKwh).isBetween(2_500L, 5_000L);
        assertThat(nightImportKwh).isBetween(importKwh * 35 / 100, importKwh * 75 / 100);
        assertThat(exportKwh).isBetween(1_500L, 4_500L);
        assertThat(solarKwh * 1_000 / 4_500).isBetween(850L, 1_000L);
        assertThat(gasM3).isBetween(800L, 2_000L);
        assertThat(waterM3).isBetween(90L, 130L);
        assertThat(sum(quarters, QuarterEnergy::importedWh)).isEqualTo(meter.registers().importedWh());
        assertThat(sum(quarters, QuarterEnergy::waterLitres)).isEqualTo(meter.registers().waterLitres());
        assertThat(meter.peakHistory()).hasSize(12);
        assertThat(ms).isLessThan(20_000);
    }

    private static long sum(List<QuarterEnergy> quarters, java.util.function.ToLongFunction<QuarterEnergy> f) {
        return quarters.stream().mapToLong(f).sum();
    }
}
