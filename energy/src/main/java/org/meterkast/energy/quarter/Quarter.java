package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.Objects;

/**
 * One clock quarter hour [start, start + 15 min), the unit of record. Quarters are computed on UTC instants:
 * Brussels' offsets are whole hours, so UTC quarter boundaries are also local ones.
 */
public record Quarter(Instant start) implements Comparable<Quarter> {
    public static final Duration LENGTH = Duration.ofMinutes(15);
    private static final long SECONDS = LENGTH.toSeconds();

    public Quarter {
        Objects.requireNonNull(start, "start");
        if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), SECONDS) != 0) {
            throw new IllegalArgumentException("not a quarter-hour boundary: " + start);
        }
    }

    /** The quarter that contains this instant. */
    public static Quarter containing(Instant t) {
        return new Quarter(Instant.ofEpochSecond(Math.floorDiv(t.getEpochSecond(), SECONDS) * SECONDS));
    }

    public static Quarter parse(CharSequence text) {
        return new Quarter(Instant.parse(text));
    }

    public Instant end() {
        return start.plus(LENGTH);
    }

    public Quarter plus(long quarters) {
        return new Quarter(start.plusSeconds(Math.multiplyExact(quarters, SECONDS)));
    }

    /** Whole quarters from this one to {@code other} (negative when other is earlier). */
    public long until(Quarter other) {
        return (other.start.getEpochSecond() - start.getEpochSecond()) / SECONDS;
    }

    /** The capacity tariff counts a quarter in the local month in which it starts. */
    public YearMonth month(ZoneId zone) {
        return YearMonth.from(start.atZone(zone));
    }

    @Override
    public int compareTo(Quarter other) {
        return start.compareTo(other.start);
    }

    @Override
    public String toString() {
        return start.toString();
    }
}
