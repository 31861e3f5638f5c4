package org.meterkast.energy.device;

import java.time.Instant;
import java.util.Objects;

/**
 * What a home battery reports at one instant.
 *
 * @param at          when this was true
 * @param status      the manual's status
 * @param socPercent  its state of charge, 0–100 %
 * @param power       the power now, by {@link Power}'s sign: positive charging, negative discharging
 */
public record BatteryReading(Instant at, BatteryStatus status, double socPercent, Power power) {
    public BatteryReading {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(power, "power");
        if (!(socPercent >= 0 && socPercent <= 100)) {
            throw new IllegalArgumentException("socPercent must be 0–100, not " + socPercent);
        }
    }
}
