package org.meterkast.energy.ev;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.device.Power;

/**
 * A schedule of quarters from now to the departure, with what it costs and whether it reaches the target.
 *
 * @param now                when it was made
 * @param departure          the departure it plans for
 * @param neededWh           what the charger must deliver to reach the target, Wh
 * @param plannedWh          what the plan delivers: {@code neededWh} when it reaches the target, else all that fits
 * @param reachesTarget      whether the car has its target charge by the departure
 * @param expectedSocPercent the charge expected at the departure, percent (rounded down)
 * @param cost               the expected cost of all planned quarters, €
 * @param quarters           every quarter from now to the departure, in order, those without charging included
 * @param reason             why: it reaches the target, at what cost; or what keeps it from it
 */
public record ChargePlan(Instant now, Instant departure, long neededWh, long plannedWh, boolean reachesTarget,
                         int expectedSocPercent, BigDecimal cost, List<PlannedQuarter> quarters, Reason reason) {
    public ChargePlan {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(departure, "departure");
        Objects.requireNonNull(cost, "cost");
        Objects.requireNonNull(reason, "reason");
        quarters = List.copyOf(quarters);
    }

    /** The plan's charging power at {@code at}: what {@code ChargerSnapshot.planned} carries; zero outside it. */
    public Power powerAt(Instant at) {
        for (PlannedQuarter q : quarters) {
            if (!at.isBefore(q.from()) && at.isBefore(q.to())) {
                return q.power();
            }
        }
        return Power.ZERO;
    }

    /** The energy taken from the grid, Wh. */
    public long gridWh() {
        return quarters.stream().mapToLong(PlannedQuarter::gridWh).sum();
    }

    /** The energy taken from the solar surplus, Wh. */
    public long solarWh() {
        return quarters.stream().mapToLong(PlannedQuarter::solarWh).sum();
    }
}
