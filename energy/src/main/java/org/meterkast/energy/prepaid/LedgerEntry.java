package org.meterkast.energy.prepaid;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/**
 * One line of a Prepaid household's history, with the credit, the debt and the state after it, in €.
 *
 * @param amount what the line moved: a top-up's amount, the part of it that repaid debt, a day's energy, a fixed
 *               amount, a weekly repayment; positive
 */
public record LedgerEntry(Instant at, Kind kind, BigDecimal amount, BigDecimal balance, BigDecimal debt,
                          PrepaidState state) {
    /** What happened. */
    public enum Kind {
        TOP_UP,
        /** the part of a top-up that went to the debt */
        DEBT_REPAID_FROM_TOP_UP,
        /** a local day's energy (or the part of it up to the end of the period) */
        ENERGY,
        FIXED_AMOUNT,
        WEEKLY_REPAYMENT,
        /** the state changed (amount zero) */
        STATE
    }

    public LedgerEntry {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(amount, "amount");
        Objects.requireNonNull(balance, "balance");
        Objects.requireNonNull(debt, "debt");
        Objects.requireNonNull(state, "state");
    }
}
