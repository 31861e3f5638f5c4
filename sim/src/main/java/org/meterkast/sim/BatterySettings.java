package org.meterkast.sim;

/**
 * A home battery that charges from solar surplus and discharges to cover consumption (the evening and night).
 *
 * @param capacityWh        usable capacity
 * @param maxPowerWatts     the inverter's limit, charging or discharging
 * @param reservePercent    the charge it never goes below
 * @param efficiencyPercent one-way efficiency, charging and discharging alike
 */
public record BatterySettings(long capacityWh, long maxPowerWatts, int reservePercent, int efficiencyPercent) {
    /** 10 kWh, 5 kW, 10 % reserve, 95 % each way. */
    public static final BatterySettings DEFAULT = new BatterySettings(10_000, 5_000, 10, 95);

    public BatterySettings {
        Ranges.check("capacityWh", capacityWh, 500, 200_000, "Wh");
        Ranges.check("maxPowerWatts", maxPowerWatts, 100, 30_000, "W");
        Ranges.check("reservePercent", reservePercent, 0, 90, "%");
        Ranges.check("efficiencyPercent", efficiencyPercent, 50, 100, "%");
    }

    /** The charge kept in reserve, in Wh. */
    public long reserveWh() {
        return capacityWh * reservePercent / 100;
    }
}
