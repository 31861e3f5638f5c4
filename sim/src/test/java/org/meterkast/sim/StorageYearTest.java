package org.meterkast.sim;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Four winter and four summer weeks of the demo household, with and without control, on the simulated physics and
 * the real bill: the peak guard lowers the capacity tariff and control never raises the bill.
 */
class StorageYearTest {
    @ParameterizedTest(name = "{0}, {1} days")
    @CsvSource({"2026-01-05, 28", "2026-06-01, 28"})
    void controlLowersTheCapacityCostAndNeverRaisesTheBill(LocalDate from, int days) {
        var year = new StorageYear(from, days, 10);

        StorageYear.Run without = year.withoutControl();
        StorageYear.Run with = year.withControl();

        System.out.printf("%s: without %s peaks %s capacity %s bill %s sc %.3f ss %.3f cold %.1f gap %.1f%n", from,
                without.importWh(), without.monthPeaksW(), without.capacityEuros(), without.bill().totalInclVat(),
                without.selfConsumption(), without.selfSufficiency(), without.coldestC(), without.legionellaGapDays());
        System.out.printf("%s: with    %s peaks %s capacity %s bill %s sc %.3f ss %.3f cold %.1f gap %.1f%n", from,
                with.importWh(), with.monthPeaksW(), with.capacityEuros(), with.bill().totalInclVat(),
                with.selfConsumption(), with.selfSufficiency(), with.coldestC(), with.legionellaGapDays());
        // the same sun over both runs
        assertThat(with.solarWh()).isEqualTo(without.solarWh()).isPositive();
        assertThat(with.capacityEuros()).isLessThanOrEqualTo(without.capacityEuros());
        assertThat(with.bill().totalInclVat()).isLessThanOrEqualTo(without.bill().totalInclVat());
        // comfort and hygiene kept: the water never colder than on the timer, 60 °C at least every 8 days
        assertThat(with.coldestC()).isGreaterThanOrEqualTo(without.coldestC());
        assertThat(with.legionellaGapDays()).isLessThanOrEqualTo(8.0);
    }
}
