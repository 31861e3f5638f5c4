package org.meterkast.energy.location;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class EanTest {
    @Test
    void realFluviusEansAreValidAndToldApart() {
        // from the research note's real exports: two electricity connection points and a gas one
        assertThat(Ean.parse("541448820052377134").kind()).isEqualTo(Ean.Kind.ELECTRICITY);
        assertThat(Ean.parse("5414 4882 0050 3579 09").kind()).isEqualTo(Ean.Kind.ELECTRICITY);
        assertThat(Ean.parse("541448860018322037").kind()).isEqualTo(Ean.Kind.GAS);
        assertThat(Ean.parse("541449500000000008").kind()).isEqualTo(Ean.Kind.UNKNOWN);
        assertThat(Ean.check("541448820052377134")).isEmpty();
    }

    @Test
    void aTypoIsCaughtByTheCheckDigitAndTheRightDigitIsKnown() {
        // two digits swapped (…7134 → …7314) and one digit wrong (last 4 → 5)
        assertThatThrownBy(() -> Ean.parse("541448820052373714"))
                .isInstanceOfSatisfying(Ean.InvalidEanException.class,
                        e -> assertThat(e.problem()).isEqualTo(Ean.Problem.CHECK_DIGIT));
        assertThat(Ean.check("541448820052377135")).hasValueSatisfying(e -> {
            assertThat(e.problem()).isEqualTo(Ean.Problem.CHECK_DIGIT);
            assertThat(e.expectedCheckDigit()).isEqualTo(4);
        });
    }

    @Test
    void otherProblemsAreNamed() {
        assertThat(Ean.check("54144882005237713").orElseThrow().problem()).isEqualTo(Ean.Problem.LENGTH);
        assertThat(Ean.check("5414488200523771344").orElseThrow().problem()).isEqualTo(Ean.Problem.LENGTH);
        assertThat(Ean.check("54144882005237713A").orElseThrow().problem()).isEqualTo(Ean.Problem.NOT_DIGITS);
        // the anonymised EAN of the Fluvius sample files: 18 digits with a correct check digit, but not Belgian
        assertThat(Ean.check("123456789123456789").orElseThrow().problem()).isEqualTo(Ean.Problem.NOT_BELGIAN);
        assertThat(Ean.check(null).orElseThrow().problem()).isEqualTo(Ean.Problem.LENGTH);
    }

    @Test
    void theCheckDigitFollowsGs1() {
        assertThat(Ean.checkDigit("54144882005237713")).isEqualTo(4);
        assertThat(Ean.checkDigit("54144886001832203")).isEqualTo(7);
        assertThat(Ean.checkDigit("00000000000000000")).isZero();
    }
}
