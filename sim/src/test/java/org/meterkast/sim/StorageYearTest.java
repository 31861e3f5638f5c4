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

        // the same sun over both runs
        assertThat(with.solarWh()).isEqualTo(without.solarWh()).isPositive();
        assertThat(with.capacityEuros()).isLessThanOrEqualTo(without.capacityEuros());
        assertThat(with.bill().totalInclVat()).isLessThanOrEqualTo(without.bill().totalInclVat());
        // comfort and hygiene kept: the water never colder than on the timer, 60 °C at least once a week
        assertThat(with.coldestC()).isGreaterThanOrEqualTo(without.coldestC());
        assertThat(with.legionellaGapDays()).isLessThanOrEqualTo(7.0);
        // the relay is spared: on average not more than once an hour
        assertThat(with.boilerSwitches()).isLessThanOrEqualTo(24L * days);
    }
}
