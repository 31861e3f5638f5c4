package org.meterkast.energy.ev;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.device.Power;

/**
 * Everything the planner needs, taken at one instant.
 *
 * @param now       the instant the plan starts; a quarter it falls inside counts only its remaining seconds
 * @param departure when the car must have its target charge
 * @param car       the car
 * @param charger   the charger's limits
 * @param peakLimit the quarter-average grid import no planned quarter may exceed: this month's capacity peak so far,
 *                  never below 2.5 kW (see {@link ChargePlanner#peakLimit})
 * @param quarters  the outlook of every quarter from the one holding {@code now} to the one holding the departure,
 *                  in any order (quarters outside that span are ignored)
 */
public record PlanRequest(Instant now, Instant departure, Car car, ChargerLimits charger, Power peakLimit,
                          List<QuarterOutlook> quarters) {
    public PlanRequest {
        Objects.requireNonNull(now, "now");
        Objects.requireNonNull(departure, "departure");
        Objects.requireNonNull(car, "car");
        Objects.requireNonNull(charger, "charger");
        Objects.requireNonNull(peakLimit, "peakLimit");
        if (peakLimit.isNegative()) {
            throw new IllegalArgumentException("peakLimit must not be negative, not " + peakLimit);
        }
        quarters = List.copyOf(quarters);
    }
}
