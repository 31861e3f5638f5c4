package org.meterkast.energy.device;

import java.util.Objects;

/**
 * What a home battery can do, as it declares it (SunSpec model 802's WHRtg, WChaRteMax, WDisChaRteMax, SoCMin,
 * SoCMax) or as its settings say.
 *
 * @param capacityWh     the usable energy of a full battery, Wh
 * @param maxCharge      the most it charges at (positive)
 * @param maxDischarge   the most it discharges at (positive figure)
 * @param minSocPercent  the charge it never goes below (its reserve), %
 * @param maxSocPercent  the charge it never goes above, %
 */
public record BatteryLimits(long capacityWh, Power maxCharge, Power maxDischarge, double minSocPercent,
                            double maxSocPercent) {
    public BatteryLimits {
        Objects.requireNonNull(maxCharge, "maxCharge");
        Objects.requireNonNull(maxDischarge, "maxDischarge");
        if (capacityWh <= 0) {
            throw new IllegalArgumentException("capacityWh must be positive, not " + capacityWh);
        }
        if (maxCharge.isNegative() || maxDischarge.isNegative()) {
            throw new IllegalArgumentException("charge and discharge limits are positive figures: " + maxCharge
                    + ", " + maxDischarge);
        }
        if (minSocPercent < 0 || maxSocPercent > 100 || minSocPercent >= maxSocPercent) {
            throw new IllegalArgumentException("need 0 <= minSoc < maxSoc <= 100, not " + minSocPercent + "…"
                    + maxSocPercent);
        }
    }
}
