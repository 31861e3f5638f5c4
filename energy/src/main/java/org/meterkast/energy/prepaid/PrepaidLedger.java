package org.meterkast.energy.prepaid;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.temporal.TemporalAdjusters;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.prepaid.LedgerEntry.Kind;
import org.meterkast.energy.quarter.ClosedQuarter;

/**
 * Runs a Prepaid household's credit down from its metered quarters, as the meter does, and up with its top-ups.
 *
 * <p>The rules, in time order of what happens:
 * <ul>
 * <li>A quarter's energy is charged at its end: day kWh × the day price + night kWh × the night price.</li>
 * <li>The fixed amount is taken each Monday 00:00 or each 1st of the month 00:00, Brussels time. The weekly
 * repayment of debt is taken each Monday 00:00, from the credit there is.</li>
 * <li>What the credit cannot pay is drawn from the emergency credit and becomes debt. Once the emergency credit is
 * used up, power is limited; what is used then becomes debt too.</li>
 * <li>A top-up first repays debt by the {@link RepaymentRule}; the rest is credit, and the emergency credit is
 * available again.</li>
 * <li>A card budget meter ({@link PrepaidTerms.Meter#CARD}) does not start the emergency credit by itself: it cuts
 * the power (state OFF) when the credit is used up, and again when the emergency credit is used up. The household
 * switches it back on with the red button and the breaker; the ledger knows it did from the energy metered after
 * the cut, which is charged to the emergency credit (after the first cut) or under limited power (after the
 * second). A top-up gives full power again.</li>
 * </ul>
 * Amounts are exact; balances are shown to the cent.
 */
