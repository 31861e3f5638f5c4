package org.meterkast.energy.control;

/** A flexible load that solar surplus can go to; the household orders them (the first gets the surplus first). */
public enum SurplusUse {
    /** the home battery charges */
    BATTERY,
    /** the EV charges in the solar modes */
    EV,
    /** the boiler heats */
    BOILER
}
