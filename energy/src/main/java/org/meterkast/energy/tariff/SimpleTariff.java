package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The simple form, as in the iLusmart app: one purchase price and one injection price in €/kWh, all-in (VAT,
 * kWh network tariff and levies included). Offtake costs {@code purchasePerKwh}; injection earns {@code injectionPerKwh}.
 * The capacity tariff is no price per kWh, so no all-in kWh price can hold it: with the address's distribution
 * {@code area} the bill adds it from that area's network tariff, as the Flemish form does (null: no capacity line).
 */
public record SimpleTariff(BigDecimal purchasePerKwh, BigDecimal injectionPerKwh, DistributionArea area)
        implements Tariff {
    public SimpleTariff {
        Objects.requireNonNull(purchasePerKwh, "purchasePerKwh");
        Objects.requireNonNull(injectionPerKwh, "injectionPerKwh");
    }

    /** All-in prices without a known area: no capacity line. */
    public SimpleTariff(BigDecimal purchasePerKwh, BigDecimal injectionPerKwh) {
        this(purchasePerKwh, injectionPerKwh, null);
    }
}
