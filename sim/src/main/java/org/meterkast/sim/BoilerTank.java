package org.meterkast.sim;

/**
 * A hot-water boiler's physics as one well-mixed tank: the element heats it (while its thermostat allows), it loses
 * heat to the room, and hot water drawn is replaced by cold mains water. Not thread-safe; whoever steps it owns it.
 */
public final class BoilerTank {
    private final BoilerTankSettings settings;
    private double temperatureC;

    /** A tank of these settings with its water at this temperature. */
    public BoilerTank(BoilerTankSettings settings, double temperatureC) {
        this.settings = settings;
        this.temperatureC = temperatureC;
    }

    /** Its settings. */
    public BoilerTankSettings settings() {
        return settings;
    }

    /** The water's temperature, °C. */
    public double temperatureC() {
        return temperatureC;
    }

    /**
     * Runs for {@code seconds}: the element heats at up to {@code allowedWatts} (0: switched off; more than the
     * element: the element's power) while the water is below the thermostat, the tank loses heat to the room, and
     * {@code drawnLitres} of hot water are drawn and replaced by cold.
     *
     * @return the element's average power over the step, W
     */
    public double step(double allowedWatts, double drawnLitres, double seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("seconds must be positive, not " + seconds);
        }
        double hours = seconds / 3600;
        double capacity = settings.whPerKelvin();
        double loss = settings.lossWattsPerKelvin() * (temperatureC - settings.ambientC()) * hours;
        double power = Math.max(0, Math.min(allowedWatts, settings.elementWatts()));
        double heat = 0;
        if (power > 0 && temperatureC < settings.thermostatC()) {
            // the thermostat cuts the element when the water reaches its setting within the step
            double needed = (settings.thermostatC() - temperatureC) * capacity + loss;
            heat = Math.min(power * hours, Math.max(0, needed));
        }
        temperatureC += (heat - loss) / capacity;
        double drawn = Math.max(0, Math.min(drawnLitres, settings.litres()));
        temperatureC = (temperatureC * (settings.litres() - drawn) + settings.coldWaterC() * drawn)
                / settings.litres();
        return heat / hours;
    }
}
