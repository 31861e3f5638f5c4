package org.meterkast.server.battery;

import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.device.DeviceSettings;
import org.meterkast.server.modbus.ModbusLink;

/** The settings both battery types read alike. */
final class BatterySettings {
    private BatterySettings() {
    }

    /** The {@code address} setting, checked to be {@code HOST} or {@code HOST:PORT}. */
    static String address(DeviceSettings settings) throws DeviceException {
        String address = settings.required("address");
        try {
            ModbusLink.parseAddress(address);
        } catch (IllegalArgumentException e) {
            throw new DeviceException(settings.origin() + "address: " + e.getMessage());
        }
        return address;
    }
}
