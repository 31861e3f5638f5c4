package org.meterkast.energy.device;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * What an electric boiler (heat battery) reports at one instant.
 *
 * @param at           when this was true
 * @param status       the manual's status
 * @param temperatureC the water's temperature, °C, where a sensor reports it
 * @param power        the element's power now (positive, or zero)
 * @param switchedOn   whether the relay (or the modulation) lets the element heat; the thermostat may still hold it
 *                     off when the water is hot
 */
public record BoilerReading(Instant at, BoilerStatus status, OptionalDouble temperatureC, Power power,
                            boolean switchedOn) {
    public BoilerReading {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(temperatureC, "temperatureC");
        Objects.requireNonNull(power, "power");
        if (power.isNegative()) {
            throw new IllegalArgumentException("a boiler's power is not negative: " + power);
        }
    }
}
