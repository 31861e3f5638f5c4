package org.meterkast.energy.ev;

import java.util.Objects;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.Power;

/**
 * The power a charger can give a car: nothing, or between its minimum and its maximum.
 *
 * @param minimum the least it charges at when on (6 A on one phase is 1,380 W)
 * @param maximum the most (16 A on three phases is 11,040 W)
 */
public record ChargerLimits(Power minimum, Power maximum) {
    public ChargerLimits {
        Objects.requireNonNull(minimum, "minimum");
        Objects.requireNonNull(maximum, "maximum");
        if (!minimum.isPositive() || maximum.compareTo(minimum) < 0) {
            throw new IllegalArgumentException("charger: need 0 < minimum <= maximum, not " + minimum + " … "
                    + maximum);
        }
    }

    /**
     * The limits of a charger with this current range on {@code phases} phases; one that can switch phases
     * charges at its least on one phase.
     */
    public static ChargerLimits of(CurrentRange range, int phases, boolean canSwitchPhases) {
        return new ChargerLimits(Power.ofAmps(range.minAmps(), canSwitchPhases ? 1 : phases),
                Power.ofAmps(range.maxAmps(), phases));
    }
}
