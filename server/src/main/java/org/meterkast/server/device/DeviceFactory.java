package org.meterkast.server.device;

import java.util.List;
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

    /**
     * The settings this type reads, in the order a form shows them. A value under another name is refused before
     * {@link #create} is called.
     */
    default List<DeviceSetting> settings() {
        return List.of();
    }

    /** Makes the device; a DeviceException names the setting that is missing or wrong. */
    P create(DeviceSettings settings) throws DeviceException;

    /**
     * Checks settings written in the app before they are saved, without keeping a device; by default makes the
     * device and closes it again, so an adapter whose {@link #create} connects or registers overrides this.
     */
    default void check(DeviceSettings settings) throws DeviceException {
        create(settings).close();
    }

    /**
     * The device was taken off its address, after it was closed: its adapter removed in the app (the device stays
     * listed), or, {@code forGood}, the device itself or its address removed. An adapter that registered anything
     * for the device (an OCPP charge point's id) lets go of it here; by default there is nothing to let go of.
     */
    default void removed(DeviceSettings settings, boolean forGood) {
    }
}
