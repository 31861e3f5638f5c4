package org.meterkast.sim;

/**
 * A home battery's physics: a store of energy with a power limit, a reserve it is never emptied below, and a loss
 * each way (charging stores {@code efficiency} of what it takes; discharging delivers {@code efficiency} of what it
 * takes from the cells). Powers are on the battery's AC side, by the device layer's sign: positive charging,
 * negative discharging. Not thread-safe; whoever steps it owns it.
 */
public final class BatteryModel {
    private final BatterySettings settings;
    private final double efficiency;
    private double storedWh;

    /** A battery of these settings at this state of charge, %. */
    public BatteryModel(BatterySettings settings, double socPercent) {
        if (!(socPercent >= 0 && socPercent <= 100)) {
            throw new IllegalArgumentException("socPercent must be 0–100, not " + socPercent);
        }
        this.settings = settings;
        this.efficiency = settings.efficiencyPercent() / 100.0;
        this.storedWh = settings.capacityWh() * socPercent / 100;
    }

    /** Its settings. */
    public BatterySettings settings() {
        return settings;
    }

    /** The energy in its cells, Wh. */
    public double storedWh() {
        return storedWh;
    }

    /** Its state of charge, 0–100 %. */
    public double socPercent() {
        return storedWh * 100 / settings.capacityWh();
    }

    /** Whether it cannot take more. */
    public boolean full() {
        return storedWh >= settings.capacityWh() - 1e-6;
    }

    /** Whether it cannot give more (it is at its reserve). */
    public boolean empty() {
        return storedWh <= settings.reserveWh() + 1e-6;
    }

    /**
     * Runs for {@code seconds} at the asked power, held to its power limit, to a full battery and to its reserve.
     *
     * @return the average power that flowed on the AC side, W (positive charging, negative discharging)
     */
    public double step(double askedWatts, double seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be positive, not " + seconds);
        }
        double hours = seconds / 3600;
        double limit = settings.maxPowerWatts();
        double watts = Math.max(-limit, Math.min(limit, askedWatts));
        if (watts > 0) {
            double room = Math.max(0, settings.capacityWh() - storedWh);
            watts = Math.min(watts, room / efficiency / hours);
            storedWh = Math.min(settings.capacityWh(), storedWh + watts * efficiency * hours);
        } else if (watts < 0) {
            double available = Math.max(0, storedWh - settings.reserveWh());
            watts = -Math.min(-watts, available * efficiency / hours);
            storedWh = Math.max(settings.reserveWh(), storedWh + watts / efficiency * hours);
        }
        return watts;
    }
}
