package org.meterkast.server.device;

import java.util.Locale;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.Device;
import org.meterkast.energy.device.InverterPort;

/** The kinds of device the layer knows, each with the port its adapters implement. */
public enum DeviceKind {
    CHARGER(ChargerPort.class),
    INVERTER(InverterPort.class),
    /** a home battery (the manual's iLubat) */
    BATTERY(BatteryPort.class),
    /** an electric boiler or heat battery (the manual's iLuheat) */
    BOILER(BoilerPort.class);

    private final Class<? extends Device> port;

    DeviceKind(Class<? extends Device> port) {
        this.port = port;
    }

    /** The port an adapter of this kind implements. */
    public Class<? extends Device> port() {
        return port;
    }

    /** The kind as settings write it: {@code charger}, {@code inverter}. */
    public String settingName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
