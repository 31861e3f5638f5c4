package org.meterkast.energy.control;

import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.Power;

/**
 * One home battery in a cycle's snapshot.
 *
 * @param device  the battery's id within its address
 * @param reading what it reported at the start of the cycle
 * @param limits  what it can do
 * @param planned with dynamic prices: the power the battery's plan gives the running quarter (positive charge,
 *                negative discharge, zero hold); empty without a plan
 */
public record BatterySnapshot(String device, BatteryReading reading, BatteryLimits limits, Optional<Power> planned) {
    public BatterySnapshot {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(limits, "limits");
        Objects.requireNonNull(planned, "planned");
    }
}
