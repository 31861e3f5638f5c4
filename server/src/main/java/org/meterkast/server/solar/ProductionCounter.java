package org.meterkast.server.solar;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.server.store.ProductionQuarter;

/**
 * Cuts an inverter's lifetime counter into quarter hours: the counter is interpolated linearly at each quarter
 * boundary between two readings, and a quarter's production is the difference at its two boundaries, rounded down
 * to the Wh at each boundary so the quarters of any stretch add up to the counter's change. A poll that is missed
 * therefore loses nothing: the next reading covers it.
 *
 * <p>The quarter in which the first reading falls is not emitted (its start is unknown), unless the counter was
 * resumed at a stored quarter's end. A counter that goes down (an inverter replaced or reset) starts afresh. A gap
 * longer than {@link #LONGEST_SPREAD} over which the counter moved is not spread (the shape of a day cannot be
 * guessed); the counter starts afresh after it. A gap over which the counter did not move (an inverter asleep at
 * night, as many are) is zeros, however long.
 */
final class ProductionCounter {
    static final Duration LONGEST_SPREAD = Duration.ofHours(1);
    private static final long QUARTER = 900;

    private long lastAt = Long.MIN_VALUE;
    private long lastWh;
    /** Whether the counter is known at the last boundary passed (lastBoundary), so the next quarter can close. */
    private boolean open;
    private long boundaryWh;

    /** Continues from a stored quarter: the counter read {@code counterWh} at {@code quarterEnd}. */
    void resumeAt(Instant quarterEnd, long counterWh) {
        lastAt = quarterEnd.getEpochSecond();
        lastWh = counterWh;
        open = true;
        boundaryWh = counterWh;
    }

    /** Takes one reading and returns the quarters it closed, oldest first. */
    List<ProductionQuarter> accept(Instant at, long counterWh) {
        long t = at.getEpochSecond();
        List<ProductionQuarter> closed = new ArrayList<>();
        if (lastAt == Long.MIN_VALUE || counterWh < lastWh
                || counterWh != lastWh && t - lastAt > LONGEST_SPREAD.toSeconds()) {
            restart(t, counterWh);
            return closed;
        }
        if (t <= lastAt) {
            return closed;
        }
        for (long b = (Math.floorDiv(lastAt, QUARTER) + 1) * QUARTER; b <= t; b += QUARTER) {
            long atBoundary = lastWh + Math.floorDiv((counterWh - lastWh) * (b - lastAt), t - lastAt);
            if (open) {
                closed.add(new ProductionQuarter(Instant.ofEpochSecond(b - QUARTER), atBoundary - boundaryWh,
                        atBoundary));
            }
            open = true;
            boundaryWh = atBoundary;
        }
        lastAt = t;
        lastWh = counterWh;
        return closed;
    }

    private void restart(long t, long counterWh) {
        lastAt = t;
        lastWh = counterWh;
        // on a boundary exactly, the quarter that starts here is whole
        open = Math.floorMod(t, QUARTER) == 0;
        boundaryWh = counterWh;
    }
}
