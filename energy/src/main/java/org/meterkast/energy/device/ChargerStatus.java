package org.meterkast.energy.device;

/**
 * A charger's status as the iLusmart manual names it (module iLucharge), whatever the protocol says underneath.
 */
public enum ChargerStatus {
    /** the charger is starting up or has just (re)connected and not yet told its state */
    STARTING,
    /** no EV is connected */
    STANDBY,
    /** an EV is plugged in, no session is charging yet */
    EV_CONNECTED,
    /** energy flows to the EV */
    CHARGING,
    /** a session is on, but nothing flows: held back by the charger (e.g. too little sun) or by the car */
    PAUSED,
    /** the charger reports a fault, or cannot be reached */
    ERROR
}
