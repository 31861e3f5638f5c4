package org.meterkast.energy.device;

/** An electric boiler's (heat battery's) status as the iLusmart manual shows it (iLuheat): idle, heating, error. */
public enum BoilerStatus {
    /** idle or standby: the element draws nothing */
    IDLE,
    /** the element heats the water */
    HEATING,
    /** the boiler or its relay reports a fault, or cannot be reached */
    ERROR
}
