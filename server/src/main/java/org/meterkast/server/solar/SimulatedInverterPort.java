package org.meterkast.server.solar;

import java.time.Clock;
import java.util.Objects;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.energy.device.InverterReading;
import org.meterkast.sim.SimulatedInverter;

/** The simulated household's roof, read on the server's clock as the simulated meter is. */
final class SimulatedInverterPort implements InverterPort {
    private final SimulatedInverter inverter;
    private final Clock clock;

    SimulatedInverterPort(SimulatedInverter inverter, Clock clock) {
        this.inverter = Objects.requireNonNull(inverter, "inverter");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    @Override
    public String describe() {
        return "simulated roof";
    }

    @Override
    public InverterReading read() {
        SimulatedInverter.Reading r = inverter.readAt(clock.instant());
        return new InverterReading(r.at(), r.watts(), r.lifetimeWh());
    }

    @Override
    public void close() {
    }
}
