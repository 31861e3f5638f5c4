package org.meterkast.server.location;

/** Published when an address is added, with the meter it shows. */
public record AddressAdded(long locationId, String meter) {
}
