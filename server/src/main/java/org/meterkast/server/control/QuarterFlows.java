package org.meterkast.server.control;

import java.time.Instant;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.Registers;

/**
 * The energy taken from and injected into the grid since the running quarter began, from the meter's registers as
 * the loop sees them. The registers at the boundary are interpolated between the readings on either side of it;
 * until a boundary has been seen (the first quarter after a start, or after a gap of more than five minutes or a
 * register that went down) the quarter is counted from the first reading after it, a little short. Used from one address's loop, one cycle at a time.
 */
final class QuarterFlows {
    private static final long LONGEST_GAP_SECONDS = 300;

    private Instant lastAt;
    private Registers last;
    private Quarter quarter;
    private long importAtStart;
    private long exportAtStart;

    /** Takes a reading of the registers; returns {import Wh, export Wh} since its quarter began. */
    long[] accept(Instant at, Registers registers) {
        if (lastAt != null && !at.isAfter(lastAt)) {
            return current();
        }
        Quarter containing = Quarter.containing(at);
        boolean fresh = lastAt == null || registers.anyBelow(last)
                || at.getEpochSecond() - lastAt.getEpochSecond() > LONGEST_GAP_SECONDS;
        if (fresh) {
            // the first reading, a replaced meter or a long gap: count from here, a little short
            importAtStart = registers.imported();
            exportAtStart = registers.exported();
        } else if (!containing.equals(quarter)) {
            long span = at.getEpochSecond() - lastAt.getEpochSecond();
            long toBoundary = containing.start().getEpochSecond() - lastAt.getEpochSecond();
            importAtStart = last.imported() + (registers.imported() - last.imported()) * toBoundary / span;
            exportAtStart = last.exported() + (registers.exported() - last.exported()) * toBoundary / span;
        }
        quarter = containing;
        lastAt = at;
        last = registers;
        return current();
    }

    private long[] current() {
        return new long[] {Math.max(0, last.imported() - importAtStart), Math.max(0, last.exported() - exportAtStart)};
    }
}
