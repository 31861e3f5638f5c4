package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A gas contract in its simplest form: one price per kWh with network tariffs and levies included, and a fixed fee
 * per year, both excl. VAT. The bill adds VAT at the levy set's rate (6 % for a household since April 2023).
 *
 * @param perKwh       € per kWh of gas (upper calorific value), excl. VAT
 * @param fixedPerYear the supplier's and network's fixed fees for gas, € per year excl. VAT, counted per day
 */
public record GasTariff(BigDecimal perKwh, BigDecimal fixedPerYear) {
    /** P1's gas meter counts m³ only: its energy is taken at this many Wh per litre (kWh per m³). */
    public static final BigDecimal WH_PER_LITRE = new BigDecimal("11.3");

    public GasTariff {
        Objects.requireNonNull(perKwh, "perKwh");
        Objects.requireNonNull(fixedPerYear, "fixedPerYear");
    }

    /**
     * An hour's gas energy in Wh: Fluvius' own kWh when it gave them ({@code fluviusWh} ≥ 0), otherwise the litres
     * × {@link #WH_PER_LITRE}, rounded half up to the Wh. Rounded per hour, so that the sums of days, months and
     * years add up exactly.
     */
    public static long wattHours(long litres, long fluviusWh) {
        if (fluviusWh >= 0) {
            return fluviusWh;
        }
        return (litres * 113 + 5) / 10;
    }
}
