package org.meterkast.energy.smartcharging;

import java.util.Objects;
import org.meterkast.energy.quarter.Quarter;

/** The energy a session charged in one quarter hour, in Wh; never negative. */
public record ChargedQuarter(Quarter quarter, long wattHours) {
    public ChargedQuarter {
        Objects.requireNonNull(quarter, "quarter");
        if (wattHours < 0) {
            throw new IllegalArgumentException("quarter " + quarter + ": charged energy cannot be negative: "
                    + wattHours + " Wh");
        }
    }
}
