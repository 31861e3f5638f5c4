package org.meterkast.server.tariff;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.math.BigDecimal;
import org.meterkast.energy.tariff.EnergyPrice;
import org.meterkast.energy.tariff.PriceIndex;

/**
 * An energy price as the API takes and shows it, in €/kWh: {@code {"type":"single","price":0.30}},
 * {@code {"type":"dayNight","day":0.32,"night":0.25}} or {@code {"type":"dynamic","index":"QUARTER_HOUR",
 * "factor":0.001039,"offset":0.008702}} (factor × index in €/MWh + offset).
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({@JsonSubTypes.Type(value = PriceForm.Single.class, name = "single"),
    @JsonSubTypes.Type(value = PriceForm.DayNight.class, name = "dayNight"),
    @JsonSubTypes.Type(value = PriceForm.Dynamic.class, name = "dynamic")})
public sealed interface PriceForm {
    /** The plausible range of a price per kWh: a typo of 30 for 0.30 is caught. */
    BigDecimal LIMIT = new BigDecimal("5");

    EnergyPrice toPrice(String field);

    /** As an injection price: a fixed price must not be negative; a dynamic formula may go below zero. */
    default EnergyPrice toInjection(String field) {
        if (this instanceof Single s && s.price() != null) {
            TariffForm.injectionPrice(s.price(), field + ".price");
        }
        if (this instanceof DayNight d) {
            if (d.day() != null) {
                TariffForm.injectionPrice(d.day(), field + ".day");
            }
            if (d.night() != null) {
                TariffForm.injectionPrice(d.night(), field + ".night");
            }
        }
        return toPrice(field);
    }

    static PriceForm of(EnergyPrice price) {
        if (price instanceof EnergyPrice.Single s) {
            return new Single(s.perKwh());
        }
        if (price instanceof EnergyPrice.DayAndNight d) {
            return new DayNight(d.dayPerKwh(), d.nightPerKwh());
        }
        EnergyPrice.Dynamic d = (EnergyPrice.Dynamic) price;
        return new Dynamic(d.index(), d.factor(), d.offset());
    }

    record Single(BigDecimal price) implements PriceForm {
        @Override
        public EnergyPrice toPrice(String field) {
            return new EnergyPrice.Single(TariffForm.perKwh(price, field + ".price"));
        }
    }

    record DayNight(BigDecimal day, BigDecimal night) implements PriceForm {
        @Override
        public EnergyPrice toPrice(String field) {
            return new EnergyPrice.DayAndNight(TariffForm.perKwh(day, field + ".day"),
                    TariffForm.perKwh(night, field + ".night"));
        }
    }

    record Dynamic(PriceIndex index, BigDecimal factor, BigDecimal offset) implements PriceForm {
        @Override
        public EnergyPrice toPrice(String field) {
            TariffForm.required(index, field + ".index");
            TariffForm.required(factor, field + ".factor");
            return new EnergyPrice.Dynamic(index, factor, TariffForm.perKwh(offset, field + ".offset"));
        }
    }
}
