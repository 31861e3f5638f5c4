package org.meterkast.energy.smartcharging;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.Objects;

/**
 * The terms of a smart-charging discount, every figure and condition configurable; {@link #LUMINUS} holds those of
 * Luminus' Smart Charging conditions. Article numbers below are those conditions'. A dynamic supply tariff is always
 * refused (art. 4 (ii): "n'est pas un tarif dynamique"): its price per quarter is no tariff a fixed discount is
 * measured against.
 *
 * @param smartPricePerKwh          what a kWh charged smartly costs, € (art. 3: "la Recharge intelligente […] à 8,5
 *                                  c€/kWh"); the discount per kWh is the supply tariff's energy price less this
 * @param monthlyFee                the monthly fee, € (art. 3: "La redevance mensuelle […] s'élève à €2,5"), taken from
 *                                  the month's discount and never more than it
 * @param pricesIncludeVat          whether the two amounts above include VAT. A price offered to a consumer in Belgium
 *                                  is stated with VAT (Code de droit économique, art. VI.4), and the conditions address
 *                                  consumers (art. 4 (i)), so Luminus' figures are taken as incl. VAT
 * @param lastDay                   the last day the discount applies, inclusive (art. 5: "jusqu'au 30/06/2026 inclus")
 * @param maxNormalChargingPercent  the highest "normal charging" level a smart session may set (art. 4: "la
 *                                  « recharge normale » […] sur 30% maximum")
 * @param minTargetPercent          the lowest target a smart session may set (art. 4: "jusqu'à au moins 80%")
 * @param quarterHourMetering       whether the meter must be read per quarter hour, SMR-3 (art. 4 (iv))
 * @param meteringGrace             how long after the enrolment quarter-hour metering may still be missing (art. 4
 *                                  (iv): "dans le mois suivant la confirmation"; art. 5 (v))
 * @param excludesSocialTariff      whether the social tariff is refused (art. 4 (ii))
 * @param needsSupplyContract       whether the household must have the supplier's electricity contract as a consumer
 *                                  (art. 4 (i))
 * @param exclusiveApp              whether only this app may steer the smart charging (art. 4 (v))
 * @param homeChargerOnly           whether only a charger at the supply address counts (art. 2, "Borne de recharge à
 *                                  domicile"; art. 3, "sur une Borne de recharge à domicile")
 */
public record SmartChargingProgramme(BigDecimal smartPricePerKwh, BigDecimal monthlyFee, boolean pricesIncludeVat,
                                     LocalDate lastDay, int maxNormalChargingPercent, int minTargetPercent,
                                     boolean quarterHourMetering, Period meteringGrace, boolean excludesSocialTariff,
                                     boolean needsSupplyContract, boolean exclusiveApp, boolean homeChargerOnly) {
    /** The programme's dates, months, day and night are Brussels'. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Brussels");

    /** Luminus Smart Charging as its conditions set it (the version ending on 30/06/2026). */
    public static final SmartChargingProgramme LUMINUS = new SmartChargingProgramme(new BigDecimal("0.085"),
            new BigDecimal("2.50"), true, LocalDate.of(2026, 6, 30), 30, 80, true, Period.ofMonths(1), true, true,
            true, true);

    public SmartChargingProgramme {
        Objects.requireNonNull(smartPricePerKwh, "smartPricePerKwh");
        Objects.requireNonNull(monthlyFee, "monthlyFee");
        Objects.requireNonNull(lastDay, "lastDay");
        Objects.requireNonNull(meteringGrace, "meteringGrace");
        if (smartPricePerKwh.signum() < 0) {
            throw new IllegalArgumentException("the smart-charging price cannot be negative: " + smartPricePerKwh
                    + " €/kWh");
        }
        if (monthlyFee.signum() < 0) {
            throw new IllegalArgumentException("the monthly fee cannot be negative: € " + monthlyFee);
        }
        if (maxNormalChargingPercent < 0 || maxNormalChargingPercent > 100) {
            throw new IllegalArgumentException("the highest normal-charging level must be 0 to 100 %, not "
                    + maxNormalChargingPercent);
        }
        if (minTargetPercent < 0 || minTargetPercent > 100) {
            throw new IllegalArgumentException("the lowest target must be 0 to 100 %, not " + minTargetPercent);
        }
        if (meteringGrace.isNegative()) {
            throw new IllegalArgumentException("the grace for quarter-hour metering cannot be negative: "
                    + meteringGrace);
        }
    }
}
