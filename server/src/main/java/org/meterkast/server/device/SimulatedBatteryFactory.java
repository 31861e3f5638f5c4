package org.meterkast.server.device;

import java.math.BigDecimal;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.sim.BatteryModel;
import org.meterkast.sim.BatterySettings;
import org.springframework.stereotype.Component;

/**
 * Type {@code sim}: a home battery simulated in the server, on the server's clock; in its own control it answers
 * its address's meter (the last telegram's net power), or the simulated household's meter that counts it.
 */
@Component
class SimulatedBatteryFactory implements DeviceFactory<SimulatedBattery> {
    /** One-way efficiency of the simulated battery, %. */
    private static final int EFFICIENCY_PERCENT = 95;

    private final MeterPowers meters;
    private final Clock clock;

    SimulatedBatteryFactory(MeterPowers meters, Clock clock) {
        this.meters = meters;
        this.clock = clock;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BATTERY;
    }

    @Override
    public String type() {
        return "sim";
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(
                DeviceSetting.optional("capacity-kwh", Kind.DECIMAL, "10").between(1, 200),
                DeviceSetting.optional("max-kw", Kind.DECIMAL, "5").between(1, 30),
                DeviceSetting.optional("soc", Kind.INTEGER, "50").between(0, 100),
                DeviceSetting.optional("reserve", Kind.INTEGER, "10").between(0, 90),
                DeviceSetting.optional("revert", Kind.DURATION, "5m"));
    }

    @Override
    public SimulatedBattery create(DeviceSettings s) throws DeviceException {
        long capacityWh = s.decimal("capacity-kwh", BigDecimal.TEN).movePointRight(3).longValue();
        long maxWatts = s.decimal("max-kw", BigDecimal.valueOf(5)).movePointRight(3).longValue();
        long soc = s.integer("soc", 50);
        long reserve = s.integer("reserve", 10);
        Duration revert = s.duration("revert", Duration.ofMinutes(5));
        if (soc < 0 || soc > 100) {
            throw new DeviceException(s.origin() + "soc must be from 0 to 100 %, not " + soc);
        }
        if (reserve < 0 || reserve > 90) {
            throw new DeviceException(s.origin() + "reserve must be from 0 to 90 %, not " + reserve);
        }
        if (revert.isZero() || revert.isNegative()) {
            throw new DeviceException(s.origin() + "revert must be a positive duration, not " + revert);
        }
        BatterySettings settings;
        try {
            settings = new BatterySettings(capacityWh, maxWatts, (int) reserve, EFFICIENCY_PERCENT);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(s.origin() + e.getMessage());
        }
        String meter = s.meter();
        return new SimulatedBattery(s.name(), new BatteryModel(settings, Math.max(soc, reserve)), revert,
                () -> meter == null ? 0 : meters.netWatts(meter), clock);
    }
}
