package org.meterkast.server.ev;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.quarter.Quarter;

/**
 * Cuts one session's energy register into clock quarter hours: the register at each boundary is interpolated in a
 * straight line between the readings on either side, rounded down, and a quarter's energy is the register at its
 * end minus at its start. So the quarters of a session add up exactly to its meter stop minus its meter start,
 * whatever the readings in between; a quarter without readings gets its share of the line over it.
 */
final class ChargedQuarters {
    /** The energy a session charged in one quarter, and the register at the quarter's end (or the stop). */
    record Charged(Instant start, long wh, long endRegisterWh) {
        Charged {
            if (wh < 0) {
                throw new IllegalArgumentException("a quarter's energy cannot be negative: " + wh + " Wh at " + start);
            }
        }
    }

    private static final long SECONDS = Quarter.LENGTH.toSeconds();

    private long quarterStart;
    private long quarterStartWh;
    private long lastAt;
    private long lastWh;

    private ChargedQuarters(long quarterStart, long quarterStartWh, long lastAt, long lastWh) {
        this.quarterStart = quarterStart;
        this.quarterStartWh = quarterStartWh;
        this.lastAt = lastAt;
        this.lastWh = lastWh;
    }

    /** A session that starts at {@code at} with the register at {@code meterStartWh}. */
    static ChargedQuarters startingAt(Instant at, long meterStartWh) {
        long quarter = Quarter.containing(at).start().getEpochSecond();
        return new ChargedQuarters(quarter, meterStartWh, at.getEpochSecond(), meterStartWh);
    }

    /** A session taken up again (after a restart) at a quarter boundary whose register was stored. */
    static ChargedQuarters resumedAt(Instant boundary, long registerWh) {
        long at = boundary.getEpochSecond();
        return new ChargedQuarters(at, registerWh, at, registerWh);
    }

    /** The last reading taken. */
    Instant lastAt() {
        return Instant.ofEpochSecond(lastAt);
    }

    long lastWh() {
        return lastWh;
    }

    /** The energy of the quarter still open, up to the last reading. */
    long openQuarterWh() {
        return lastWh - quarterStartWh;
    }

    /**
     * Takes a reading of the register and returns the quarters it closed, oldest first. A reading not after the
     * last one changes nothing (a repeat or a message sent late); a register lower than the last is refused, as
     * the caller should have not believed it.
     */
    List<Charged> accept(Instant at, long registerWh) {
        long t = at.getEpochSecond();
        if (t <= lastAt) {
            return List.of();
        }
        if (registerWh < lastWh) {
            throw new IllegalArgumentException("the register went back from " + lastWh + " to " + registerWh + " Wh");
        }
        List<Charged> closed = new ArrayList<>(1);
        long span = t - lastAt;
        for (long boundary = quarterStart + SECONDS; boundary <= t; boundary = quarterStart + SECONDS) {
            long atBoundary = lastWh + Math.floorDiv(Math.multiplyExact(registerWh - lastWh, boundary - lastAt), span);
            closed.add(new Charged(Instant.ofEpochSecond(quarterStart), atBoundary - quarterStartWh, atBoundary));
            quarterStart = boundary;
            quarterStartWh = atBoundary;
        }
        lastAt = t;
        lastWh = registerWh;
        return closed;
    }

    /**
     * The session stopped at {@code at} with the register at {@code meterStopWh}: the quarters this closes,
     * including the last, partial one (none when the stop falls exactly on a boundary already closed).
     */
    List<Charged> stop(Instant at, long meterStopWh) {
        if (meterStopWh < lastWh) {
            throw new IllegalArgumentException("the meter stop " + meterStopWh + " Wh is below the last reading "
                    + lastWh + " Wh");
        }
        List<Charged> closed = new ArrayList<>(accept(at, meterStopWh));
        // a stop stamped no later than the last reading still counts its energy, in the quarter still open
        lastWh = meterStopWh;
        if (lastAt > quarterStart || lastWh > quarterStartWh) {
            closed.add(new Charged(Instant.ofEpochSecond(quarterStart), lastWh - quarterStartWh, lastWh));
        }
        return closed;
    }
}
