package org.meterkast.sim;

/**
 * The household's home battery and boiler as something else runs them, read every second: devices steered by a
 * control loop (the server's simulated battery and boiler), counted by the meter beside the household's own loads.
 */
public interface HomeStorage {
    /** What the boiler's element draws now, W; 0 when it does not heat. */
    long boilerWatts();

    /**
     * What the battery does now, W: positive charging, negative discharging. A battery in its own (self-consumption)
     * control answers the household's net power it sees without itself, as a hybrid battery's own meter clamp does.
     *
     * @param netWithoutBatteryWatts the household's grid power without the battery: positive import, negative export
     */
    long batteryWatts(long netWithoutBatteryWatts);
}
