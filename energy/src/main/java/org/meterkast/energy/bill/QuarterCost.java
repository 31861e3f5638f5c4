package org.meterkast.energy.bill;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * What one quarter cost in € incl. VAT, to the micro-euro: its energy, kWh network tariff and levies, less its
 * injection. Fixed fees and the capacity tariff are per month and are not spread over quarters.
 */
public record QuarterCost(Instant start, BigDecimal euros) {
    public QuarterCost {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(euros, "euros");
    }
}
