package org.meterkast.energy.prepaid;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * Where a Prepaid household stands at {@code at}, in € to the cent.
 *
 * @param emergencyLeft     what is left of the emergency credit
 * @param dailySpend        the energy and fixed amounts of the last 7 days (or of the days since Prepaid started), per day
 * @param daysLeft          the credit at that rate, in days to one decimal; null when nothing is spent
 * @param topUpToClearDebt  the smallest top-up that repays the whole debt under the repayment rule
 * @param history           every top-up, repayment, fixed amount, day of energy and change of state, oldest first
 */
public record PrepaidStatus(Instant at, BigDecimal balance, BigDecimal debt, BigDecimal emergencyLeft,
                            PrepaidState state, BigDecimal dailySpend, BigDecimal daysLeft,
                            BigDecimal topUpToClearDebt, List<LedgerEntry> history) {
    public PrepaidStatus {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(state, "state");
        history = List.copyOf(history);
    }

    /**
     * The state the meter confirms: an open breaker ({@code 0-0:96.3.10}) means no power whatever the credit says.
     */
    public PrepaidState withBreaker(boolean breakerOpen) {
        return breakerOpen ? PrepaidState.OFF : state;
    }
}
