package org.meterkast.energy.fluvius;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/** Intervals [from, to) of an export with no value: absent from the file, or given with an empty volume. */
public record FluviusGap(Instant from, Instant to) {
    public FluviusGap {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a gap ends after it starts: " + from + " to " + to);
        }
    }

    public Duration length() {
        return Duration.between(from, to);
    }
}
