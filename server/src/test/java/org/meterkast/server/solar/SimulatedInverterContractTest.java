package org.meterkast.server.solar;

import java.time.Duration;
import java.time.Instant;
import org.meterkast.energy.device.InverterPort;
import org.meterkast.server.MovableClock;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.SimulatedInverter;

/** The simulated household's roof against the inverter contract, on a clock the test moves. */
class SimulatedInverterContractTest extends InverterPortContract {
    private final MovableClock clock = new MovableClock(Instant.parse("2026-06-21T11:00:00Z"));

    @Override
    protected InverterPort inverter() {
        return new SimulatedInverterPort(new SimulatedInverter(new Household(HouseholdSettings.defaults(2026)),
                clock.instant(), 1_000L * 3600), clock);
    }

    @Override
    protected void letPass(Duration time) {
        clock.move(time);
    }
}
