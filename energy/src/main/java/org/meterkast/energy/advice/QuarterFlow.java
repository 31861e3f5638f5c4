package org.meterkast.energy.advice;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.energy.quarter.Quarter;

/**
 * One quarter hour as the advice reads it, in Wh: offtake from the grid, injection into it, and the solar production
 * of the same quarter when an inverter is read ({@link #UNKNOWN} otherwise).
 */
public record QuarterFlow(Instant start, long importWh, long exportWh, long productionWh) {
    /** Production not measured: no inverter is read, or it was not read in this quarter. */
    public static final long UNKNOWN = -1;

    public QuarterFlow {
        Objects.requireNonNull(start, "start");
        new Quarter(start);
        if (importWh < 0 || exportWh < 0 || productionWh < UNKNOWN) {
            throw new IllegalArgumentException("energy cannot be negative at " + start + ": import " + importWh
                    + " Wh, export " + exportWh + " Wh, production " + productionWh + " Wh");
        }
    }

    /** A quarter of the meter only, production unknown. */
    public static QuarterFlow ofMeter(Instant start, long importWh, long exportWh) {
        return new QuarterFlow(start, importWh, exportWh, UNKNOWN);
    }

    public boolean hasProduction() {
        return productionWh != UNKNOWN;
    }

    /**
     * What the household used in the quarter, Wh: offtake + production − injection, never below offtake (an inverter
     * quarter that lags the meter's cannot make the house give back energy); the offtake alone where nothing was
     * injected and production is unknown; {@link #UNKNOWN} when solar was injected but not measured.
     */
    public long consumptionWh() {
        if (hasProduction()) {
            return importWh + Math.max(0, productionWh - exportWh);
        }
        return exportWh == 0 ? importWh : UNKNOWN;
    }
}
