package org.meterkast.energy.bill;

import java.time.LocalDate;

/**
 * Which days of a period were measured: a Brussels day counts as measured, whole, when at least one quarter of it
 * is stored. Fixed fees, data management, capacity and the other amounts per day are billed for measured days
 * only.
 *
 * @param days          the Brussels days the period touches
 * @param measuredDays  how many of them have at least one quarter
 * @param firstMeasured the first measured day; null when none was
 * @param lastMeasured  the last measured day; null when none was
 */
public record Coverage(int days, int measuredDays, LocalDate firstMeasured, LocalDate lastMeasured) {
    /** Whether nothing at all was measured in the period: it then has no bill. */
    public boolean noData() {
        return measuredDays == 0;
    }
}
