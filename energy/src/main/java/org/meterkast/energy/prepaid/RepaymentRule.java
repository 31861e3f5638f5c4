package org.meterkast.energy.prepaid;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Objects;

/**
 * How much of a top-up repays debt: {@code share} of a top-up up to {@code threshold}, and, of a larger top-up,
 * {@code share} of the threshold plus everything above it. The card meter's rule (VREG) is 35 % up to € 50.
 */
public record RepaymentRule(BigDecimal share, BigDecimal threshold) {
    public static final RepaymentRule CARD_METER = new RepaymentRule(new BigDecimal("0.35"), new BigDecimal("50"));

    public RepaymentRule {
        Objects.requireNonNull(share, "share");
        Objects.requireNonNull(threshold, "threshold");
        if (share.signum() <= 0 || share.compareTo(BigDecimal.ONE) > 0 || threshold.signum() < 0) {
            throw new IllegalArgumentException("a repayment share is above 0 and at most 1, a threshold not negative: "
                    + share + ", " + threshold);
        }
    }

    /** The part of a top-up that goes to the debt, at most the debt, to the cent (rounded down). */
    public BigDecimal withheld(BigDecimal topUp, BigDecimal debt) {
        BigDecimal most = topUp.compareTo(threshold) <= 0 ? topUp.multiply(share)
                : threshold.multiply(share).add(topUp.subtract(threshold));
        return most.min(debt).max(BigDecimal.ZERO).setScale(2, RoundingMode.DOWN);
    }

    /** The smallest top-up that repays the whole debt, to the cent (rounded up). */
    public BigDecimal topUpToClear(BigDecimal debt) {
        if (debt.signum() <= 0) {
            return BigDecimal.ZERO.setScale(2);
        }
        BigDecimal withinThreshold = threshold.multiply(share);
        if (debt.compareTo(withinThreshold) <= 0) {
            BigDecimal topUp = debt.divide(share, 2, RoundingMode.UP);
            // rounding down of the withheld part may need one more cent
            return withheld(topUp, debt).compareTo(debt) < 0 ? topUp.add(new BigDecimal("0.01")) : topUp;
        }
        return threshold.add(debt.subtract(withinThreshold)).setScale(2, RoundingMode.UP);
    }
}
