package org.meterkast.energy.bill;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * One line of a bill: {@code quantity} {@code unit} at {@code rate} {@code rateUnit}, times {@code share} where the
 * rate is per year or month, gives {@code amount} in € (rounded to the cent, negative for a credit). A line with
 * {@code vatApplies} is excl. VAT and counts in the VAT base; the others (injection, the Energiefonds levy, the
 * simple form's all-in prices) carry no VAT of their own.
 *
 * @param rate  the rate applied; for a dynamic price, the average per kWh (amount ÷ quantity)
 * @param share the part of the rate's period the line covers (days ÷ days in the year, …); 1 for a kWh line
 */
public record BillLine(BillLineKind kind, BigDecimal quantity, Unit unit, BigDecimal rate, RateUnit rateUnit,
                       BigDecimal share, BigDecimal amount, boolean vatApplies) {
    /** What a quantity is counted in. */
    public enum Unit { KWH, KW, DAY, MONTH, EURO }

    /** What a rate is per. */
    public enum RateUnit { EUR_PER_KWH, EUR_PER_KW_YEAR, EUR_PER_YEAR, EUR_PER_MONTH, FRACTION }

    public BillLine {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(quantity, "quantity");
        Objects.requireNonNull(unit, "unit");
        Objects.requireNonNull(rate, "rate");
        Objects.requireNonNull(rateUnit, "rateUnit");
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(amount, "amount");
    }
}
