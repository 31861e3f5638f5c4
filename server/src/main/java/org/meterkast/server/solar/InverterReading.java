package org.meterkast.server.solar;

import java.time.Instant;
import java.util.Objects;

/**
 * What an inverter said at one instant.
 *
 * @param at         when it was read (the server's clock; a simulated inverter's own second)
 * @param watts      AC power delivered now, W, never negative
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
}
