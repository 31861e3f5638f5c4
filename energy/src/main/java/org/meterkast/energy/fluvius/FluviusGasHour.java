package org.meterkast.energy.fluvius;

import java.time.Instant;
import java.util.Objects;

/**
 * One clock hour [start, start + 1 h) of a Fluvius gas export, its m³ and kWh rows put together: the volume in
 * litres (a thousandth of a m³, exact) and the energy in Wh, never negative.
 */
public record FluviusGasHour(Instant start, long litres, long wattHours, boolean estimated, CalorificValue calorific) {
    public FluviusGasHour {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(calorific, "calorific");
        if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), 3600) != 0) {
            throw new IllegalArgumentException("not an hour boundary: " + start);
        }
        if (litres < 0 || wattHours < 0) {
            throw new IllegalArgumentException("gas cannot be negative: " + litres + " l, " + wattHours + " Wh");
        }
    }
}
