package org.meterkast.energy.control;

/** How the user wants a charger to charge. */
public enum ChargingMode {
    /** not at all */
    OFF,
    /** at full power, now */
    NOW,
    /** never below the charger's minimum, the solar surplus on top */
    MIN_SOLAR,
    /** the solar surplus only, started and stopped with delays so it does not flap */
    SOLAR,
    /** by the plan: a target charge by a departure time, in the cheapest quarters and the forecast sun */
    PLAN
}
