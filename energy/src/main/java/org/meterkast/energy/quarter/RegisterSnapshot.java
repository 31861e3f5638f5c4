package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/** A meter's registers as read at one instant (from a telegram's timestamp). */
public record RegisterSnapshot(Instant at, Registers registers) {
    public RegisterSnapshot {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(registers, "registers");
    }
}
