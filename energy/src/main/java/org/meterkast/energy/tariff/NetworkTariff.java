package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.Objects;

/**
 * Fluvius' household network tariffs of one distribution area from a date, excl. VAT.
 *
 * @param capacityPerKwYear       the capacity tariff, €/kW/year on the rolling average of the monthly peaks
 * @param perKwh                  the kWh tariff on offtake (single and dual-rate meters), €/kWh
 * @param exclusiveNightPerKwh    the kWh tariff of an exclusive-night circuit, €/kWh
 * @param dataManagementPerYear   the data-management fee, €/year per EAN
 * @param maximumPerKwh           the maximum tariff: capacity plus kWh tariff never exceed this × offtake; null when
 *                                not published
 * @param prosumerPerKwYear       the prosumer tariff of a reversing meter, €/kW of inverter power per year
 * @param analoguePerKwh          the kWh tariff of a classic meter, €/kWh; null when not published
 */
public record NetworkTariff(DistributionArea area, LocalDate validFrom, BigDecimal capacityPerKwYear,
                            BigDecimal perKwh, BigDecimal exclusiveNightPerKwh, BigDecimal dataManagementPerYear,
                            BigDecimal maximumPerKwh, BigDecimal prosumerPerKwYear, BigDecimal analoguePerKwh) {
    public NetworkTariff {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(capacityPerKwYear, "capacityPerKwYear");
        Objects.requireNonNull(perKwh, "perKwh");
        Objects.requireNonNull(exclusiveNightPerKwh, "exclusiveNightPerKwh");
        Objects.requireNonNull(dataManagementPerYear, "dataManagementPerYear");
        Objects.requireNonNull(prosumerPerKwYear, "prosumerPerKwYear");
    }
}
