package org.meterkast.p1;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/**
 * The highest quarter-hour average import power of the running month ({@code 1-0:1.6.0}), in W, and when
 * that quarter hour ended; the time is absent when the meter sent an invalid stamp.
 */
public final class DemandPeak {
    private final Instant occurredAt;
    private final long watts;

    public DemandPeak(Instant occurredAt, long watts) {
        this.occurredAt = occurredAt;
        this.watts = watts;
    }

    public Optional<Instant> occurredAt() {
        return Optional.ofNullable(occurredAt);
    }

    /** Power in W. */
    public long watts() {
        return watts;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DemandPeak p && watts == p.watts && Objects.equals(occurredAt, p.occurredAt);
    }

    @Override
    public int hashCode() {
        return Objects.hash(occurredAt, watts);
    }

    @Override
    public String toString() {
        return watts + " W at " + occurredAt;
    }
}
