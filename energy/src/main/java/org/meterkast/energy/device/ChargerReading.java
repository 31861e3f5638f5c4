package org.meterkast.energy.device;

import java.time.Instant;
import java.util.Objects;

/**
 * What a charger reports at one instant.
 *
 * @param at            when this was true
 * @param status        the manual's status
 * @param power         the power drawn now (positive, or zero)
 * @param phases        how many phases it charges on now (1 or 3)
 * @param sessionWh     energy charged in the running session, Wh (0 without a session)
 * @param offeredAmps   the current per phase the charger offers now, A (0 paused)
 */
public record ChargerReading(Instant at, ChargerStatus status, Power power, int phases, long sessionWh,
                             double offeredAmps) {
    public ChargerReading {
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(status, "status");
        Objects.requireNonNull(power, "power");
        if (power.isNegative()) {
            throw new IllegalArgumentException("a charger's power is not negative: " + power);
        }
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException("phases must be 1 or 3, not " + phases);
        }
        if (sessionWh < 0) {
            throw new IllegalArgumentException("sessionWh must not be negative, not " + sessionWh);
        }
    }
}
