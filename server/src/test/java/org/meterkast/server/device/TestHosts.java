package org.meterkast.server.device;

import org.meterkast.server.ingest.AddedSourceNetworks;

/** The hosts a device entered in the app may reach, as a server without settings allows them: the private ranges. */
public final class TestHosts {
    /** {@code meterkast.added-sources.allowed-networks}' default, which leaves out loopback and link-local. */
    public static final String DEFAULT_NETWORKS = "10.0.0.0/8,172.16.0.0/12,192.168.0.0/16,fc00::/7";

    private TestHosts() {
    }

    public static AllowedHosts defaults() {
        return allowing(DEFAULT_NETWORKS);
    }

    /** The hosts of these networks, as {@code meterkast.added-sources.allowed-networks} would list them. */
    public static AllowedHosts allowing(String networks) {
        return new AllowedHosts(new AddedSourceNetworks(networks));
    }

    /** Settings as a household enters them in the app (device 7 of address 1), which are checked at every connect. */
    public static DeviceSettings fromApp(DeviceKind kind, String type, java.util.Map<String, String> values) {
        return new DeviceSettings(1, "7", kind, type, values, "device 7 ", "home", true);
    }
}
