package org.meterkast.server.device;

import java.time.Clock;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;

/**
 * A charger simulated in the server with a small car of its own: a battery of so many kWh at a state of charge,
 * taking at most its own power on its own phases. Plugging in opens a session; the car then draws the offered
 * current on the phases both it and the charger use (at 230 V, at most its power) until its battery is full, and
 * the session's energy grows with it on the server's clock. The blueprint for a new charger adapter.
 */
public final class SimulatedCharger implements ChargerPort {
    /** What the simulated car is. */
    record Car(long batteryWh, long maxWatts, int phases) {
    }

    private final String name;
    private final Car car;
    private final int wiredPhases;
    private final CurrentRange range;
    private final boolean canSwitch;
    private final Clock clock;
    private boolean closed;
    private boolean plugged;
    private boolean session;
    private double offeredAmps;
    private int switchedPhases;
    private long batteryWh;
    /** Energy charged in the running session, W·ms (3,600,000 to the Wh): exact, whatever the steps. */
    private long sessionWattMillis;
    private long chargedWattMillis;
    private Instant last;

    SimulatedCharger(String name, Car car, long socPercent, int wiredPhases, CurrentRange range, boolean canSwitch,
                     boolean plugged, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.car = Objects.requireNonNull(car, "car");
        this.wiredPhases = wiredPhases;
        this.range = Objects.requireNonNull(range, "range");
        this.canSwitch = canSwitch;
        this.clock = Objects.requireNonNull(clock, "clock");
        this.switchedPhases = wiredPhases;
        this.batteryWh = car.batteryWh() * socPercent / 100;
        this.last = clock.instant();
        if (plugged) {
            plugIn();
        }
    }

    @Override
    public String describe() {
        return "simulated charger " + name + " (car " + car.batteryWh() / 1000 + " kWh, " + car.maxWatts() + " W, "
                + car.phases() + " phase" + (car.phases() == 1 ? "" : "s") + ")";
    }

    @Override
    public synchronized ChargerReading read() throws DeviceException {
        Instant now = advance();
        Power power = power();
        ChargerStatus status = !plugged ? ChargerStatus.STANDBY : !session ? ChargerStatus.EV_CONNECTED
                : power.isPositive() ? ChargerStatus.CHARGING : ChargerStatus.PAUSED;
        return new ChargerReading(now, status, power, phases(), sessionWattMillis / 3_600_000, session ? offeredAmps : 0);
    }

    @Override
    public synchronized void offerCurrent(double amps) throws DeviceException {
        advance();
        if (amps < 0 || Double.isNaN(amps)) {
            throw new DeviceException(describe() + ": cannot offer " + amps + " A");
        }
        if (amps > 0 && (amps < range.minAmps() || amps > range.maxAmps())) {
            throw new DeviceException(describe() + ": offers 0 or " + range.minAmps() + " to " + range.maxAmps()
                    + " A, not " + amps + " A");
        }
        offeredAmps = amps;
    }

    @Override
    public synchronized void stopSession() throws DeviceException {
        advance();
        session = false;
        offeredAmps = 0;
    }

    @Override
    public CurrentRange currentRange() {
        return range;
    }

    @Override
    public Optional<PhaseSwitch> phaseSwitch() {
        return canSwitch ? Optional.of(this::usePhases) : Optional.empty();
    }

    @Override
    public Optional<VehicleSoc> vehicleSoc() {
        return Optional.of(this::socPercent);
    }

    private synchronized void usePhases(int phases) throws DeviceException {
        advance();
        if (phases != 1 && phases != 3 || phases > wiredPhases) {
            throw new DeviceException(describe() + ": cannot charge on " + phases + " phases");
        }
        switchedPhases = phases;
    }

    private synchronized Optional<Integer> socPercent() throws DeviceException {
        advance();
        return plugged ? Optional.of((int) (batteryWh * 100 / car.batteryWh())) : Optional.empty();
    }

    /** The car is plugged in: a session opens, offered nothing until told. */
    public synchronized void plugIn() {
        if (!plugged) {
            advance0();
            plugged = true;
            session = true;
            sessionWattMillis = 0;
            offeredAmps = 0;
        }
    }

    /** The car leaves: the session ends. */
    public synchronized void unplug() {
        advance0();
        plugged = false;
        session = false;
        offeredAmps = 0;
    }

    @Override
    public synchronized void close() {
        closed = true;
    }

    private Instant advance() throws DeviceException {
        if (closed) {
            throw new DeviceException(describe() + " is closed");
        }
        return advance0();
    }

    /** Charges the car for the time since the last call, at the power it drew over it. */
    private Instant advance0() {
        Instant now = clock.instant();
        long millis = Math.max(0, now.toEpochMilli() - last.toEpochMilli());
        long watts = power().watts();
        if (watts > 0 && millis > 0) {
            long room = (car.batteryWh() - batteryWh) * 3_600_000 - chargedWattMillis;
            long taken = Math.min(room, watts * millis);
            sessionWattMillis += taken;
            chargedWattMillis += taken;
            batteryWh += chargedWattMillis / 3_600_000;
            chargedWattMillis %= 3_600_000;
        }
        last = now.isAfter(last) ? now : last;
        return now;
    }

    private int phases() {
        return Math.min(Math.min(switchedPhases, car.phases()), wiredPhases);
    }

    private Power power() {
        if (!plugged || !session || offeredAmps == 0 || batteryWh >= car.batteryWh()) {
            return Power.ZERO;
        }
        return Power.ofWatts(Math.min(Power.ofAmps(offeredAmps, phases()).watts(), car.maxWatts()));
    }
}
