package org.meterkast.server.solar;

import java.util.Objects;
import org.meterkast.energy.device.InverterReading;

/** Published for every reading of a meter's inverter, on the poller's thread; listeners must not block. */
public record SolarReceived(String meter, InverterReading reading) {
    public SolarReceived {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(reading, "reading");
    }
}
