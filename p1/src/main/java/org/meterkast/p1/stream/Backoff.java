package org.meterkast.p1.stream;

import java.time.Duration;
import java.util.Objects;

/**
 * The pause before the next attempt to reach a source that failed: the initial pause, doubled after each failure
 * up to a maximum, and back to the initial one once the source answers. Not thread-safe: one per source.
 */
public final class Backoff {
    private final Duration initial;
    private final Duration max;
    private Duration current;

    public Backoff(Duration initial, Duration max) {
        this.initial = Objects.requireNonNull(initial, "initial");
        this.max = Objects.requireNonNull(max, "max");
        this.current = initial;
    }

    /** The pause the next failure will wait. */
    public Duration current() {
        return current;
    }

    /** A failure: returns the pause to wait now, and doubles the next one up to the maximum. */
    public Duration failed() {
        Duration pause = current;
        Duration doubled = current.multipliedBy(2);
        current = doubled.compareTo(max) > 0 ? max : doubled;
        return pause;
    }

    /** The source answered: the next failure waits the initial pause again. */
    public void reset() {
        current = initial;
    }
}
