package org.meterkast.server.location;

/** Published when a device entered in the app is removed from its address. */
public record DeviceRemoved(long locationId, long deviceId) {
}
