package org.meterkast.sim;

import java.util.SplittableRandom;

/**
 * Hashed randomness: every random choice is a function of (seed, stream, index), so any day, quarter or second
 * can be computed alone and in any order, and adding a new stream does not shift the others.
 */
final class Noise {
    // one stream per kind of choice
    static final long OCCUPANCY = 1;
    static final long APPLIANCES = 2;
    static final long WEATHER_DAY = 3;
    static final long CLOUD_KNOT = 4;
    static final long TEMPERATURE = 5;
    static final long CAR = 6;
    static final long WATER = 7;
    static final long STANDBY = 8;
    static final long VOLTAGE = 9;
    static final long BOILER = 10;
    static final long FRIDGE = 11;
    static final long FLICKER = 12;
    static final long CAR_DEPARTURE = 13;

    private Noise() {
    }

    /** SplitMix64's finaliser: a bijection that spreads every input bit over the output. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static long hash(long seed, long stream, long index) {
        return mix(mix(seed ^ stream * 0x9E3779B97F4A7C15L) + index * 0xD1B54A32D192ED03L);
    }

    /** A uniform number in [0, 1) from a hash. */
    static double unit(long hash) {
        return (hash >>> 11) * 0x1.0p-53;
    }

    /** A uniform long in [0, bound) from a hash. */
    static long below(long hash, long bound) {
        return Math.floorMod(hash, bound);
    }

    /** A generator for one day's choices of one stream. */
    static SplittableRandom random(long seed, long stream, long day) {
        return new SplittableRandom(hash(seed, stream, day));
    }
}
