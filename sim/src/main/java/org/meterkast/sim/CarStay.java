package org.meterkast.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * The household's car at home, from the evening it comes home and is plugged in until it leaves.
 *
 * @param arrival   when it comes home and is plugged in
 * @param departure when it leaves, the next day
 * @param energyWh  what the household's charger puts back into it, Wh: the day's driving
 */
public record CarStay(Instant arrival, Instant departure, long energyWh) {
    public CarStay {
        Objects.requireNonNull(arrival, "arrival");
        Objects.requireNonNull(departure, "departure");
        if (!departure.isAfter(arrival)) {
            throw new IllegalArgumentException("the car leaves at " + departure + ", not after it arrives at " + arrival);
        }
        Ranges.check("energyWh", energyWh, 0, 200_000, "Wh");
    }
}
