package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/**
 * The volume a gas or water meter counted in one clock hour [start, start + 1 h), in litres (a thousandth of
 * a cubic metre). {@code estimated} marks an hour whose boundary was interpolated across a gap in the readings.
 */
public record HourlyVolume(Instant start, int segment, long litres, boolean estimated) {
    public HourlyVolume {
        Objects.requireNonNull(start, "start");
        if (Math.floorMod(start.getEpochSecond(), 3600) != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("not an hour boundary: " + start);
        }
        if (litres < 0) {
            throw new IllegalArgumentException("a volume cannot be negative: " + litres + " litres");
        }
    }
}
