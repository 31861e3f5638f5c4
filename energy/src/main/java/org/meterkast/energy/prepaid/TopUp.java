package org.meterkast.energy.prepaid;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Objects;

/** A top-up the household recorded: when, how much (€), and how (card, online, shop…, free text). */
public record TopUp(Instant at, BigDecimal amount, String channel) {
    public TopUp {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(amount, "amount");
        if (amount.signum() <= 0 || amount.scale() > 2) {
            throw new IllegalArgumentException("a top-up is a positive amount in euro and cent: " + amount);
        }
    }
}
