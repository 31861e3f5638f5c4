package org.meterkast.energy.tariff;

/**
 * How the rolling average of the capacity tariff treats months without data, when fewer than 12 are known. No
 * official rule was found; Fluvius estimates a missing month, which suppliers approximate either way.
 */
public enum CapacityRule {
    /** the mean of the months known (the default) */
    MEAN_OF_AVAILABLE,
    /** every unknown month of the 12 counts as the 2.5 kW minimum */
    FILL_WITH_MINIMUM
}
