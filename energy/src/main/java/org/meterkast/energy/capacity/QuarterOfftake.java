package org.meterkast.energy.capacity;

import java.time.Duration;
import java.util.Objects;
import java.util.OptionalLong;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.RegisterSnapshot;

/**
 * Follows one meter's offtake registers to tell how much was taken since the quarter in progress started, for a
 * meter that does not send {@code 1-0:1.4.0}. The registers at the boundary are interpolated between the readings
 * just before and just after it, as the quarter builder does; until a boundary has been crossed by two readings
 * at most {@code maxGap} apart, the offtake since the start is unknown. One per meter, used from one thread.
 */
public final class QuarterOfftake {
    private final long maxGapSeconds;
    private RegisterSnapshot last;
    private Quarter quarter;
    /** Offtake register total (day + night) at the start of {@link #quarter}, Wh; -1 when unknown. */
    private long importAtStart = -1;

    public QuarterOfftake(Duration maxGap) {
        this.maxGapSeconds = Objects.requireNonNull(maxGap, "maxGap").toSeconds();
    }

    /** Takes a reading; returns the offtake in Wh from the start of its quarter to it, or empty when not known. */
    public OptionalLong accept(RegisterSnapshot reading) {
        Objects.requireNonNull(reading, "reading");
        if (last != null && !reading.at().isAfter(last.at())) {
            return current();       // a repeated or late reading changes nothing
        }
        long total = reading.registers().imported();
        Quarter containing = Quarter.containing(reading.at());
        if (last == null) {
            importAtStart = reading.at().equals(containing.start()) ? total : -1;
        } else if (total < last.registers().imported()) {
            importAtStart = -1;     // a meter swap or reset: the start is lost with the old registers
        } else if (!containing.equals(quarter)) {
            long span = reading.at().getEpochSecond() - last.at().getEpochSecond();
            long before = last.registers().imported();
            long toBoundary = containing.start().getEpochSecond() - last.at().getEpochSecond();
            importAtStart = span <= maxGapSeconds
                    ? before + Math.floorDiv(Math.multiplyExact(total - before, toBoundary), span) : -1;
        }
        quarter = containing;
        last = reading;
        return current();
    }

    private OptionalLong current() {
        return importAtStart < 0 ? OptionalLong.empty() : OptionalLong.of(last.registers().imported() - importAtStart);
    }
}
