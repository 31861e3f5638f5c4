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

    /**
     * The least revert time: the loop tells an unchanged power again at most 27 s after the last (every 20 s, on a
     * 5 s cycle, with 2 s to answer), so a shorter one would hand the battery back between two commands.
     */
    static final Duration LEAST_REVERT = Duration.ofSeconds(30);
    /**
     * The most: a server that stops or loses the network leaves the battery on its last command this long at worst
     * (the register holds up to 18 h, far too long for a battery discharging into the grid).
     */
    static final Duration MOST_REVERT = Duration.ofMinutes(10);

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
        if (revert.compareTo(LEAST_REVERT) < 0 || revert.compareTo(MOST_REVERT) > 0) {
            throw new DeviceException(settings.origin() + "revert must be 30s to 10m, not " + revert);
        }
        return new SunSpecBattery(address, (int) unit, TIMEOUT, revert, clock, hosts.of(settings));
    }
}
