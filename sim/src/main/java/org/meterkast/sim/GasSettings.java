package org.meterkast.sim;

/**
 * Gas central heating: the day's gas follows the degree-days of the day's mean outdoor temperature (a seasonal
 * curve with seeded weather), spread over the hours by a thermostat schedule; showers add gas unless an electric
 * boiler heats the water.
 *
 * @param litresPerDegreeDay    gas per degree-day (0.5 m3 is a detached Flemish house)
 * @param baseTemperatureDeciC  the outdoor mean above which the house needs no heating, in tenths of a degree
 */
public record GasSettings(long litresPerDegreeDay, int baseTemperatureDeciC) {
    /** 500 l per degree-day, base 16.5 °C: about 1,100 m3 a year with the showers. */
    public static final GasSettings DEFAULT = new GasSettings(500, 165);

    public GasSettings {
        Ranges.check("litresPerDegreeDay", litresPerDegreeDay, 0, 5_000, "l");
        Ranges.check("baseTemperatureDeciC", baseTemperatureDeciC, 0, 250, "tenths of °C");
    }
}
