package org.meterkast.sim;

import java.util.Objects;
import java.util.Optional;

/**
 * What the simulated household has. Everything it does follows from these settings and the seed: two
 * households with equal settings draw the same power at every instant.
 *
 * @param seed               the seed of all its randomness (schedules, clouds, weather, draws)
 * @param solarPeakWatts     the solar array's peak power (Wp); 0 for no panels
 * @param roofAzimuthDegrees the direction the panels face, clockwise from north (180 = south)
 * @param roofTiltDegrees    the panels' tilt from horizontal
 * @param baseLoadWatts      standby consumption on top of which the fridge, freezer and appliances run
 * @param ev                 an electric car, if any
 * @param battery            a home battery, if any
 * @param boiler             an electric hot-water boiler, if any
 * @param gas                gas central heating, if any
 * @param water              a water meter, if any
 */
public record HouseholdSettings(long seed, long solarPeakWatts, int roofAzimuthDegrees, int roofTiltDegrees,
                                long baseLoadWatts, Optional<EvSettings> ev, Optional<BatterySettings> battery,
                                Optional<BoilerSettings> boiler, Optional<GasSettings> gas,
                                Optional<WaterSettings> water) {
    /** 4.5 kWp: a common Flemish roof. */
    public static final long DEFAULT_SOLAR_PEAK_WATTS = 4_500;
    public static final int DEFAULT_ROOF_AZIMUTH = 180;
    public static final int DEFAULT_ROOF_TILT = 35;
    /** Router, standby devices, ventilation; fridge and freezer cycle on top (150 to 350 W together). */
    public static final long DEFAULT_BASE_LOAD_WATTS = 150;

    public HouseholdSettings {
        Ranges.check("solarPeakWatts", solarPeakWatts, 0, 50_000, "Wp");
        Ranges.check("roofAzimuthDegrees", roofAzimuthDegrees, 0, 359, "°");
        Ranges.check("roofTiltDegrees", roofTiltDegrees, 0, 90, "°");
        Ranges.check("baseLoadWatts", baseLoadWatts, 0, 5_000, "W");
        Objects.requireNonNull(ev, "ev");
        Objects.requireNonNull(battery, "battery");
        Objects.requireNonNull(boiler, "boiler");
        Objects.requireNonNull(gas, "gas");
        Objects.requireNonNull(water, "water");
    }

    /** Solar (4.5 kWp, south, 35°), gas heating and water; no car, battery or boiler. */
    public static HouseholdSettings defaults(long seed) {
        return new HouseholdSettings(seed, DEFAULT_SOLAR_PEAK_WATTS, DEFAULT_ROOF_AZIMUTH, DEFAULT_ROOF_TILT,
                DEFAULT_BASE_LOAD_WATTS, Optional.empty(), Optional.empty(), Optional.empty(),
                Optional.of(GasSettings.DEFAULT), Optional.of(WaterSettings.DEFAULT));
    }

    public HouseholdSettings withSeed(long newSeed) {
        return new HouseholdSettings(newSeed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, baseLoadWatts,
                ev, battery, boiler, gas, water);
    }

    /** Another solar array: peak power, azimuth (clockwise from north) and tilt. */
    public HouseholdSettings withSolar(long peakWatts, int azimuthDegrees, int tiltDegrees) {
        return new HouseholdSettings(seed, peakWatts, azimuthDegrees, tiltDegrees, baseLoadWatts,
                ev, battery, boiler, gas, water);
    }

    public HouseholdSettings withBaseLoadWatts(long watts) {
        return new HouseholdSettings(seed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, watts,
                ev, battery, boiler, gas, water);
    }

    /** With this car; null for none. */
    public HouseholdSettings withEv(EvSettings car) {
        return new HouseholdSettings(seed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, baseLoadWatts,
                Optional.ofNullable(car), battery, boiler, gas, water);
    }

    /** With this battery; null for none. */
    public HouseholdSettings withBattery(BatterySettings newBattery) {
        return new HouseholdSettings(seed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, baseLoadWatts,
                ev, Optional.ofNullable(newBattery), boiler, gas, water);
    }

    /** With this electric boiler; null for none. */
    public HouseholdSettings withBoiler(BoilerSettings newBoiler) {
        return new HouseholdSettings(seed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, baseLoadWatts,
                ev, battery, Optional.ofNullable(newBoiler), gas, water);
    }

    /** With this gas heating; null for none (an all-electric house: no gas meter). */
    public HouseholdSettings withGas(GasSettings newGas) {
        return new HouseholdSettings(seed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, baseLoadWatts,
                ev, battery, boiler, Optional.ofNullable(newGas), water);
    }

    /** With this water use; null for no water meter. */
    public HouseholdSettings withWater(WaterSettings newWater) {
        return new HouseholdSettings(seed, solarPeakWatts, roofAzimuthDegrees, roofTiltDegrees, baseLoadWatts,
                ev, battery, boiler, gas, Optional.ofNullable(newWater));
    }
}
