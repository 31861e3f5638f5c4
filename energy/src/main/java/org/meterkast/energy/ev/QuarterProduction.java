package org.meterkast.energy.ev;

import java.util.Objects;
import org.meterkast.energy.quarter.Quarter;

/**
 * Solar production in one quarter hour, measured or forecast.
 *
 * @param quarter   the quarter
 * @param wattHours the energy produced in it, Wh, never negative
 */
public record QuarterProduction(Quarter quarter, long wattHours) {
    public QuarterProduction {
        Objects.requireNonNull(quarter, "quarter");
        if (wattHours < 0) {
            throw new IllegalArgumentException("quarter " + quarter + ": production must not be negative, not "
                    + wattHours + " Wh");
        }
    }
}
