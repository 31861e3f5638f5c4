package org.meterkast.server.store;

import java.time.Instant;
import java.util.Objects;

/**
 * One quarter hour of solar production.
 *
 * @param start     the quarter's start
 * @param wh        energy produced in the quarter, Wh
 * @param counterWh the inverter's lifetime counter at the quarter's end, Wh
 */
public record ProductionQuarter(Instant start, long wh, long counterWh) {
    public ProductionQuarter {
        Objects.requireNonNull(start, "start");
        if (Math.floorMod(start.getEpochSecond(), 900) != 0 || start.getNano() != 0) {
            throw new IllegalArgumentException("a quarter starts on a quarter hour, not " + start);
        }
        if (wh < 0) {
            throw new IllegalArgumentException("production must not be negative, not " + wh + " Wh at " + start);
        }
    }

    /** The quarter's end. */
    public Instant end() {
        return start.plusSeconds(900);
    }
}
