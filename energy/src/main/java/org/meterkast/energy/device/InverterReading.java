package org.meterkast.energy.device;

import java.time.Instant;
import java.util.Objects;

/**
 * What an inverter said at one instant.
 *
 * @param at         when it was read (the server's clock; a simulated inverter's own second)
 * @param watts      AC power delivered now, W, never negative (as a device {@link Power} it is {@code -watts})
 * @param lifetimeWh the lifetime energy counter, Wh; null when the inverter does not implement it
 */
public record InverterReading(Instant at, long watts, Long lifetimeWh) {
    public InverterReading {
        Objects.requireNonNull(at, "at");
        if (watts < 0) {
            throw new IllegalArgumentException("watts must not be negative, not " + watts);
        }
        if (lifetimeWh != null && lifetimeWh < 0) {
            throw new IllegalArgumentException("lifetimeWh must not be negative, not " + lifetimeWh);
        }
    }

    /** The production as a device power: negative, flowing out of the inverter into the house. */
    public Power power() {
        return Power.ofWatts(-watts);
    }
}
