package org.meterkast.energy.storage;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;
import java.util.OptionalDouble;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.DayNightSchedule;

/**
 * How the boilers are run, for every address alike, and the tests {@link BoilerPolicy} decides by that other
 * policies need too: whether a boiler heats whatever the sun does ({@link #heatsAnyway}), so its draw is no surplus
 * the battery or the car may take.
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
    /**
     * How often the water must reach {@link #LEGIONELLA_C}: once a week. After this long without it the cycle is run
     * at once, in the dear hours if need be.
     */
    public static final Duration LEGIONELLA_EVERY = Duration.ofDays(7);
    /**
     * From this long without the cycle it is run from the surplus or in the night tariff, a day ahead of the week so
     * that it does not need the dear hours (a night tariff comes within the day).
     */
    public static final Duration LEGIONELLA_LOOK_FROM = Duration.ofDays(6);

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

    /** Whether the meter counts night at {@code at}. */
    public boolean night(Instant at) {
        return nights.at(at, zone) == DayNight.NIGHT;
    }

    /**
     * Whether the legionella cycle is wanted: the water below {@link #LEGIONELLA_C} and not there for {@link
     * #LEGIONELLA_LOOK_FROM}, or not known when it last was. It is then run from the surplus or in the night tariff.
     */
    public static boolean legionellaWanted(BoilerSnapshot b, double temperatureC, Instant at) {
        Duration since = sinceLegionella(b, at);
        return temperatureC < LEGIONELLA_C && (since == null || since.compareTo(LEGIONELLA_LOOK_FROM) >= 0);
    }

    /** Whether the legionella cycle must run now whatever the tariff: wanted, and a week or more (or not known). */
    public static boolean legionellaOverdue(BoilerSnapshot b, double temperatureC, Instant at) {
        Duration since = sinceLegionella(b, at);
        return legionellaWanted(b, temperatureC, at) && (since == null || since.compareTo(LEGIONELLA_EVERY) >= 0);
    }

    /** How long ago the water last reached {@link #LEGIONELLA_C}, null when not known. */
    static Duration sinceLegionella(BoilerSnapshot b, Instant at) {
        return b.lastLegionella().map(last -> Duration.between(last, at)).orElse(null);
    }

    /** The night top-up's target: {@link #nightTopUpK} above the floor, never above the boiler's top. */
    public double nightTarget(BoilerSnapshot b) {
        return Math.min(b.maxC(), b.floorC() + nightTopUpK);
    }

    /**
     * Whether {@link BoilerPolicy} heats this boiler at {@code at} whatever the surplus: the legionella cycle in the
     * night tariff or overdue, below its floor, the night top-up started (the water {@link #floorMarginK} below its
     * target), or without a temperature sensor in the night tariff. Its draw is then the house's, not surplus that
     * another use could take by switching it off. Only what the snapshot shows: a floor or night run that goes on
     * past its start (up to the margin) is the policy's memory and not seen here.
     */
    public boolean heatsAnyway(BoilerSnapshot b, Instant at) {
        if (b.reading().status() == BoilerStatus.ERROR) {
            return false;
        }
        boolean night = night(at);
        OptionalDouble temperature = b.reading().temperatureC();
        if (temperature.isEmpty()) {
            return night;
        }
        double t = temperature.getAsDouble();
        if (legionellaWanted(b, t, at) && (night || legionellaOverdue(b, t, at))) {
            return true;
        }
        if (t >= b.maxC()) {
            return false;
        }
        return t < b.floorC() || night && t < nightTarget(b) - floorMarginK;
    }
}
