package org.meterkast.server.smartcharging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import org.meterkast.energy.smartcharging.SmartChargingProgramme;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.format.annotation.DateTimeFormat;

/**
 * The smart-charging programme's terms, {@code meterkast.smart-charging.*}; the defaults are Luminus' Smart Charging
 * conditions ({@link SmartChargingProgramme#LUMINUS}, docs/SMART-CHARGING.md). Checked when bound, so a wrong value
 * stops the start with the property's name.
 *
 * @param smartPricePerKwh         € per kWh charged smartly (art. 3)
 * @param monthlyFee               € per month, capped at the month's discount (art. 3)
 * @param pricesIncludeVat         whether those two figures include VAT
 * @param lastDay                  the programme's last day, inclusive (art. 5)
 * @param maxNormalChargingPercent the highest "normal charging" level (art. 4)
 * @param minTargetPercent         the lowest target (art. 4)
 * @param quarterHourMetering      whether SMR-3 quarter-hour metering is required (art. 4 (iv))
 * @param meteringGrace            how long after enrolling it may still be missing (art. 4 (iv), 5 (v))
 * @param excludesSocialTariff     whether the social tariff is refused (art. 4 (ii))
 * @param needsSupplyContract      whether the supplier's electricity contract as a consumer is required (art. 4 (i))
 * @param exclusiveApp             whether no other app may steer the charging (art. 4 (v))
 * @param homeChargerOnly          whether the address needs a charger of its own (art. 2, 3)
 */
@ConfigurationProperties("meterkast.smart-charging")
record SmartChargingSettings(@DefaultValue("0.085") BigDecimal smartPricePerKwh,
                             @DefaultValue("2.50") BigDecimal monthlyFee,
                             @DefaultValue("true") boolean pricesIncludeVat,
                             @DefaultValue("2026-06-30") @DateTimeFormat(iso = DateTimeFormat.ISO.DATE)
                             LocalDate lastDay,
                             @DefaultValue("30") int maxNormalChargingPercent,
                             @DefaultValue("80") int minTargetPercent,
                             @DefaultValue("true") boolean quarterHourMetering,
                             @DefaultValue("P1M") Period meteringGrace,
                             @DefaultValue("true") boolean excludesSocialTariff,
                             @DefaultValue("true") boolean needsSupplyContract,
                             @DefaultValue("true") boolean exclusiveApp,
                             @DefaultValue("true") boolean homeChargerOnly) {
    static final String PREFIX = "meterkast.smart-charging.";

    SmartChargingSettings {
        if (smartPricePerKwh.signum() < 0) {
            throw new IllegalArgumentException(PREFIX + "smart-price-per-kwh cannot be negative: " + smartPricePerKwh);
        }
        if (monthlyFee.signum() < 0) {
            throw new IllegalArgumentException(PREFIX + "monthly-fee cannot be negative: " + monthlyFee);
        }
        if (maxNormalChargingPercent < 0 || maxNormalChargingPercent > 100) {
            throw new IllegalArgumentException(PREFIX + "max-normal-charging-percent must be 0 to 100, not "
                    + maxNormalChargingPercent);
        }
        if (minTargetPercent < 0 || minTargetPercent > 100) {
            throw new IllegalArgumentException(PREFIX + "min-target-percent must be 0 to 100, not " + minTargetPercent);
        }
        if (meteringGrace.isNegative()) {
            throw new IllegalArgumentException(PREFIX + "metering-grace cannot be negative: " + meteringGrace);
        }
    }

    SmartChargingProgramme programme() {
        return new SmartChargingProgramme(smartPricePerKwh, monthlyFee, pricesIncludeVat, lastDay,
                maxNormalChargingPercent, minTargetPercent, quarterHourMetering, meteringGrace, excludesSocialTariff,
                needsSupplyContract, exclusiveApp, homeChargerOnly);
    }
}
