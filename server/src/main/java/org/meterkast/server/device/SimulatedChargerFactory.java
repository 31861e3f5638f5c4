package org.meterkast.server.device;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.meterkast.energy.device.ChargerPort.CurrentRange;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.springframework.stereotype.Component;

/** Type {@code sim}: a charger simulated in the server, with its car, on the server's clock. */
@Component
class SimulatedChargerFactory implements DeviceFactory<SimulatedCharger> {
    private final Clock clock;

    SimulatedChargerFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.CHARGER;
    }

    @Override
    public String type() {
        return "sim";
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(
                DeviceSetting.optional("battery-kwh", Kind.DECIMAL, "60").between(5, 250),
                DeviceSetting.optional("soc", Kind.INTEGER, "40").between(0, 100),
                DeviceSetting.optional("car-kw", Kind.DECIMAL, "11").between(1, 350),
                DeviceSetting.optional("car-phases", Kind.INTEGER, "3").between(1, 3),
                DeviceSetting.optional("phases", Kind.INTEGER, "3").between(1, 3),
                DeviceSetting.optional("max-amps", Kind.INTEGER, "16").between(6, 80),
                DeviceSetting.optional("phase-switching", Kind.BOOLEAN, "false"),
                DeviceSetting.optional("plugged", Kind.BOOLEAN, "true"));
    }

    @Override
    public SimulatedCharger create(DeviceSettings s) throws DeviceException {
        long batteryWh = s.decimal("battery-kwh", BigDecimal.valueOf(60)).movePointRight(3).longValue();
        long carWatts = s.decimal("car-kw", BigDecimal.valueOf(11)).movePointRight(3).longValue();
        int carPhases = phases(s, "car-phases");
        int wired = phases(s, "phases");
        long maxAmps = s.integer("max-amps", 16);
        if (maxAmps < 6) {
            throw new DeviceException(s.origin() + "max-amps must be at least 6, not " + maxAmps);
        }
        return new SimulatedCharger(s.name(), new SimulatedCharger.Car(batteryWh, carWatts, carPhases),
                Math.max(0, Math.min(100, s.integer("soc", 40))), wired, new CurrentRange(6, maxAmps),
                s.bool("phase-switching", false), s.bool("plugged", true), clock);
    }

    private static int phases(DeviceSettings s, String key) throws DeviceException {
        long phases = s.integer(key, 3);
        if (phases != 1 && phases != 3) {
            throw new DeviceException(s.origin() + key + " must be 1 or 3, not " + phases);
        }
        return (int) phases;
    }
}
