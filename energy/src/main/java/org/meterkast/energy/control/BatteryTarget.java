package org.meterkast.energy.control;

import java.util.Objects;
import org.meterkast.energy.device.Power;

/**
 * What one home battery is to do after a cycle.
 *
 * @param device  the battery's id within its address
 * @param power   the power to set (positive charge, negative discharge, zero hold); ignored when {@code release}
 * @param release whether it is handed back to its own control
 * @param reason  why
 * @param cause   the command that set it
 */
public record BatteryTarget(String device, Power power, boolean release, Reason reason, Command cause) {
    public BatteryTarget {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(power, "power");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
    }
}
