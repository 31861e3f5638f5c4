package org.meterkast.sim;

/**
 * The household's battery as something else runs it, asked every meter step: a battery served over Modbus and
 * steered from outside, in place of the household's own self-consumption battery ({@link BatterySettings}).
 */
public interface BatteryLoad {
    /**
     * The battery's power now, W (positive charging, negative discharging).
     *
     * @param netBeforeBatteryWatts the household's net power without the battery, W (import positive)
     */
    long watts(long netBeforeBatteryWatts);

    /** The energy in the battery now, Wh. */
    long chargeWh();
}
