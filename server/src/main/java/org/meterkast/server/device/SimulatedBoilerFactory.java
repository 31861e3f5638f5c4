package org.meterkast.server.device;

import java.math.BigDecimal;
import java.time.Clock;
import java.util.List;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.sim.BoilerTank;
import org.meterkast.sim.BoilerTankSettings;
import org.meterkast.sim.HotWaterDraws;
import org.springframework.stereotype.Component;

/**
 * Type {@code sim}: an electric boiler simulated in the server, on the server's clock, its hot water drawn by a
 * household's habits (the same every start for the same address and name).
 */
@Component
class SimulatedBoilerFactory implements DeviceFactory<SimulatedBoiler> {
    private final Clock clock;

    SimulatedBoilerFactory(Clock clock) {
        this.clock = clock;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BOILER;
    }

    @Override
    public String type() {
        return "sim";
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(
                DeviceSetting.optional("litres", Kind.INTEGER, "200").between(30, 2000),
                DeviceSetting.optional("element-watts", Kind.INTEGER, "2400").between(300, 12_000),
                DeviceSetting.optional("temperature", Kind.DECIMAL, "50").between(10, 90),
                DeviceSetting.optional("thermostat", Kind.DECIMAL, "65").between(40, 90));
    }

    @Override
    public SimulatedBoiler create(DeviceSettings s) throws DeviceException {
        long litres = s.integer("litres", 200);
        long element = s.integer("element-watts", 2400);
        double temperature = s.decimal("temperature", BigDecimal.valueOf(50)).doubleValue();
        double thermostat = s.decimal("thermostat", BigDecimal.valueOf(65)).doubleValue();
        BoilerTankSettings d = BoilerTankSettings.DEFAULT;
        BoilerTankSettings settings;
        try {
            settings = new BoilerTankSettings((int) Math.min(Integer.MAX_VALUE, litres), element,
                    d.lossWattsPerKelvin(), thermostat, d.ambientC(), d.coldWaterC());
        } catch (IllegalArgumentException e) {
            throw new DeviceException(s.origin() + e.getMessage());
        }
        if (!(temperature >= d.coldWaterC() && temperature <= 95)) {
            throw new DeviceException(s.origin() + "temperature must be from " + d.coldWaterC() + " to 95 °C, not "
                    + temperature);
        }
        // the same draws at every start, and when the device moves to an address showing its meter
        long seed = (s.meter() + "/" + s.name()).hashCode();
        return new SimulatedBoiler(s.name(), new BoilerTank(settings, temperature), new HotWaterDraws(seed), clock);
    }
}
