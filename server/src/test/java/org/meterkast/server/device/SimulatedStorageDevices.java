package org.meterkast.server.device;

import java.time.Clock;
import java.time.Duration;
import java.util.function.LongSupplier;
import org.meterkast.sim.BatteryModel;
import org.meterkast.sim.BatterySettings;
import org.meterkast.sim.BoilerTank;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.HotWaterDraws;

/** The in-server simulated battery and boiler for the tests of other packages (their constructors are the layer's). */
public final class SimulatedStorageDevices {
    private SimulatedStorageDevices() {
    }

    /** A 10 kWh, 5 kW battery at {@code socPercent} (10 % reserve, 95 % each way) whose meter reads {@code net}. */
    public static SimulatedBattery battery(String name, double socPercent, Duration revert, LongSupplier net,
                                           Clock clock) {
        return new SimulatedBattery(name, new BatteryModel(BatterySettings.DEFAULT, socPercent), revert, net, clock);
    }

    /** A 200 l boiler with a 2.4 kW element and its thermostat at 65 °C, its water at {@code temperatureC}. */
    public static SimulatedBoiler boiler(String name, double temperatureC, Clock clock) {
        return new SimulatedBoiler(name, new BoilerTank(BoilerTankSettings.DEFAULT, temperatureC),
                new HotWaterDraws(1), clock);
    }
}
