package org.meterkast.server.prepaid;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.meterkast.energy.prepaid.PrepaidTerms;
import org.meterkast.energy.prepaid.RepaymentRule;
import org.meterkast.server.web.BadParameterException;

/**
 * Prepaid terms as the API takes and shows them, € incl. VAT: {@code {"since":"2026-11-02","dayPerKwh":0.40,
 * "nightPerKwh":0.30}}; the rest defaults to digital Prepaid (€ 50 emergency credit, warning at € 5, 2,300 W, the
 * card meter's 35 % up to € 50, no fixed amount, no weekly repayment, a digital meter). {@code "meter":"CARD"} is a
 * card budget meter, which cuts the power before the emergency credit and before limited power.
 */
record PrepaidTermsForm(LocalDate since, BigDecimal dayPerKwh, BigDecimal nightPerKwh, BigDecimal fixedAmount,
                        PrepaidTerms.Period fixedPeriod, BigDecimal emergencyCredit, BigDecimal warningLevel,
                        Long limitedWatts, BigDecimal repaymentShare, BigDecimal repaymentThreshold,
                        BigDecimal weeklyRepayment, PrepaidTerms.Meter meter) {

    PrepaidTerms toTerms() {
        required(since, "since");
        PrepaidTerms base = PrepaidTerms.digital(price(dayPerKwh, "dayPerKwh"), price(nightPerKwh, "nightPerKwh"));
        try {
            return new PrepaidTerms(base.dayPerKwh(), base.nightPerKwh(), or(fixedAmount, base.fixedAmount()),
                    fixedPeriod == null ? base.fixedPeriod() : fixedPeriod, or(emergencyCredit, base.emergencyCredit()),
                    or(warningLevel, base.warningLevel()), limitedWatts == null ? base.limitedWatts() : limitedWatts,
                    new RepaymentRule(or(repaymentShare, base.repayment().share()),
                            or(repaymentThreshold, base.repayment().threshold())),
                    or(weeklyRepayment, base.weeklyRepayment()), meter == null ? base.meter() : meter);
        } catch (IllegalArgumentException e) {
            throw new BadParameterException("terms", "error.prepaid.terms", e.getMessage());
        }
    }

    static PrepaidTermsForm of(LocalDate since, PrepaidTerms t) {
        return new PrepaidTermsForm(since, t.dayPerKwh(), t.nightPerKwh(), t.fixedAmount(), t.fixedPeriod(),
                t.emergencyCredit(), t.warningLevel(), t.limitedWatts(), t.repayment().share(),
                t.repayment().threshold(), t.weeklyRepayment(), t.meter());
    }

    private static BigDecimal or(BigDecimal value, BigDecimal otherwise) {
        return value == null ? otherwise : value;
    }

    private static BigDecimal price(BigDecimal value, String field) {
        required(value, field);
        if (value.signum() < 0 || value.compareTo(BigDecimal.valueOf(5)) > 0) {
            throw new BadParameterException(field, "error.tariff.implausible", field, value.toPlainString(), "5");
        }
        return value;
    }

    private static void required(Object value, String field) {
        if (value == null) {
            throw new BadParameterException(field, "error.tariff.missing", field);
        }
    }
}
