package org.meterkast.server.device;

import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.ingest.AddedSourceNetworks;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The {@link HostCheck} of a device's settings, for the adapters that connect to a host: a device entered in the app
 * may reach only the hosts {@code meterkast.added-sources.allowed-networks} allows, at every connect and not only
 * when its settings are saved (a name may resolve elsewhere later, and a device saved once is started again at
 * every boot); a device of the properties is the operator's, and is not checked.
 */
@Component
public class AllowedHosts {
    private static final Logger log = LoggerFactory.getLogger(AllowedHosts.class);

    private final AddedSourceNetworks networks;

    public AllowedHosts(AddedSourceNetworks networks) {
        this.networks = networks;
    }

    /** How the device of these settings connects. */
    public HostCheck of(DeviceSettings settings) {
        if (!settings.fromApp()) {
            return HostCheck.NONE;
        }
        return host -> {
            try {
                return networks.check(host).getHostAddress();
            } catch (AddedSourceNetworks.RefusedException e) {
                // the address it resolved to stays in the log: the household sees only that it is refused
                log.info("{}: no connection to '{}': {}", settings.origin().strip(), host, e.getMessage());
                throw new DeviceException(e.category().equals("unknown-host") ? "unknown host '" + host + "'"
                        : "'" + host + "' is not a host a device entered in the app may reach (outside "
                        + "meterkast.added-sources.allowed-networks); nothing was sent to it");
            }
        };
    }
}
