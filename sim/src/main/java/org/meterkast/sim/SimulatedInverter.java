package org.meterkast.sim;

import java.time.Instant;
import java.util.Objects;

/**
 * The inverter on a simulated {@link Household}'s roof: its live power and its lifetime energy counter, integrated
 * second by second exactly as {@link SimulatedMeter} integrates the same household, so a meter and an inverter
 * started from the same instant and counter agree on every second (production − export is what the home used of
 * its own power, never negative). Thread-safe: a Modbus server and a poller may ask from different threads.
 */
public final class SimulatedInverter {
    /** Beyond a day of catching up, minute steps: the counter stays exact in total, only the shape is coarser. */
    private static final long FINE_CATCH_UP_SECONDS = 86_400;

    /**
     * What the inverter shows at one instant.
     *
     * @param at         the instant, a whole second
     * @param watts      AC power delivered now, W
     * @param lifetimeWh energy delivered since installation, Wh (whole, rounded down)
     */
    public record Reading(Instant at, long watts, long lifetimeWh) {
        public Reading {
            Objects.requireNonNull(at, "at");
        }
    }

    private final Household household;
    private long now;
    private long wattSeconds;

    /** An inverter whose counter reads {@code lifetimeWattSeconds} at {@code start} (truncated to the second). */
    public SimulatedInverter(Household household, Instant start, long lifetimeWattSeconds) {
        this.household = Objects.requireNonNull(household, "household");
        this.now = Objects.requireNonNull(start, "start").getEpochSecond();
        if (lifetimeWattSeconds < 0) {
            throw new IllegalArgumentException("lifetimeWattSeconds must not be negative, not " + lifetimeWattSeconds);
        }
        this.wattSeconds = lifetimeWattSeconds;
    }

    /** The inverter that continues where a simulated meter's own solar counter is now. */
    public static SimulatedInverter following(SimulatedMeter meter) {
        return new SimulatedInverter(meter.household(), meter.now(), meter.solarWattSeconds());
    }

    /**
     * Integrates up to {@code at} and returns what the inverter shows then; an instant at or before the last one
     * asked for returns the reading of the last one (the counter never goes back).
     */
    public synchronized Reading readAt(Instant at) {
        long target = Objects.requireNonNull(at, "at").getEpochSecond();
        while (now < target) {
            long step = target - now > FINE_CATCH_UP_SECONDS ? 60 : 1;
            wattSeconds += household.powerAt(now).solarWatts() * step;
            now += step;
        }
        return new Reading(Instant.ofEpochSecond(now), household.powerAt(now).solarWatts(), wattSeconds / 3600);
    }
}
