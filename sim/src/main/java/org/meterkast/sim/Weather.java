package org.meterkast.sim;

import java.util.SplittableRandom;

/**
 * Seeded Belgian weather: each day is clear, broken or overcast (clearer in summer), the cloud factor moves
 * smoothly between knots every 20 minutes, and the day's mean temperature follows Uccle's seasonal curve
 * (3 °C in January, 18.5 °C in July) with a few degrees of weather on top.
 */
final class Weather {
    private static final long KNOT_SECONDS = 1_200;

    private final long seed;

    Weather(long seed) {
        this.seed = seed;
    }

    /** The share of the clear-sky light that reaches the panels, 0.05 to 1. */
    double cloudFactor(long epochSecond) {
        long knot = Math.floorDiv(epochSecond, KNOT_SECONDS);
        double fraction = (epochSecond - knot * KNOT_SECONDS) / (double) KNOT_SECONDS;
        double a = knot(knot);
        double b = knot(knot + 1);
        // cosine interpolation: smooth through every knot, no kinks at the knots
        double w = (1 - Math.cos(Math.PI * fraction)) / 2;
        return a + (b - a) * w;
    }

    private double knot(long knot) {
        long day = BrusselsTime.localDay(knot * KNOT_SECONDS);
        DayWeather d = day(day);
        double u = Noise.unit(Noise.hash(seed, Noise.CLOUD_KNOT, knot)) - 0.5;
        return Math.max(0.05, Math.min(1.0, d.level + d.variability * u));
    }

    /** A day's sky: its mean clearness and how much it moves about. */
    private record DayWeather(double level, double variability) {
    }

    private DayWeather day(long day) {
        SplittableRandom r = Noise.random(seed, Noise.WEATHER_DAY, day);
        double summer = DayPlanner.summerness(day);
        double clearChance = 0.10 + 0.20 * summer;
        double overcastChance = 0.55 - 0.25 * summer;
        double draw = r.nextDouble();
        if (draw < clearChance) {
            return new DayWeather(0.90 + 0.10 * r.nextDouble(), 0.08);
        }
        if (draw < clearChance + overcastChance) {
            return new DayWeather(0.12 + 0.20 * r.nextDouble(), 0.12);
        }
        return new DayWeather(0.33 + 0.40 * r.nextDouble(), 0.70);
    }

    /** The day's mean outdoor temperature in tenths of a degree Celsius. */
    int meanTemperatureDeciC(long day) {
        double seasonal = 108 - 75 * Math.cos(2 * Math.PI * (day - 19) / 365.2422);
        // neighbouring days share weather: a warm spell lasts a few days
        double weather = 0.5 * temperatureNoise(day) + 0.25 * (temperatureNoise(day - 1) + temperatureNoise(day + 1));
        return (int) Math.round(seasonal + weather);
    }

    private double temperatureNoise(long day) {
        return (Noise.unit(Noise.hash(seed, Noise.TEMPERATURE, day)) - 0.5) * 90;
    }
}
