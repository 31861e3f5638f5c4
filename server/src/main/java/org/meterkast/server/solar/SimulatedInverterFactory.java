package org.meterkast.server.solar;

import java.time.Clock;
import java.util.List;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.ingest.IngestService;
import org.springframework.stereotype.Component;

/** Type {@code sim}: the simulated household's roof, beside the simulated meter it belongs to. */
@Component
class SimulatedInverterFactory implements DeviceFactory<SimulatedInverterPort> {
    private final IngestService ingest;
    private final Clock clock;

    SimulatedInverterFactory(IngestService ingest, Clock clock) {
        this.ingest = ingest;
        this.clock = clock;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.INVERTER;
    }

    @Override
    public String type() {
        return "sim";
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(DeviceSetting.optional("poll", Kind.DURATION, "1s"));
    }

    @Override
    public SimulatedInverterPort create(DeviceSettings settings) throws DeviceException {
        String meter = settings.meter();
        return ingest.simulatedRoof(meter == null ? "" : meter).map(roof -> new SimulatedInverterPort(roof, clock))
                .orElseThrow(() -> new DeviceException(settings.origin() + "type sim needs the meter's type to be "
                        + "sim: the simulated inverter is the simulated household's roof"));
    }
}
