package org.meterkast.energy.storage;

import java.time.Duration;
import java.time.ZoneId;
import java.util.Objects;
import org.meterkast.energy.tariff.DayNightSchedule;

/**
 * How the boilers are run, for every address alike.
 *
 * @param minOn          the least time a switched boiler stays on once switched on (its relay is spared)
 * @param minOff         the least time it stays off once switched off
 * @param floorMarginK   once below its floor, a boiler heats to this many kelvin above it before it stops
 * @param nightTopUpK    in the night tariff a boiler is heated to this many kelvin above its floor, so the morning
 *                       showers do not take it below the floor in the dear day hours
 * @param nights         when the meter counts night (the cheap register)
 * @param zone           the meter's zone, for the night hours
 */
public record BoilerRules(Duration minOn, Duration minOff, double floorMarginK, double nightTopUpK,
                          DayNightSchedule nights, ZoneId zone) {
    /** The temperature that kills legionella, reached once a week, °C. */
    public static final double LEGIONELLA_C = 60;
    /** How often the water must reach {@link #LEGIONELLA_C}. */
    public static final Duration LEGIONELLA_EVERY = Duration.ofDays(7);
    /** After this long without the cycle it is run at once, in the dear hours if need be. */
    public static final Duration LEGIONELLA_OVERDUE = Duration.ofDays(8);

    /** 5 min on and off, 3 K above the floor, 5 K at night, the standard 07:00–22:00 weekday day tariff. */
    public static final BoilerRules DEFAULTS = new BoilerRules(Duration.ofMinutes(5), Duration.ofMinutes(5), 3, 5,
            DayNightSchedule.STANDARD, ZoneId.of("Europe/Brussels"));

    public BoilerRules {
        Objects.requireNonNull(minOn, "minOn");
        Objects.requireNonNull(minOff, "minOff");
        Objects.requireNonNull(nights, "nights");
        Objects.requireNonNull(zone, "zone");
        if (minOn.isNegative() || minOff.isNegative() || minOn.compareTo(Duration.ofHours(1)) > 0
                || minOff.compareTo(Duration.ofHours(1)) > 0) {
            throw new IllegalArgumentException("minOn and minOff must be 0 to 1 h, not " + minOn + ", " + minOff);
        }
        if (!(floorMarginK >= 0 && floorMarginK <= 20) || !(nightTopUpK >= 0 && nightTopUpK <= 40)) {
            throw new IllegalArgumentException("floorMarginK must be 0–20 K and nightTopUpK 0–40 K, not "
                    + floorMarginK + ", " + nightTopUpK);
        }
    }
}
