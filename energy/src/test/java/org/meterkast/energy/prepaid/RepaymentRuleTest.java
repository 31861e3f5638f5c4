package org.meterkast.energy.prepaid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import org.junit.jupiter.api.Test;

class RepaymentRuleTest {
    private static final RepaymentRule RULE = RepaymentRule.CARD_METER;

    private static BigDecimal eur(String value) {
        return new BigDecimal(value);
    }

    @Test
    void thirtyFivePercentOfATopUpUpToFiftyAndEverythingAbove() {
        assertThat(RULE.withheld(eur("40"), eur("100"))).isEqualByComparingTo("14.00");     // 35 % of 40
        assertThat(RULE.withheld(eur("50"), eur("100"))).isEqualByComparingTo("17.50");     // 35 % of 50
        assertThat(RULE.withheld(eur("60"), eur("100"))).isEqualByComparingTo("27.50");     // 17.50 + 10
        assertThat(RULE.withheld(eur("60"), eur("20.00"))).isEqualByComparingTo("20.00");   // never more than the debt
        assertThat(RULE.withheld(eur("33.33"), eur("100"))).isEqualByComparingTo("11.66");  // 11.6655, down
        assertThat(RULE.withheld(eur("20"), BigDecimal.ZERO)).isEqualByComparingTo("0");
    }

    @Test
    void theTopUpThatClearsADebt() {
        assertThat(RULE.topUpToClear(eur("39.06"))).isEqualByComparingTo("71.56");   // 50 + (39.06 − 17.50)
        assertThat(RULE.topUpToClear(eur("17.50"))).isEqualByComparingTo("50.00");
        assertThat(RULE.topUpToClear(eur("7.00"))).isEqualByComparingTo("20.00");
        assertThat(RULE.topUpToClear(eur("7.01"))).isEqualByComparingTo("20.03");    // 20.02 × 0.35 = 7.007 → 7.00
        assertThat(RULE.withheld(eur("20.03"), eur("7.01"))).isEqualByComparingTo("7.01");
        assertThat(RULE.topUpToClear(BigDecimal.ZERO)).isEqualByComparingTo("0");
    }
}
