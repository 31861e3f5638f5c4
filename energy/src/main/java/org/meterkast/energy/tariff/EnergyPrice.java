package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/** How a supplier prices a kWh (offtake or injection), in €/kWh excl. VAT unless the tariff says otherwise. */
public sealed interface EnergyPrice {

    /** One price at all hours. */
    record Single(BigDecimal perKwh) implements EnergyPrice {
        public Single {
            Objects.requireNonNull(perKwh, "perKwh");
        }
    }

    /** A day price and a night price, by the period the meter counted in. */
    record DayAndNight(BigDecimal dayPerKwh, BigDecimal nightPerKwh) implements EnergyPrice {
        public DayAndNight {
            Objects.requireNonNull(dayPerKwh, "dayPerKwh");
            Objects.requireNonNull(nightPerKwh, "nightPerKwh");
        }

        public BigDecimal perKwh(DayNight period) {
            return period == DayNight.DAY ? dayPerKwh : nightPerKwh;
        }
    }

    /**
     * A dynamic formula: {@code factor × index + offset} €/kWh, with the index in €/MWh. ENGIE's "0.8702 + 0.1039 ×
     * eSpot_15 c€/kWh" is factor 0.001039, offset 0.008702 on the quarter-hour index.
     */
    record Dynamic(PriceIndex index, BigDecimal factor, BigDecimal offset) implements EnergyPrice {
        public Dynamic {
            Objects.requireNonNull(index, "index");
            Objects.requireNonNull(factor, "factor");
            Objects.requireNonNull(offset, "offset");
        }

        /** The price in €/kWh at an index value in €/MWh. */
        public BigDecimal perKwh(BigDecimal indexEurPerMwh) {
            return factor.multiply(indexEurPerMwh).add(offset);
        }
    }
}
