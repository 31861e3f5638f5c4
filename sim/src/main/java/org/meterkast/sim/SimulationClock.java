package org.meterkast.sim;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Objects;

/**
 * Simulated time driven by a wall clock and a speed factor: {@code simulated = simulatedStart + (wall − wallStart)
 * × speed}. At speed 1 it is real time shifted; at 8,640 a day passes in 10 seconds. As a {@link Clock} it can be
 * handed to code that should live in simulated time.
 */
public final class SimulationClock extends Clock {
    private final Clock wall;
    private final Instant wallStart;
    private final Instant simulatedStart;
    private final long speed;

    /**
     * @param wall           the wall clock that drives it
     * @param wallStart      the wall time at which simulated time is {@code simulatedStart}
     * @param simulatedStart the simulated instant at {@code wallStart}
     * @param speed          simulated seconds per wall second, at least 1
     */
    public SimulationClock(Clock wall, Instant wallStart, Instant simulatedStart, long speed) {
        this.wall = Objects.requireNonNull(wall, "wall");
        this.wallStart = Objects.requireNonNull(wallStart, "wallStart");
        this.simulatedStart = Objects.requireNonNull(simulatedStart, "simulatedStart");
        if (speed < 1 || speed > 1_000_000_000L) {
            throw new IllegalArgumentException("speed must be 1 to 1000000000, not " + speed);
        }
        this.speed = speed;
    }

    /** A clock at {@code simulatedStart} now (by {@code wall}), running {@code speed} times as fast. */
    public static SimulationClock startingNow(Clock wall, Instant simulatedStart, long speed) {
        return new SimulationClock(wall, Objects.requireNonNull(wall, "wall").instant(), simulatedStart, speed);
    }

    public long speed() {
        return speed;
    }

    public Clock wall() {
        return wall;
    }

    /** The simulated time now. */
    @Override
    public Instant instant() {
        Duration elapsed = Duration.between(wallStart, wall.instant());
        return simulatedStart.plus(elapsed.multipliedBy(speed));
    }

    /** The wall time at which the simulated clock shows {@code simulated}. */
    public Instant wallTimeOf(Instant simulated) {
        Duration ahead = Duration.between(simulatedStart, Objects.requireNonNull(simulated, "simulated"));
        return wallStart.plus(ahead.dividedBy(speed));
    }

    /** Waits, with {@code sleeper}, until the simulated clock reaches {@code simulated}; returns at once if it has. */
    public void awaitSimulated(Instant simulated, Sleeper sleeper) throws InterruptedException {
        Duration pause = Duration.between(wall.instant(), wallTimeOf(simulated));
        // a pause under a millisecond costs more in scheduling than it keeps in step
        if (pause.toMillis() >= 1) {
            sleeper.sleep(pause);
        }
    }

    @Override
    public ZoneId getZone() {
        return wall.getZone();
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return new SimulationClock(wall.withZone(zone), wallStart, simulatedStart, speed);
    }

    @Override
    public String toString() {
        return "SimulationClock[" + simulatedStart + " at " + wallStart + ", x" + speed + "]";
    }
}
