package org.meterkast.sim;

import java.time.Duration;

/** Waits out a pause; tests pass one that records the pauses instead of sleeping. */
@FunctionalInterface
public interface Sleeper {
    /** Sleeps on the calling thread. */
    Sleeper REAL = pause -> Thread.sleep(pause.toMillis(), (int) (pause.toNanos() % 1_000_000));

    void sleep(Duration pause) throws InterruptedException;
}
