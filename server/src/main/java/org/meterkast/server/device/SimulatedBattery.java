package org.meterkast.server.device;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.LongSupplier;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BatteryStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.sim.BatteryModel;

/**
 * A home battery simulated in the server: the simulator's {@link BatteryModel} run on the server's clock, stepped at
 * each read, command and (where a simulated meter counts it) each second of the meter. Told a power, it keeps to it
 * (within its limits, a full battery charging nothing, an empty one giving nothing) until told otherwise or until
 * its revert time passes; otherwise, and once released, it runs its own self-consumption as a hybrid battery does:
 * it charges what the household injects and covers what it takes, from the household's net power without itself.
 */
public final class SimulatedBattery implements BatteryPort {
    private final String name;
    private final BatteryModel model;
    private final Duration revertAfter;
    /** The meter's net power now (positive import), for a battery no meter counts; its clamp sees it all. */
    private final LongSupplier meterNet;
    private final Clock clock;
    private final BatteryLimits limits;
    private boolean closed;
    private Instant last;
    /** The power flowing now, W, by the device layer's sign. */
    private long watts;
    /** The power it was told, or null in its own control. */
    private Power told;
    private Instant toldAt;
    /** The household's net power without the battery as a meter counting it last said, or null: none counts it. */
    private Long netWithoutBattery;

    SimulatedBattery(String name, BatteryModel model, Duration revertAfter, LongSupplier meterNet, Clock clock) {
        this.name = Objects.requireNonNull(name, "name");
        this.model = Objects.requireNonNull(model, "model");
        this.revertAfter = Objects.requireNonNull(revertAfter, "revertAfter");
        this.meterNet = Objects.requireNonNull(meterNet, "meterNet");
        this.clock = Objects.requireNonNull(clock, "clock");
        var s = model.settings();
        this.limits = new BatteryLimits(s.capacityWh(), Power.ofWatts(s.maxPowerWatts()),
                Power.ofWatts(s.maxPowerWatts()), s.reservePercent(), 100);
        this.last = clock.instant();
    }

    @Override
    public String describe() {
        var s = model.settings();
        return "simulated battery " + name + " (" + s.capacityWh() / 1000.0 + " kWh, " + s.maxPowerWatts() + " W)";
    }

    @Override
    public synchronized BatteryReading read() throws DeviceException {
        Instant now = advance();
        BatteryStatus status = watts > 0 ? BatteryStatus.CHARGING : watts < 0 ? BatteryStatus.DISCHARGING
                : BatteryStatus.STANDBY;
        return new BatteryReading(now, status, Math.max(0, Math.min(100, model.socPercent())), Power.ofWatts(watts));
    }

    @Override
    public synchronized void setPower(Power power) throws DeviceException {
        Objects.requireNonNull(power, "power");
        Instant now = advance();
        told = power.min(limits.maxCharge()).max(limits.maxDischarge().negated());
        toldAt = now;
        watts = feasible(told.watts());
    }

    @Override
    public synchronized void release() throws DeviceException {
        advance();
        told = null;
        watts = feasible(ownControl());
    }

    @Override
    public BatteryLimits limits() {
        return limits;
    }

    /**
     * What the battery does now for a meter that counts it, W: it runs to now, and in its own control answers the
     * household's net power without it.
     */
    public synchronized long watts(long netWithoutBatteryWatts) {
        netWithoutBattery = netWithoutBatteryWatts;
        if (closed) {
            return 0;
        }
        advance0();
        return watts;
    }

    /** Its state of charge now, %. */
    public synchronized double socPercent() {
        return model.socPercent();
    }

    @Override
    public synchronized void close() {
        closed = true;
        watts = 0;
    }

    private Instant advance() throws DeviceException {
        if (closed) {
            throw new DeviceException(describe() + " is closed");
        }
        return advance0();
    }

    /** Runs the model at the power it had since the last step, then sets the power it has from now on. */
    private Instant advance0() {
        Instant now = clock.instant();
        long millis = now.toEpochMilli() - last.toEpochMilli();
        if (millis > 0) {
            model.step(watts, millis / 1000.0);
            last = now;
        }
        if (told != null && now.isAfter(toldAt.plus(revertAfter))) {
            told = null;     // a server that stopped steering never leaves it discharging
        }
        watts = feasible(told != null ? told.watts() : ownControl());
        return now;
    }

    /** Self-consumption: charge what the household injects, cover what it takes. */
    private long ownControl() {
        long net = netWithoutBattery != null ? netWithoutBattery : meterNet.getAsLong();
        return -net;
    }

    /** The power held to its limit, nothing charged when full, nothing given at its reserve. */
    private long feasible(long asked) {
        long max = model.settings().maxPowerWatts();
        long w = Math.max(-max, Math.min(max, asked));
        if (w > 0 && model.full() || w < 0 && model.empty()) {
            return 0;
        }
        return w;
    }
}
