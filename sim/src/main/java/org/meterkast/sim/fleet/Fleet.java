package org.meterkast.sim.fleet;

import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * The meters of a simulated provider and the times of their telegrams: meter {@code n} is {@code fleet-0000n}, its
 * household drawn from {@code seed} and {@code n}, and its telegram number {@code i} (from 0) is stamped
 * {@code start + i × secondsPerTelegram}. Whoever knows these three values regenerates every telegram exactly,
 * byte for byte, with {@link #meter(int)}: the publisher and a test that checks what the nodes made of them.
 *
 * @param seed               the fleet's seed: same seed, same households
 * @param start              the time of every meter's first telegram, a whole second
 * @param secondsPerTelegram meter seconds between two telegrams of a meter (1 for real time; 10 makes two minutes
 *                           of publishing cover twenty minutes of meter time)
 */
public record Fleet(long seed, Instant start, int secondsPerTelegram) {
    /** The longest step between two telegrams: a meter longer silent is no longer a meter that sends regularly. */
    public static final int MAX_SECONDS_PER_TELEGRAM = 3_600;
    /** The most meters a fleet numbers ({@code fleet-99999} is the last five-digit id). */
    public static final int MAX_METERS = 99_999;

    public Fleet {
        Objects.requireNonNull(start, "start");
        if (start.getNano() != 0) {
            throw new IllegalArgumentException("start must be a whole second, not " + start);
        }
        if (secondsPerTelegram < 1 || secondsPerTelegram > MAX_SECONDS_PER_TELEGRAM) {
            throw new IllegalArgumentException("secondsPerTelegram must be 1 to " + MAX_SECONDS_PER_TELEGRAM + ", not "
                    + secondsPerTelegram);
        }
    }

    /** The id of meter {@code number} (1 to 99,999): {@code fleet-00001}; it is the meter's name in Meterkast. */
    public static String meterId(int number) {
        checkNumber(number);
        return String.format(Locale.ROOT, "fleet-%05d", number);
    }

    /** Meter {@code number}'s telegrams from the first one on. */
    public FleetMeter meter(int number) {
        checkNumber(number);
        return new FleetMeter(this, number);
    }

    /** When telegram {@code index} (from 0) of every meter is stamped. */
    public Instant telegramTime(long index) {
        if (index < 0) {
            throw new IllegalArgumentException("index must not be negative, not " + index);
        }
        return start.plusSeconds(Math.multiplyExact(index, (long) secondsPerTelegram));
    }

    /** A value drawn from the fleet's seed for {@code meter} and {@code stream}: 64 well-mixed bits. */
    long draw(int meter, int stream) {
        long z = seed * 0x9E3779B97F4A7C15L + meter * 0xBF58476D1CE4E5B9L + stream * 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** A value from {@code from} to {@code to} included, drawn for {@code meter} and {@code stream}. */
    long between(int meter, int stream, long from, long to) {
        return from + Math.floorMod(draw(meter, stream), to - from + 1);
    }

    private static void checkNumber(int number) {
        if (number < 1 || number > MAX_METERS) {
            throw new IllegalArgumentException("a fleet meter's number must be 1 to " + MAX_METERS + ", not " + number);
        }
    }
}