public final class PrepaidLedger {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);
    private static final int SPEND_DAYS = 7;

    private final PrepaidTerms terms;
    private final ZoneId zone;

    private BigDecimal balance = BigDecimal.ZERO;
    private BigDecimal debt = BigDecimal.ZERO;
    private BigDecimal emergencyDrawn = BigDecimal.ZERO;
    /** A card meter's stage: what pays the next energy once the button is pressed after a cut. */
    private PrepaidState cardStage = PrepaidState.NORMAL;
    /** A card meter has cut the power and waits for its red button. */
    private boolean cut;
    private PrepaidState state;
    private final List<LedgerEntry> history = new ArrayList<>();
    private List<TopUp> pending = List.of();
    private int nextTopUp;
    private Instant nextWeek;
    private Instant nextFixed;
    private Instant spendFrom;
    private BigDecimal recentSpend = BigDecimal.ZERO;

    public PrepaidLedger(PrepaidTerms terms, ZoneId zone) {
        this.terms = Objects.requireNonNull(terms, "terms");
        this.zone = Objects.requireNonNull(zone, "zone");
        this.state = stateNow();
    }

    /**
     * The household's status at {@code to}, from {@code from} (when Prepaid started, with no credit and no debt).
     *
     * @param quarters the quarters metered, sorted; those ending outside (from, to] are left out
     */
    public static PrepaidStatus run(PrepaidTerms terms, ZoneId zone, Instant from, Instant to, List<TopUp> topUps,
                                    List<ClosedQuarter> quarters) {
        return new PrepaidLedger(terms, zone).replay(from, to, topUps, quarters);
    }

    private PrepaidStatus replay(Instant from, Instant to, List<TopUp> topUps, List<ClosedQuarter> quarters) {
        pending = topUps.stream().filter(t -> !t.at().isBefore(from) && !t.at().isAfter(to))
                .sorted(Comparator.comparing(TopUp::at)).toList();
        nextWeek = mondayAfter(from);
        nextFixed = terms.fixedPeriod() == PrepaidTerms.Period.WEEK ? nextWeek : firstOfMonthAfter(from);
        spendFrom = to.minus(Duration.ofDays(SPEND_DAYS));
        LocalDate day = null;
        BigDecimal dayEnergy = BigDecimal.ZERO;
        Instant dayLast = from;
        for (ClosedQuarter q : quarters) {
            Instant end = q.quarter().end();
            if (!end.isAfter(from) || end.isAfter(to)) {
                continue;
            }
            // a top-up or a weekly amount at the very end of a quarter comes after its energy
            advance(end);
            BigDecimal cost = kwh(q.energy().importDay()).multiply(terms.dayPerKwh())
                    .add(kwh(q.energy().importNight()).multiply(terms.nightPerKwh()));
            LocalDate quarterDay = q.quarter().start().atZone(zone).toLocalDate();
            if (day != null && !quarterDay.equals(day) && dayEnergy.signum() > 0) {
                record(dayLast, Kind.ENERGY, dayEnergy);
                dayEnergy = BigDecimal.ZERO;
            }
            day = quarterDay;
            dayEnergy = dayEnergy.add(cost);
            dayLast = end;
            if (end.isAfter(spendFrom)) {
                recentSpend = recentSpend.add(cost);
            }
            charge(cost, end, true);
            changeState(end);
        }
        if (dayEnergy.signum() > 0) {
            record(dayLast, Kind.ENERGY, dayEnergy);
        }
        advance(to.plusNanos(1));
        // per day of the last 7, or of the days since Prepaid started when fewer
        long seconds = Math.min(Duration.ofDays(SPEND_DAYS).toSeconds(), Duration.between(from, to).toSeconds());
        BigDecimal perDay = seconds <= 0 ? BigDecimal.ZERO.setScale(2) : recentSpend.multiply(BigDecimal.valueOf(86_400))
                .divide(BigDecimal.valueOf(seconds), 2, RoundingMode.HALF_UP);
        BigDecimal days = perDay.signum() == 0 ? null : cents(balance).divide(perDay, 1, RoundingMode.DOWN);
        return new PrepaidStatus(to, cents(balance), cents(debt),
                cents(terms.emergencyCredit().subtract(emergencyDrawn).max(BigDecimal.ZERO)), state, perDay, days,
                terms.repayment().topUpToClear(cents(debt)), history);
    }

    /** Top-ups, fixed amounts and weekly repayments before {@code limit}, in time order (a top-up first on a tie). */
    private void advance(Instant limit) {
        while (true) {
            Instant topUpAt = nextTopUp < pending.size() ? pending.get(nextTopUp).at() : null;
            if (topUpAt != null && topUpAt.isBefore(limit) && !topUpAt.isAfter(nextWeek)
                    && !topUpAt.isAfter(nextFixed)) {
                topUp(pending.get(nextTopUp++));
                continue;
            }
            Instant first = nextFixed.isBefore(nextWeek) ? nextFixed : nextWeek;
            if (!first.isBefore(limit)) {
                return;
            }
            if (first.equals(nextFixed)) {
                if (terms.fixedAmount().signum() > 0) {
                    charge(terms.fixedAmount(), nextFixed, false);
                    record(nextFixed, Kind.FIXED_AMOUNT, terms.fixedAmount());
                    changeState(nextFixed);
                    if (!nextFixed.isBefore(spendFrom)) {
                        recentSpend = recentSpend.add(terms.fixedAmount());
                    }
                }
                nextFixed = terms.fixedPeriod() == PrepaidTerms.Period.WEEK ? mondayAfter(nextFixed)
                        : firstOfMonthAfter(nextFixed);
            }
            if (first.equals(nextWeek)) {
                weeklyRepayment(nextWeek);
                nextWeek = mondayAfter(nextWeek);
            }
        }
    }

    private void topUp(TopUp topUp) {
        BigDecimal withheld = terms.repayment().withheld(topUp.amount(), cents(debt));
        debt = debt.subtract(withheld).max(BigDecimal.ZERO);
        balance = balance.add(topUp.amount()).subtract(withheld);
        emergencyDrawn = BigDecimal.ZERO;
        // the card meter gives full power again once the topped-up card is in it
        cardStage = PrepaidState.NORMAL;
        cut = false;
        record(topUp.at(), Kind.TOP_UP, topUp.amount());
        if (withheld.signum() > 0) {
            record(topUp.at(), Kind.DEBT_REPAID_FROM_TOP_UP, withheld);
        }
        changeState(topUp.at());
    }

    private void weeklyRepayment(Instant at) {
        BigDecimal paid = terms.weeklyRepayment().min(cents(debt)).min(balance).max(BigDecimal.ZERO);
        if (paid.signum() > 0) {
            balance = balance.subtract(paid);
            debt = debt.subtract(paid);
            record(at, Kind.WEEKLY_REPAYMENT, paid);
            changeState(at);
        }
    }

    /**
     * Takes an amount from the credit; what the credit lacks is drawn from the emergency credit and owed.
     *
     * @param metered energy the meter delivered (rather than a fixed amount): on a card meter after a cut, proof
     *                that the household pressed the red button
     */
    private void charge(BigDecimal amount, Instant at, boolean metered) {
        if (terms.meter() == PrepaidTerms.Meter.CARD) {
            chargeCard(amount, at, metered);
            return;
        }
        if (balance.compareTo(amount) >= 0) {
            balance = balance.subtract(amount);
            return;
        }
        BigDecimal lacking = amount.subtract(balance);
        balance = BigDecimal.ZERO;
        debt = debt.add(lacking);
        emergencyDrawn = emergencyDrawn.add(lacking);
    }

    private void chargeCard(BigDecimal amount, Instant at, boolean metered) {
        BigDecimal left = amount;
        if (cardStage != PrepaidState.EMERGENCY && cardStage != PrepaidState.LIMITED) {
            BigDecimal paid = left.min(balance);
            balance = balance.subtract(paid);
            left = left.subtract(paid);
            if (balance.signum() == 0) {
                cardStage = PrepaidState.EMERGENCY;
                cutAt(at);
            }
        }
        if (left.signum() == 0) {
            return;
        }
        pressedAfterCut(at, metered);
        if (cardStage == PrepaidState.EMERGENCY) {
            BigDecimal drawn = left.min(terms.emergencyCredit().subtract(emergencyDrawn).max(BigDecimal.ZERO));
            owe(drawn);
            left = left.subtract(drawn);
            if (emergencyDrawn.compareTo(terms.emergencyCredit()) >= 0) {
                cardStage = PrepaidState.LIMITED;
                cutAt(at);
            }
        }
        if (left.signum() == 0) {
            return;
        }
        pressedAfterCut(at, metered);
        owe(left);
    }

    private void cutAt(Instant at) {
        cut = true;
        changeState(at);
    }

    /** Energy metered while the card meter was cut: it was switched back on. A fixed amount proves nothing. */
    private void pressedAfterCut(Instant at, boolean metered) {
        if (cut && metered) {
            cut = false;
            changeState(at);
        }
    }

    /** What is used without credit: debt, drawn from the emergency credit while there is some. */
    private void owe(BigDecimal amount) {
        debt = debt.add(amount);
        emergencyDrawn = emergencyDrawn.add(amount);
    }

    private PrepaidState stateNow() {
        if (terms.meter() == PrepaidTerms.Meter.CARD) {
            if (cut) {
                return PrepaidState.OFF;
            }
            if (cardStage == PrepaidState.EMERGENCY || cardStage == PrepaidState.LIMITED) {
                return cardStage;
            }
        }
        if (balance.signum() == 0 && emergencyDrawn.signum() > 0) {
            return emergencyDrawn.compareTo(terms.emergencyCredit()) >= 0 ? PrepaidState.LIMITED
                    : PrepaidState.EMERGENCY;
        }
        return cents(balance).compareTo(terms.warningLevel()) <= 0 ? PrepaidState.LOW : PrepaidState.NORMAL;
    }

    private void changeState(Instant at) {
        PrepaidState now = stateNow();
        if (now != state) {
            state = now;
            record(at, Kind.STATE, BigDecimal.ZERO);
        }
    }

    private void record(Instant at, Kind kind, BigDecimal amount) {
        history.add(new LedgerEntry(at, kind, cents(amount), cents(balance), cents(debt), stateNow()));
    }

    private Instant mondayAfter(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate().with(TemporalAdjusters.next(DayOfWeek.MONDAY));
        return day.atStartOfDay(zone).toInstant();
    }

    private Instant firstOfMonthAfter(Instant t) {
        LocalDate day = t.atZone(zone).toLocalDate().with(TemporalAdjusters.firstDayOfNextMonth());
        return day.atStartOfDay(zone).toInstant();
    }

    private static Instant earliest(Instant... instants) {
        Instant first = null;
        for (Instant t : instants) {
            if (t != null && (first == null || t.isBefore(first))) {
                first = t;
            }
        }
        return first;
    }

    private static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh).divide(THOUSAND);
    }

    private static BigDecimal cents(BigDecimal amount) {
        return amount.setScale(2, RoundingMode.HALF_UP);
    }
}
