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
 * Karim's November: € 40 topped up, 0.2 kWh every quarter (€ 0.06 at the night price of 0.30 €/kWh, € 5.76 a
 * day), the warning at € 5, the emergency credit, limited power, a € 60 top-up that repays part of the debt, and a
 * weekly repayment; each balance checked to the cent by hand.
 */
class PrepaidLedgerTest {
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final PrepaidTerms TERMS = PrepaidTerms.digital(new BigDecimal("0.40"), new BigDecimal("0.30"))
            .withWeeklyRepayment(new BigDecimal("2.00"));

    private static Instant local(String text) {
        return LocalDateTime.parse(text).atZone(BRUSSELS).toInstant();
    }

    /** 0.2 kWh on the night register in every quarter of [from, to). */
    private static List<ClosedQuarter> quarters(Instant from, Instant to) {
        var out = new ArrayList<ClosedQuarter>();
        for (Quarter q = Quarter.containing(from); q.start().isBefore(to); q = q.plus(1)) {
            out.add(new ClosedQuarter(q, 0, new QuarterEnergy(0, 200, 0, 0), false));
        }
        return out;
    }

    private static PrepaidStatus at(String localTime, List<TopUp> topUps) {
        Instant start = local("2026-11-02T00:00");
        return PrepaidLedger.run(TERMS, BRUSSELS, start, local(localTime), topUps,
                quarters(start, local("2026-11-30T00:00")));
    }

    private static final List<TopUp> TOP_UPS = List.of(
            new TopUp(local("2026-11-02T00:00"), new BigDecimal("40.00"), "card"),
            new TopUp(local("2026-11-20T12:00"), new BigDecimal("60.00"), "online"));

    @Test
    void aMonthOfPrepaidToTheCent() {
        // after 583 quarters: 40 − 34.98 = 5.02, still normal; the 584th (ends Sunday 8 November 02:00) makes 4.96
        assertThat(at("2026-11-08T01:45", TOP_UPS).balance()).isEqualByComparingTo("5.02");
        assertThat(at("2026-11-08T01:45", TOP_UPS).state()).isEqualTo(PrepaidState.NORMAL);
        PrepaidStatus warned = at("2026-11-08T02:00", TOP_UPS);
        assertThat(warned.balance()).isEqualByComparingTo("4.96");
        assertThat(warned.state()).isEqualTo(PrepaidState.LOW);
        assertThat(warned.dailySpend()).isEqualByComparingTo("5.76");
        assertThat(warned.daysLeft()).isEqualByComparingTo("0.8");              // 4.96 / 5.76

        // the 667th quarter (ends 8 November 22:45) finds 0.04 and owes 0.02: the emergency credit
        PrepaidStatus emergency = at("2026-11-08T22:45", TOP_UPS);
        assertThat(emergency.state()).isEqualTo(PrepaidState.EMERGENCY);
        assertThat(emergency.balance()).isEqualByComparingTo("0.00");
        assertThat(emergency.debt()).isEqualByComparingTo("0.02");
        assertThat(emergency.emergencyLeft()).isEqualByComparingTo("49.98");
        assertThat(emergency.topUpToClearDebt()).isEqualByComparingTo("0.06");

        // Monday 16 November: nothing to repay from an empty credit; after 833 more quarters (ends Tuesday
        // 17 November 15:00) the € 50 are used up: limited power
        assertThat(at("2026-11-17T14:45", TOP_UPS).state()).isEqualTo(PrepaidState.EMERGENCY);
        PrepaidStatus limited = at("2026-11-17T15:00", TOP_UPS);
        assertThat(limited.state()).isEqualTo(PrepaidState.LIMITED);
        assertThat(limited.debt()).isEqualByComparingTo("50.00");
        assertThat(limited.emergencyLeft()).isEqualByComparingTo("0.00");

        // Friday 20 November 12:00: 1,109 quarters since the credit ran out, debt 66.56; € 60 topped up:
        // 17.50 + 10.00 repay the debt, 32.50 is credit
        PrepaidStatus toppedUp = at("2026-11-20T12:00", TOP_UPS);
        assertThat(toppedUp.debt()).isEqualByComparingTo("39.06");
        assertThat(toppedUp.balance()).isEqualByComparingTo("32.50");
        assertThat(toppedUp.state()).isEqualTo(PrepaidState.NORMAL);
        assertThat(toppedUp.topUpToClearDebt()).isEqualByComparingTo("71.56");
        assertThat(toppedUp.history()).filteredOn(e -> e.kind() == LedgerEntry.Kind.DEBT_REPAID_FROM_TOP_UP)
                .singleElement().satisfies(e -> assertThat(e.amount()).isEqualByComparingTo("27.50"));

        // Monday 23 November 00:00: 2.5 days used 14.40, leaving 18.10; the weekly repayment takes 2.00
        PrepaidStatus monday = at("2026-11-23T00:00", TOP_UPS);
        assertThat(monday.balance()).isEqualByComparingTo("16.10");
        assertThat(monday.debt()).isEqualByComparingTo("37.06");

        // 185 quarters later (Tuesday 24 November 22:15) the credit is at 5.00: the warning again
        assertThat(at("2026-11-24T22:00", TOP_UPS).state()).isEqualTo(PrepaidState.NORMAL);
        PrepaidStatus again = at("2026-11-24T22:15", TOP_UPS);
        assertThat(again.balance()).isEqualByComparingTo("5.00");
        assertThat(again.state()).isEqualTo(PrepaidState.LOW);
        assertThat(again.history()).filteredOn(e -> e.kind() == LedgerEntry.Kind.STATE)
                .extracting(LedgerEntry::state).containsExactly(PrepaidState.NORMAL, PrepaidState.LOW,
                        PrepaidState.EMERGENCY, PrepaidState.LIMITED, PrepaidState.NORMAL, PrepaidState.LOW);
    }

    @Test
    void anOpenBreakerIsOffWhateverTheCredit() {
        PrepaidStatus status = at("2026-11-05T12:00", TOP_UPS);
        assertThat(status.state()).isEqualTo(PrepaidState.NORMAL);
        assertThat(status.withBreaker(true)).isEqualTo(PrepaidState.OFF);
        assertThat(status.withBreaker(false)).isEqualTo(PrepaidState.NORMAL);
    }

    @Test
    void aWeeklyFixedAmountIsTakenOnMondays() {
        PrepaidTerms weekly = TERMS.withFixedAmount(new BigDecimal("1.50"), PrepaidTerms.Period.WEEK);
        Instant start = local("2026-11-02T00:00");
        // no energy used: only the fixed amounts of Monday 9 and 16 November
        PrepaidStatus status = PrepaidLedger.run(weekly, BRUSSELS, start, local("2026-11-17T00:00"),
                List.of(new TopUp(start, new BigDecimal("10.00"), "shop")), List.of());
        assertThat(status.balance()).isEqualByComparingTo("7.00");
        assertThat(status.history()).filteredOn(e -> e.kind() == LedgerEntry.Kind.FIXED_AMOUNT).hasSize(2);
    }
}
