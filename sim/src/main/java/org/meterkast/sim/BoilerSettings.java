package org.meterkast.sim;

/**
 * An electric hot-water boiler: it heats on solar surplus between 10:00 and 17:00, and whatever the day still
 * needs from 22:00 (night tariff). With a boiler, showers no longer burn gas.
 *
 * @param watts        the heating element
 * @param dailyNeedWh  the energy the hot water of an average day takes (it varies ±20 % from day to day)
 */
public record BoilerSettings(long watts, long dailyNeedWh) {
    /** A 2.4 kW element, 5 kWh a day (a 200 l tank for three people). */
    public static final BoilerSettings DEFAULT = new BoilerSettings(2_400, 5_000);

    public BoilerSettings {
        Ranges.check("watts", watts, 500, 10_000, "W");
        Ranges.check("dailyNeedWh", dailyNeedWh, 0, 30_000, "Wh");
    }
}
