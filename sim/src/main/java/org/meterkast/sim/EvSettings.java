package org.meterkast.sim;

/**
 * An electric car that comes home in the evening and charges at once at the charger's full power.
 *
 * @param chargerWatts          the charger's power (7.4 kW is one phase at 32 A)
 * @param minSessionWh          the least energy a session takes (a short commute)
 * @param maxSessionWh          the most energy a session takes
 * @param weekdayChargePercent  the chance, per weekday, that the car is plugged in when it comes home
 * @param weekendChargePercent  the same for a Saturday or Sunday
 */
public record EvSettings(long chargerWatts, long minSessionWh, long maxSessionWh, int weekdayChargePercent,
                         int weekendChargePercent) {
    /** A 7.4 kW wall box, 6 to 18 kWh a session, plugged in on three weekdays out of five. */
    public static final EvSettings DEFAULT = new EvSettings(7_400, 6_000, 18_000, 60, 35);

    public EvSettings {
        Ranges.check("chargerWatts", chargerWatts, 1_000, 22_000, "W");
        Ranges.check("minSessionWh", minSessionWh, 500, 100_000, "Wh");
        Ranges.check("maxSessionWh", maxSessionWh, minSessionWh, 100_000, "Wh");
        Ranges.check("weekdayChargePercent", weekdayChargePercent, 0, 100, "%");
        Ranges.check("weekendChargePercent", weekendChargePercent, 0, 100, "%");
    }
}
