package org.meterkast.energy.tariff;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * The simple form, as in the iLusmart app: one purchase price and one injection price in €/kWh, all-in (VAT,
 * network and levies included). Offtake costs {@code purchasePerKwh}; injection earns {@code injectionPerKwh}.
 */
public record SimpleTariff(BigDecimal purchasePerKwh, BigDecimal injectionPerKwh) implements Tariff {
    public SimpleTariff {
        Objects.requireNonNull(purchasePerKwh, "purchasePerKwh");
        Objects.requireNonNull(injectionPerKwh, "injectionPerKwh");
    }
}
