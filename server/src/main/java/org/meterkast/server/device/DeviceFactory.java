package org.meterkast.server.device;

import org.meterkast.energy.device.Device;
import org.meterkast.energy.device.DeviceException;

/**
 * Makes the devices of one adapter type; one Spring bean per adapter type. Two factories of the same kind and type
 * stop the start.
 *
 * @param <P> the port the adapter implements ({@link DeviceKind#port()})
 */
public interface DeviceFactory<P extends Device> {
    /** The kind of device this adapter is. */
    DeviceKind kind();

    /** The type name settings use: {@code ocpp16}, {@code sunspec}, {@code sim}. */
    String type();

    /** Makes the device; a DeviceException names the setting that is missing or wrong. */
    P create(DeviceSettings settings) throws DeviceException;
}
