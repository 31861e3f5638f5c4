package org.meterkast.server.solar;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.AllowedHosts;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.stereotype.Component;

/** Type {@code sunspec}: an inverter speaking SunSpec over Modbus TCP. */
@Component
class SunSpecInverterFactory implements DeviceFactory<SunSpecInverter> {
    /** How long a SunSpec inverter may take to connect or to answer one request. */
    static final Duration TIMEOUT = Duration.ofSeconds(3);

    private final Clock clock;
    private final AllowedHosts hosts;

    SunSpecInverterFactory(Clock clock, AllowedHosts hosts) {
        this.clock = clock;
        this.hosts = hosts;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.INVERTER;
    }

    @Override
    public String type() {
        return "sunspec";
    }

    @Override
    public List<DeviceSetting> settings() {
        return List.of(
                DeviceSetting.required("address", Kind.ADDRESS),
                DeviceSetting.optional("unit-id", Kind.INTEGER, "1").between(0, 255),
                DeviceSetting.optional("poll", Kind.DURATION, "2s"));
    }

    @Override
    public SunSpecInverter create(DeviceSettings settings) throws DeviceException {
        String address = settings.required("address");
        try {
            SunSpecInverter.parseAddress(address);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(settings.origin() + "address: " + e.getMessage());
        }
        long unit = settings.integer("unit-id", 1);
        if (unit < 0 || unit > 255) {
            throw new DeviceException(settings.origin() + "unit-id must be 0 to 255, not " + unit);
        }
        return new SunSpecInverter(address, (int) unit, TIMEOUT, clock, hosts.of(settings));
    }
}
