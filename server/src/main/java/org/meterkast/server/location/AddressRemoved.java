package org.meterkast.server.location;

/** Published when an address is removed, with every device entered for it. */
public record AddressRemoved(long locationId, String meter) {
}
