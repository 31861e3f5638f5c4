package org.meterkast.server.device;

/**
 * The grid power an address's meter reports now, for a simulated device that answers it as a real one answers its
 * own meter clamp (the simulated battery's self-consumption). Given by the feature that keeps the live readings, so
 * the device layer does not depend on it.
 */
public interface MeterPowers {
    /** The meter's last net power, W: positive import, negative export; 0 while it has sent none. */
    long netWatts(String meter);
}
