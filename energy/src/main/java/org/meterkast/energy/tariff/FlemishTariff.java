package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The full Flemish household tariff: the supplier's contract, the distribution area whose network tariffs apply,
 * and the facts about the connection that change the bill. Prices are excl. VAT, € and €/kWh; the network tariffs
 * and levies come from {@link NetworkTariffs} and {@link Levies} by date.
 *
 * @param offtake                 the supplier's energy price for offtake
 * @param supplierFixedPerYear    the supplier's fixed fee, €/year
 * @param greenCertificatesPerKwh the supplier's green-certificate cost, €/kWh of offtake
 * @param chpPerKwh               the supplier's CHP (WKK) cost, €/kWh of offtake
 * @param injection               what the supplier pays per kWh injected (a formula may go negative); no VAT
 * @param meter                   the meter the network tariffs are charged for
 * @param inverterKw              the inverter's maximum AC power in kW, for the prosumer tariff of a reversing
 *                                meter; zero otherwise
 * @param domiciled               the offtake point is a domicile (the Energiefonds levy is then zero)
 * @param socialTariff            the household has the social tariff (no capacity tariff)
 * @param capacityRule            how months without data count in the capacity average
 * @param schedule                the location's day and night hours, for quarters not yet metered
 */
public record FlemishTariff(DistributionArea area, EnergyPrice offtake, BigDecimal supplierFixedPerYear,
                            BigDecimal greenCertificatesPerKwh, BigDecimal chpPerKwh, EnergyPrice injection,
                            MeterKind meter, BigDecimal inverterKw, boolean domiciled, boolean socialTariff,
                            CapacityRule capacityRule, DayNightSchedule schedule) implements Tariff {
    public FlemishTariff {
        Objects.requireNonNull(area, "area");
        Objects.requireNonNull(offtake, "offtake");
        Objects.requireNonNull(supplierFixedPerYear, "supplierFixedPerYear");
        Objects.requireNonNull(greenCertificatesPerKwh, "greenCertificatesPerKwh");
        Objects.requireNonNull(chpPerKwh, "chpPerKwh");
        Objects.requireNonNull(injection, "injection");
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(inverterKw, "inverterKw");
        Objects.requireNonNull(capacityRule, "capacityRule");
        Objects.requireNonNull(schedule, "schedule");
        if (meter != MeterKind.DIGITAL && (offtake instanceof EnergyPrice.Dynamic
                || injection instanceof EnergyPrice.Dynamic)) {
            throw new IllegalArgumentException("a dynamic price needs a digital meter read per quarter hour");
        }
        if (inverterKw.signum() < 0) {
            throw new IllegalArgumentException("the inverter's power cannot be negative: " + inverterKw);
        }
    }

    /** A digital-meter household at its domicile with these prices and no other supplier costs. */
    public static FlemishTariff digital(DistributionArea area, EnergyPrice offtake, EnergyPrice injection) {
        return new FlemishTariff(area, offtake, BigDecimal.ZERO, BigDecimal.ZERO, BigDecimal.ZERO, injection,
                MeterKind.DIGITAL, BigDecimal.ZERO, true, false, CapacityRule.MEAN_OF_AVAILABLE,
                DayNightSchedule.STANDARD);
    }

    public FlemishTariff withSupplierCosts(BigDecimal fixedPerYear, BigDecimal greenCertificates, BigDecimal chp) {
        return new FlemishTariff(area, offtake, fixedPerYear, greenCertificates, chp, injection, meter, inverterKw,
                domiciled, socialTariff, capacityRule, schedule);
    }

    public FlemishTariff withOfftake(EnergyPrice price) {
        return new FlemishTariff(area, price, supplierFixedPerYear, greenCertificatesPerKwh, chpPerKwh, injection,
                meter, inverterKw, domiciled, socialTariff, capacityRule, schedule);
    }

    public FlemishTariff withInjection(EnergyPrice price) {
        return new FlemishTariff(area, offtake, supplierFixedPerYear, greenCertificatesPerKwh, chpPerKwh, price,
                meter, inverterKw, domiciled, socialTariff, capacityRule, schedule);
    }

    public FlemishTariff withMeter(MeterKind kind, BigDecimal inverter) {
        return new FlemishTariff(area, offtake, supplierFixedPerYear, greenCertificatesPerKwh, chpPerKwh, injection,
                kind, inverter, domiciled, socialTariff, capacityRule, schedule);
    }

    public FlemishTariff withHousehold(boolean isDomicile, boolean hasSocialTariff, CapacityRule rule,
                                       DayNightSchedule hours) {
        return new FlemishTariff(area, offtake, supplierFixedPerYear, greenCertificatesPerKwh, chpPerKwh, injection,
                meter, inverterKw, isDomicile, hasSocialTariff, rule, hours);
    }
}
