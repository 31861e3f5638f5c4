package org.meterkast.energy.prepaid;

import java.math.BigDecimal;
import java.util.Objects;

/**
 * A Prepaid household's terms, in € incl. VAT.
 *
 * @param dayPerKwh        the prepaid price of a kWh counted on the day register
 * @param nightPerKwh      the price of a kWh counted on the night register
 * @param fixedAmount      the fixed amount taken from the credit each period (zero: none)
 * @param fixedPeriod      whether the fixed amount is taken each week (Monday 00:00) or each month (the 1st)
 * @param emergencyCredit  the emergency credit: € 50 for digital Prepaid
 * @param warningLevel     the credit at which the household is warned: € 5, where the card meter beeps
 * @param limitedWatts     the power left when the emergency credit is used up: 10 A × 230 V = 2,300 W
 * @param repayment        how a top-up repays debt
 * @param weeklyRepayment  what is taken from the credit each week towards the debt (zero: none)
 * @param meter            a digital meter with Prepaid, or a card budget meter (which cuts before each stage)
 */
public record PrepaidTerms(BigDecimal dayPerKwh, BigDecimal nightPerKwh, BigDecimal fixedAmount, Period fixedPeriod,
                           BigDecimal emergencyCredit, BigDecimal warningLevel, long limitedWatts,
                           RepaymentRule repayment, BigDecimal weeklyRepayment, Meter meter) {
    /** How often the fixed amount is taken. */
    public enum Period { WEEK, MONTH }

    /**
     * The kind of budget meter. A digital meter with Prepaid starts the emergency credit and then limited power by
     * itself. A card budget meter (the brochure's) cuts the power when the credit is used up, and again when the
     * emergency credit is used up; the household switches it back on each time with the red button and the breaker.
     */
    public enum Meter { DIGITAL, CARD }

    public PrepaidTerms {
        Objects.requireNonNull(dayPerKwh, "dayPerKwh");
        Objects.requireNonNull(nightPerKwh, "nightPerKwh");
        Objects.requireNonNull(fixedAmount, "fixedAmount");
        Objects.requireNonNull(fixedPeriod, "fixedPeriod");
        Objects.requireNonNull(emergencyCredit, "emergencyCredit");
        Objects.requireNonNull(warningLevel, "warningLevel");
        Objects.requireNonNull(repayment, "repayment");
        Objects.requireNonNull(weeklyRepayment, "weeklyRepayment");
        Objects.requireNonNull(meter, "meter");
        if (dayPerKwh.signum() < 0 || nightPerKwh.signum() < 0 || fixedAmount.signum() < 0
                || emergencyCredit.signum() < 0 || warningLevel.signum() < 0 || weeklyRepayment.signum() < 0
                || limitedWatts <= 0) {
            throw new IllegalArgumentException("prepaid amounts, prices and the limited power cannot be negative");
        }
    }

    /** Digital Prepaid at these prices: € 50 emergency credit, warning at € 5, 2,300 W, the card meter's repayment. */
    public static PrepaidTerms digital(BigDecimal dayPerKwh, BigDecimal nightPerKwh) {
        return new PrepaidTerms(dayPerKwh, nightPerKwh, BigDecimal.ZERO, Period.MONTH, new BigDecimal("50"),
                new BigDecimal("5"), 2300, RepaymentRule.CARD_METER, BigDecimal.ZERO, Meter.DIGITAL);
    }

    public PrepaidTerms withFixedAmount(BigDecimal amount, Period period) {
        return new PrepaidTerms(dayPerKwh, nightPerKwh, amount, period, emergencyCredit, warningLevel, limitedWatts,
                repayment, weeklyRepayment, meter);
    }

    public PrepaidTerms withWeeklyRepayment(BigDecimal amount) {
        return new PrepaidTerms(dayPerKwh, nightPerKwh, fixedAmount, fixedPeriod, emergencyCredit, warningLevel,
                limitedWatts, repayment, amount, meter);
    }

    /** The same terms on another kind of meter; a card meter's emergency credit is set with {@code credit}. */
    public PrepaidTerms withMeter(Meter kind, BigDecimal credit) {
        return new PrepaidTerms(dayPerKwh, nightPerKwh, fixedAmount, fixedPeriod, credit, warningLevel, limitedWatts,
                repayment, weeklyRepayment, kind);
    }
}
