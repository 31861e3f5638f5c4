package org.meterkast.server.battery;

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

/** Type {@code sunspec}: a home battery behind a hybrid inverter speaking SunSpec (models 124 and 802). */
@Component
class SunSpecBatteryFactory implements DeviceFactory<SunSpecBattery> {
    /**
     * How long a battery may take to connect or to answer one request: well inside the control loop's 2 s, so a
     * dead battery fails its own call rather than the loop's wait.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(1);

    private final Clock clock;
    private final AllowedHosts hosts;

    SunSpecBatteryFactory(Clock clock, AllowedHosts hosts) {
        this.clock = clock;
        this.hosts = hosts;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BATTERY;
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
                DeviceSetting.optional("revert", Kind.DURATION, "60s"));
    }

    @Override
    public SunSpecBattery create(DeviceSettings settings) throws DeviceException {
        String address = BatterySettings.address(settings);
        long unit = settings.integer("unit-id", 1);
        if (unit < 0 || unit > 255) {
            throw new DeviceException(settings.origin() + "unit-id must be 0 to 255, not " + unit);
        }
        Duration revert = settings.duration("revert", Duration.ofSeconds(60));
        if (revert.compareTo(Duration.ofSeconds(10)) < 0 || revert.toSeconds() > 0xFFFF) {
            throw new DeviceException(settings.origin() + "revert must be 10s to 65535s (18h12m15s), not " + revert);
        }
        return new SunSpecBattery(address, (int) unit, TIMEOUT, revert, clock, hosts.of(settings));
    }
}
