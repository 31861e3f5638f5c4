package org.meterkast.energy.control;

import java.util.Objects;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.Power;

/**
 * One charger in a cycle's snapshot: what it reports, and what the user asked of it.
 *
 * @param device          the charger's id within its address
 * @param reading         what it reported at the start of the cycle
 * @param mode            the user's mode
 * @param range           the current per phase it can offer
 * @param canSwitchPhases whether it can switch between 1 and 3 phases
 * @param maxPhases       the phases it is wired for (1 or 3)
 * @param planned         in {@link ChargingMode#PLAN}: the power the plan gives the running quarter
 *                        ({@link Power#ZERO} outside the plan's quarters)
 */
public record ChargerSnapshot(String device, ChargerReading reading, ChargingMode mode, CurrentRange range,
                              boolean canSwitchPhases, int maxPhases, Power planned) {
    public ChargerSnapshot {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(range, "range");
        Objects.requireNonNull(planned, "planned");
        if (maxPhases != 1 && maxPhases != 3) {
            throw new IllegalArgumentException("maxPhases must be 1 or 3, not " + maxPhases);
        }
    }
}
