package org.meterkast.energy.ev;

import java.util.Objects;
import org.meterkast.energy.quarter.Quarter;

/**
 * The forecast solar production of one quarter hour ahead.
 *
 * @param quarter    the quarter
 * @param expectedWh what to expect, Wh: the imported forecast where there is one, else the clear-sky production
 *                   scaled by how clear the recent days were
 * @param clearSkyWh what the installation gives under a clear sky, as its best recent days showed, Wh
 * @param imported   whether {@code expectedWh} comes from an imported forecast
 */
public record SolarQuarter(Quarter quarter, long expectedWh, long clearSkyWh, boolean imported) {
    public SolarQuarter {
        Objects.requireNonNull(quarter, "quarter");
        if (expectedWh < 0 || clearSkyWh < 0) {
            throw new IllegalArgumentException("quarter " + quarter + ": a forecast is not negative");
        }
    }
}
