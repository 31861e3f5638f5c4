package org.meterkast.server.device;

import org.meterkast.energy.device.DeviceException;

/**
 * Where an adapter connects for a host it was given, asked again at every connect: for a device entered in the app
 * the address the host resolves to now, once checked against the allowed networks (so a name that later resolves
 * to the server itself or the cloud's metadata service reaches nothing); for a device of the properties the host as
 * the operator wrote it. See {@link AllowedHosts#of}.
 */
@FunctionalInterface
public interface HostCheck {
    /** A device of the properties: the host as written, resolved by whatever connects. */
    HostCheck NONE = host -> host;

    /**
     * The host to connect to in place of {@code host} (a name or an address; an IPv6 address without brackets).
     *
     * @throws DeviceException when the host may not be reached: nothing is to be sent to it
     */
    String connectTo(String host) throws DeviceException;
}
