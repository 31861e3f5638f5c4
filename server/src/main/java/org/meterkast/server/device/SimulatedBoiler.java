package org.meterkast.server.device;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.BoilerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.sim.BoilerTank;
import org.meterkast.sim.HotWaterDraws;

/**
 * An electric boiler simulated in the server: the simulator's {@link BoilerTank} with a household's {@link
 * HotWaterDraws}, run on the server's clock, stepped at each read, command and (where a simulated meter counts it)
 * each second of the meter. Its relay starts switched on, as a boiler on its own thermostat is; switched off, its
 * water cools and is drawn all the same.
 */
public final class SimulatedBoiler implements BoilerPort {
    private final String name;
    private final BoilerTank tank;
    private final HotWaterDraws draws;
    private final Clock clock;
    private boolean closed;
    private boolean on = true;
    private Instant last;

    SimulatedBoiler(String name, BoilerTank tank, HotWaterDraws draws, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.tank = Objects.requireNonNull(tank, "tank");
        this.draws = Objects.requireNonNull(draws, "draws");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.last = clock.instant();
    }

    @Override
    public String describe() {
        var s = tank.settings();
        return "simulated boiler " + name + " (" + s.litres() + " l, " + s.elementWatts() + " W, thermostat "
                + Math.round(s.thermostatC()) + " °C)";
    }

    @Override
    public synchronized BoilerReading read() throws DeviceException {
        Instant now = advance();
        long watts = watts0();
        return new BoilerReading(now, watts > 0 ? BoilerStatus.HEATING : BoilerStatus.IDLE,
                OptionalDouble.of(tank.temperatureC()), Power.ofWatts(watts), on);
    }

    @Override
    public synchronized void switchOn(boolean on) throws DeviceException {
        advance();
        this.on = on;
    }

    @Override
    public Power ratedPower() {
        return Power.ofWatts(tank.settings().elementWatts());
    }

    /** The element's power now, W, for a meter that counts it: the tank runs to now first. */
    public synchronized long watts() {
        if (closed) {
            return 0;
        }
        advance0();
        return watts0();
    }

    /** The water's temperature now, °C. */
    public synchronized double temperatureC() {
        advance0();
        return tank.temperatureC();
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private long watts0() {
        return on && tank.temperatureC() < tank.settings().thermostatC() - 0.01 ? tank.settings().elementWatts() : 0;
    }

    private Instant advance() throws DeviceException {
        if (closed) {
            throw new DeviceException(describe() + " is closed");
        }
        return advance0();
    }

    /** Runs the tank since the last step, minute by minute of the household's draws. */
    private Instant advance0() {
        Instant now = clock.instant();
        long at = last.toEpochMilli();
        long to = now.toEpochMilli();
        while (at < to) {
            long minuteEnd = (Math.floorDiv(at, 60_000L) + 1) * 60_000L;
            long end = Math.min(minuteEnd, to);
            double seconds = (end - at) / 1000.0;
            double litres = draws.litresInMinute(Instant.ofEpochMilli(at)) * seconds / 60;
            tank.step(on ? tank.settings().elementWatts() : 0, litres, seconds);
            at = end;
        }
        if (now.isAfter(last)) {
            last = now;
        }
        return now;
    }
}
