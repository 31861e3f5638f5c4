package org.meterkast.server.boiler;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.AllowedHosts;
import org.meterkast.server.device.DeviceFactory;
import org.meterkast.server.device.DeviceKind;
import org.meterkast.server.device.DeviceSetting;
import org.meterkast.server.device.DeviceSetting.Kind;
import org.meterkast.server.device.DeviceSettings;
import org.springframework.stereotype.Component;

/** Type {@code shelly-http}: a boiler switched by a Shelly Gen2 relay over its local HTTP RPC API. */
@Component
class ShellyHttpBoilerFactory implements DeviceFactory<ShellyHttpBoiler> {
    /**
     * How long the relay may take to connect or answer: the loop gives a device 2 s, and a Shelly on the home's
     * Wi-Fi answers in tens of milliseconds.
     */
    static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration SHORTEST_POLL = Duration.ofMillis(200);

    private final Clock clock;
    private final AllowedHosts hosts;

    ShellyHttpBoilerFactory(Clock clock, AllowedHosts hosts) {
        this.clock = clock;
        this.hosts = hosts;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BOILER;
    }

    @Override
    public String type() {
        return "shelly-http";
    }

    @Override
    public List<DeviceSetting> settings() {
        List<DeviceSetting> settings = new ArrayList<>();
        settings.add(DeviceSetting.required("address", Kind.ADDRESS));
        settings.addAll(ShellyComponents.SETTINGS);
        settings.add(DeviceSetting.optional("poll", Kind.DURATION, "2s"));
        return settings;
    }

    @Override
    public ShellyHttpBoiler create(DeviceSettings settings) throws DeviceException {
        String address = settings.required("address").strip();
        ShellyComponents components = ShellyComponents.of(settings);
        Duration poll = settings.duration("poll", Duration.ofSeconds(2));
        if (poll.compareTo(SHORTEST_POLL) < 0) {
            throw new DeviceException(settings.origin() + "poll must be at least 200ms, not " + poll.toMillis()
                    + "ms");
        }
        try {
            return new ShellyHttpBoiler(address, components, poll, TIMEOUT, clock, hosts.of(settings));
        } catch (IllegalArgumentException e) {
            throw new DeviceException(settings.origin() + "address: " + e.getMessage());
        }
    }
}
