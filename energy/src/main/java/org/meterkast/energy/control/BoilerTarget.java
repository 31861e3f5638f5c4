package org.meterkast.energy.control;

import java.util.Objects;
import org.meterkast.energy.device.Power;

/**
 * What one boiler is to do after a cycle.
 *
 * @param device the boiler's id within its address
 * @param power  the power to heat at: zero off; for a boiler that is only switched, its rated power (on)
 * @param reason why
 * @param cause  the command that set it
 */
public record BoilerTarget(String device, Power power, Reason reason, Command cause) {
    public BoilerTarget {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
    }

    /** Whether the element is to heat. */
    public boolean on() {
        return power.isPositive();
    }
}
