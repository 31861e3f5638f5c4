package org.meterkast.energy.tariff;

/** The day-ahead index a dynamic formula follows. */
public enum PriceIndex {
    /** the quarter-hour index ("eSpot_15", "Belpex15'", "Epex 15'") */
    QUARTER_HOUR,
    /** the hourly index ("Belpex-H"), the mean of the hour's four quarters */
    HOURLY
}
