package org.meterkast.energy.prepaid;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;

/**
 * A card budget meter, as the brochure tells it: the power is cut when the credit is used up ("le courant sera
 * automatiquement coupé à épuisement des 5 derniers euros"), the red button and the breaker start the emergency
 * credit at full power, it is cut again when that is used up, and the second press gives 10 A. The household here
 * has € 35 of emergency credit (an amount older card meters had) and uses € 0.06 a quarter.
 */
class CardMeterLedgerTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final Instant START = LocalDateTime.parse("2026-11-02T00:00").atZone(BRUSSELS).toInstant();
    private static final PrepaidTerms CARD = PrepaidTerms.digital(new BigDecimal("0.40"), new BigDecimal("0.30"))
            .withMeter(PrepaidTerms.Meter.CARD, new BigDecimal("35"));
    private static final Quarter FIRST = new Quarter(START);

    /**
     * 166 quarters of 0.2 kWh at night (€ 9.96), one of 0.1 kWh by day (€ 0.04, the last of the credit), 8 with
     * nothing (the power is off), then 0.2 kWh at night again: the red button was pressed.
     */
    private static List<ClosedQuarter> quarters() {
        var out = new ArrayList<ClosedQuarter>();
        for (int i = 0; i < 2000; i++) {
            QuarterEnergy energy = i < 166 ? new QuarterEnergy(0, 200, 0, 0)
                    : i == 166 ? new QuarterEnergy(100, 0, 0, 0)
                    : i < 175 ? new QuarterEnergy(0, 0, 0, 0) : new QuarterEnergy(0, 200, 0, 0);
            out.add(new ClosedQuarter(FIRST.plus(i), 0, energy, false));
        }
        return out;
    }

    private static final List<TopUp> TOP_UPS = List.of(
            new TopUp(START, new BigDecimal("10.00"), "card"),
            new TopUp(FIRST.plus(800).start(), new BigDecimal("20.00"), "card"));

    /** The status at the end of quarter {@code index} (0 is the first). */
    private static PrepaidStatus afterQuarter(int index) {
        return PrepaidLedger.run(CARD, BRUSSELS, START, FIRST.plus(index).end(), TOP_UPS, quarters());
    }

    @Test
    void theCardMeterCutsBeforeTheEmergencyCreditAndBeforeLimitedPower() {
        assertThat(afterQuarter(165).balance()).isEqualByComparingTo("0.04");
        assertThat(afterQuarter(165).state()).isEqualTo(PrepaidState.LOW);

        // the credit is used up exactly: cut, with the emergency credit untouched while nobody presses the button
        PrepaidStatus off = afterQuarter(174);
        assertThat(off.state()).isEqualTo(PrepaidState.OFF);
        assertThat(off.balance()).isEqualByComparingTo("0.00");
        assertThat(off.debt()).isEqualByComparingTo("0.00");
        assertThat(off.emergencyLeft()).isEqualByComparingTo("35.00");

        // energy again: the button was pressed, full power on the emergency credit
        PrepaidStatus emergency = afterQuarter(175);
        assertThat(emergency.state()).isEqualTo(PrepaidState.EMERGENCY);
        assertThat(emergency.debt()).isEqualByComparingTo("0.06");
        assertThat(emergency.emergencyLeft()).isEqualByComparingTo("34.94");

        // 583 quarters draw 34.98; the 584th finds 0.02, cuts, and the rest comes under limited power
        assertThat(afterQuarter(757).state()).isEqualTo(PrepaidState.EMERGENCY);
        assertThat(afterQuarter(757).debt()).isEqualByComparingTo("34.98");
        PrepaidStatus limited = afterQuarter(758);
        assertThat(limited.state()).isEqualTo(PrepaidState.LIMITED);
        assertThat(limited.debt()).isEqualByComparingTo("35.04");
        assertThat(limited.emergencyLeft()).isEqualByComparingTo("0.00");

        // 41 more quarters (2.46) make 37.50; the € 20 top-up repays 7.00 (35 %) and gives full power again
        PrepaidStatus toppedUp = afterQuarter(799);
        assertThat(toppedUp.debt()).isEqualByComparingTo("30.50");
        assertThat(toppedUp.balance()).isEqualByComparingTo("13.00");
        assertThat(toppedUp.state()).isEqualTo(PrepaidState.NORMAL);
        assertThat(toppedUp.history()).filteredOn(e -> e.kind() == LedgerEntry.Kind.STATE)
                .extracting(LedgerEntry::state).containsExactly(PrepaidState.NORMAL, PrepaidState.LOW,
                        PrepaidState.OFF, PrepaidState.EMERGENCY, PrepaidState.OFF, PrepaidState.LIMITED,
                        PrepaidState.NORMAL);
    }

    @Test
    void aDigitalMeterStartsTheEmergencyCreditByItself() {
        PrepaidTerms digital = CARD.withMeter(PrepaidTerms.Meter.DIGITAL, new BigDecimal("50"));
        PrepaidStatus status = PrepaidLedger.run(digital, BRUSSELS, START, FIRST.plus(174).end(), TOP_UPS, quarters());
        assertThat(status.state()).isEqualTo(PrepaidState.LOW);
        assertThat(status.history()).extracting(LedgerEntry::state).doesNotContain(PrepaidState.OFF);
    }
}
