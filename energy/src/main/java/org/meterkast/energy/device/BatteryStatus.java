package org.meterkast.energy.device;

/**
 * A home battery's status as the iLusmart manual's dashboard shows it (iLubat): standby, charging, discharging,
 * error. In smart (self-consumption) mode a battery is in standby only when it is full while the household injects
 * (it cannot charge further) or empty while the household takes from the grid (it cannot discharge further).
 */
public enum BatteryStatus {
    /** neither charging nor discharging */
    STANDBY,
    /** storing energy */
    CHARGING,
    /** delivering energy */
    DISCHARGING,
    /** the battery reports a fault, or cannot be reached */
    ERROR
}
