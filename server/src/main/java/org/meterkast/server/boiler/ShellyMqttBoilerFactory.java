package org.meterkast.server.boiler;

import com.hivemq.client.mqtt.datatypes.MqttTopic;
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

/**
 * Type {@code shelly-mqtt}: a boiler switched by a Shelly Gen2 relay over its MQTT channel. The broker is an address
 * like any other a household enters ({@code HOST[:PORT]}, the port 1883, or 8883 with {@code tls}), so from the app
 * it must be one the server may reach.
 */
@Component
class ShellyMqttBoilerFactory implements DeviceFactory<ShellyMqttBoiler> {
    /** How long a Switch.Set may wait for its answer: the loop gives a device 2 s. */
    static final Duration TIMEOUT = Duration.ofMillis(1500);
    private static final Duration SHORTEST_STALE = Duration.ofSeconds(10);

    private final Clock clock;
    private final AllowedHosts hosts;

    ShellyMqttBoilerFactory(Clock clock, AllowedHosts hosts) {
        this.clock = clock;
        this.hosts = hosts;
    }

    @Override
    public DeviceKind kind() {
        return DeviceKind.BOILER;
    }

    @Override
    public String type() {
        return "shelly-mqtt";
    }

    @Override
    public List<DeviceSetting> settings() {
        List<DeviceSetting> settings = new ArrayList<>();
        settings.add(DeviceSetting.required("broker", Kind.ADDRESS));
        settings.add(DeviceSetting.optional("tls", Kind.BOOLEAN, "false"));
        settings.add(DeviceSetting.optional("username", Kind.TEXT, null));
        settings.add(DeviceSetting.password("password"));
        settings.add(DeviceSetting.required("prefix", Kind.TEXT));
        settings.addAll(ShellyComponents.SETTINGS);
        settings.add(DeviceSetting.optional("stale-after", Kind.DURATION, "2m"));
        return settings;
    }

    /** The settings checked without connecting: saving them from the app starts the device, which connects. */
    @Override
    public void check(DeviceSettings settings) throws DeviceException {
        read(settings);
    }

    @Override
    public ShellyMqttBoiler create(DeviceSettings settings) throws DeviceException {
        Checked c = read(settings);
        return new ShellyMqttBoiler(c.broker(), c.username(), c.password(), c.prefix(), c.components(),
                c.staleAfter(), TIMEOUT, clock, hosts.of(settings));
    }

    private record Checked(ShellyMqttBoiler.Broker broker, String username, String password, String prefix,
                           ShellyComponents components, Duration staleAfter) {
    }

    private static Checked read(DeviceSettings settings) throws DeviceException {
        boolean tls = settings.bool("tls", false);
        ShellyMqttBoiler.Broker broker = broker(settings.required("broker").strip(), tls, settings.origin());
        String username = settings.optional("username").map(String::strip).orElse(null);
        String password = settings.optional("password").orElse(null);
        if (password != null && username == null) {
            throw new DeviceException(settings.origin() + "password is set without username; MQTT 3.1.1 sends a "
                    + "password only with a user name");
        }
        String prefix = settings.required("prefix").strip();
        try {
            MqttTopic.of(prefix + "/rpc");
            if (prefix.contains("+") || prefix.contains("#") || prefix.startsWith("/") || prefix.endsWith("/")) {
                throw new IllegalArgumentException("it holds a wildcard or starts or ends with /");
            }
        } catch (IllegalArgumentException e) {
            throw new DeviceException(settings.origin() + "prefix '" + prefix + "' is not the device's topic prefix "
                    + "such as shellyplus1pm-a8032ab1c2d3: " + e.getMessage());
        }
        Duration stale = settings.duration("stale-after", Duration.ofMinutes(2));
        if (stale.compareTo(SHORTEST_STALE) < 0) {
            throw new DeviceException(settings.origin() + "stale-after must be at least 10s, not " + stale.toSeconds()
                    + "s");
        }
        return new Checked(broker, username, password, prefix, ShellyComponents.of(settings), stale);
    }

    /** {@code HOST}, {@code HOST:PORT}, {@code [IPv6]} or {@code [IPv6]:PORT}; the port 1883, or 8883 for TLS. */
    static ShellyMqttBoiler.Broker broker(String address, boolean tls, String origin) throws DeviceException {
        String host;
        String port = null;
        if (address.startsWith("[")) {
            int end = address.indexOf(']');
            if (end < 0) {
                throw new DeviceException(origin + "broker '" + address + "' is not HOST or HOST:PORT");
            }
            host = address.substring(1, end);
            if (address.length() > end + 1) {
                if (address.charAt(end + 1) != ':') {
                    throw new DeviceException(origin + "broker '" + address + "' is not HOST or HOST:PORT");
                }
                port = address.substring(end + 2);
            }
        } else {
            int colon = address.lastIndexOf(':');
            host = colon < 0 ? address : address.substring(0, colon);
            port = colon < 0 ? null : address.substring(colon + 1);
        }
        int p = tls ? 8883 : 1883;
        if (port != null) {
            try {
                p = Integer.parseInt(port);
            } catch (NumberFormatException e) {
                p = -1;
            }
        }
        if (host.isEmpty() || p < 1 || p > 65_535) {
            throw new DeviceException(origin + "broker '" + address + "' is not HOST or HOST:PORT, e.g. "
                    + "192.168.1.10:1883");
        }
        return new ShellyMqttBoiler.Broker(host, p, tls);
    }
}
