package org.meterkast.energy.ev;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

/**
 * One quarter of a plan: how much to charge in the part of it the plan covers, and from where.
 *
 * @param quarter  the quarter
 * @param from     where the plan's part of it begins (the quarter's start, or now)
 * @param to       where it ends (the quarter's end, or the departure)
 * @param energyWh the energy the charger is to deliver in [from, to), Wh
 * @param gridWh   the part of it taken from the grid, Wh
 * @param solarWh  the part of it from the solar surplus, Wh (rounded; the cost is exact)
 * @param cost     the expected cost: the grid part at the price, the solar part at the injection price, €
 * @param normal   whether this quarter charges (partly) for "normal charging", before any price counts
 */
public record PlannedQuarter(Quarter quarter, Instant from, Instant to, long energyWh, long gridWh, long solarWh,
                             BigDecimal cost, boolean normal) {
    public PlannedQuarter {
        Objects.requireNonNull(quarter, "quarter");
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(cost, "cost");
        if (!to.isAfter(from)) {
            throw new IllegalArgumentException("a planned quarter ends after it begins: " + from + " … " + to);
        }
        if (energyWh < 0 || gridWh < 0 || solarWh < 0 || gridWh + solarWh != energyWh) {
            throw new IllegalArgumentException("quarter " + quarter + ": energy " + energyWh + " Wh is not grid "
                    + gridWh + " Wh + solar " + solarWh + " Wh");
        }
    }

    /** The seconds of the quarter the plan covers. */
    public long seconds() {
        return Duration.between(from, to).getSeconds();
    }

    /**
     * The average charging power over [from, to), rounded down. Below the charger's minimum the charger runs at its
     * minimum for part of the quarter and then pauses.
     */
    public Power power() {
        return Power.ofWatts(energyWh * 3600 / seconds());
    }
}
