package org.meterkast.server.tariff;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import java.util.Locale;
import org.meterkast.energy.tariff.CapacityRule;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.DistributionArea;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.GasTariff;
import org.meterkast.energy.tariff.MeterKind;
import org.meterkast.energy.tariff.SimpleTariff;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.server.web.BadParameterException;

/**
 * A tariff as the API takes, stores and shows it: {@code {"form":"simple","purchase":0.30,"injection":0.05}}, all-in
 * prices in €/kWh as in the iLusmart app, or {@code {"form":"flemish","area":"IMEWO","offtake":{…},"injection":{…},
 * …}}, the full Flemish bill with supplier prices excl. VAT. Fields left out take the usual household's value.
 * Either form may carry an optional {@code "gas": {"perKwh": 0.06, "fixedPerYear": 90}} (excl. VAT); without it gas
 * is left off the bill.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "form")
@JsonSubTypes({@JsonSubTypes.Type(value = TariffForm.Simple.class, name = "simple"),
    @JsonSubTypes.Type(value = TariffForm.Flemish.class, name = "flemish")})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface TariffForm {

    /** The domain tariff; a missing or implausible field is a {@link BadParameterException} naming it. */
    Tariff toTariff();

    /** The gas contract, or null. */
    GasForm gas();

    /** The gas tariff, checked; null without one. */
    default GasTariff gasTariff() {
        return gas() == null ? null : gas().toGas();
    }

    static TariffForm of(Tariff tariff) {
        return of(tariff, null);
    }

    static TariffForm of(Tariff tariff, GasTariff gasTariff) {
        GasForm gas = gasTariff == null ? null : new GasForm(gasTariff.perKwh(), gasTariff.fixedPerYear());
        if (tariff instanceof SimpleTariff s) {
            return new Simple(s.purchasePerKwh(), s.injectionPerKwh(), s.area(), gas);
        }
        FlemishTariff f = (FlemishTariff) tariff;
        return new Flemish(f.area(), PriceForm.of(f.offtake()), PriceForm.of(f.injection()), f.supplierFixedPerYear(),
                f.greenCertificatesPerKwh(), f.chpPerKwh(), f.meter(), f.inverterKw(), f.domiciled(),
                f.socialTariff(), f.capacityRule(),
                f.schedule().equals(DayNightSchedule.EARLY) ? "early" : "standard", gas);
    }

    /**
     * Gas: one price per kWh, network and levies included, and the fixed fees per year, both excl. VAT.
     *
     * @param perKwh       € per kWh of gas
     * @param fixedPerYear € per year, counted per day with gas measured; 0 when left out
     */
    record GasForm(BigDecimal perKwh, BigDecimal fixedPerYear) {
        GasTariff toGas() {
            BigDecimal price = TariffForm.perKwh(perKwh, "tariff.gas.perKwh");
            if (price.signum() < 0) {
                throw new BadParameterException("tariff.gas.perKwh", "error.tariff.negative-gas", "tariff.gas.perKwh",
                        price.toPlainString());
            }
            return new GasTariff(price, money(fixedPerYear, "tariff.gas.fixedPerYear"));
        }
    }

    /**
     * All-in prices in €/kWh: what a kWh taken costs and what a kWh injected earns; with the address's network
     * {@code area}, the bill adds that area's capacity tariff, which no price per kWh holds.
     */
    record Simple(BigDecimal purchase, BigDecimal injection, DistributionArea area, GasForm gas)
            implements TariffForm {
        Simple(BigDecimal purchase, BigDecimal injection) {
            this(purchase, injection, null, null);
        }

        @Override
        public Tariff toTariff() {
            return new SimpleTariff(perKwh(purchase, "tariff.purchase"),
                    injectionPrice(injection == null ? BigDecimal.ZERO : injection, "tariff.injection"), area);
        }
    }

    /**
     * The full Flemish tariff.
     *
     * @param schedule "standard" (day 07:00–22:00 on weekdays) or "early" (06:00–21:00)
     */
    record Flemish(DistributionArea area, PriceForm offtake, PriceForm injection, BigDecimal fixedPerYear,
                   BigDecimal greenCertificates, BigDecimal chp, MeterKind meter, BigDecimal inverterKw,
                   Boolean domiciled, Boolean socialTariff, CapacityRule capacityRule, String schedule, GasForm gas)
            implements TariffForm {
        @Override
        public Tariff toTariff() {
            required(area, "tariff.area");
            required(offtake, "tariff.offtake");
            DayNightSchedule hours = switch (schedule == null ? "standard" : schedule.toLowerCase(Locale.ROOT)) {
                case "standard" -> DayNightSchedule.STANDARD;
                case "early" -> DayNightSchedule.EARLY;
                default -> throw new BadParameterException("tariff.schedule", "error.parameter.not-one-of",
                        "tariff.schedule", schedule, "[standard, early]");
            };
            MeterKind kind = meter == null ? MeterKind.DIGITAL : meter;
            BigDecimal inverter = inverterKw == null ? BigDecimal.ZERO : inverterKw;
            if (inverter.signum() < 0 || inverter.compareTo(BigDecimal.valueOf(100)) > 0) {
                throw new BadParameterException("tariff.inverterKw", "error.tariff.inverter", inverter.toPlainString());
            }
            if (kind != MeterKind.DIGITAL && (offtake instanceof PriceForm.Dynamic
                    || injection instanceof PriceForm.Dynamic)) {
                throw new BadParameterException("tariff.meter", "error.tariff.dynamic-needs-digital", kind.name());
            }
            return new FlemishTariff(area, offtake.toPrice("tariff.offtake"),
                    money(fixedPerYear, "tariff.fixedPerYear"),
                    perKwh(greenCertificates == null ? BigDecimal.ZERO : greenCertificates, "tariff.greenCertificates"),
                    perKwh(chp == null ? BigDecimal.ZERO : chp, "tariff.chp"),
                    injection == null ? new org.meterkast.energy.tariff.EnergyPrice.Single(BigDecimal.ZERO)
                            : injection.toInjection("tariff.injection"),
                    kind, inverter, domiciled == null || domiciled, socialTariff != null && socialTariff,
                    capacityRule == null ? CapacityRule.MEAN_OF_AVAILABLE : capacityRule, hours);
        }
    }

    static <T> T required(T value, String field) {
        if (value == null) {
            throw new BadParameterException(field, "error.tariff.missing", field);
        }
        return value;
    }

    static BigDecimal perKwh(BigDecimal value, String field) {
        required(value, field);
        if (value.abs().compareTo(PriceForm.LIMIT) > 0) {
            throw new BadParameterException(field, "error.tariff.implausible", field, value.toPlainString(),
                    PriceForm.LIMIT.toPlainString());
        }
        return value;
    }

    /** A fixed injection price: what a kWh injected earns, never below zero (only a dynamic formula can be). */
    static BigDecimal injectionPrice(BigDecimal value, String field) {
        perKwh(value, field);
        if (value.signum() < 0) {
            throw new BadParameterException(field, "error.tariff.negative-injection", field, value.toPlainString());
        }
        return value;
    }

    private static BigDecimal money(BigDecimal value, String field) {
        if (value == null) {
            return BigDecimal.ZERO;
        }
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(10_000)) > 0) {
            throw new BadParameterException(field, "error.tariff.fee", field, value.toPlainString());
        }
        return value;
    }
}
