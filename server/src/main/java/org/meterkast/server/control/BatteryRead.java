package org.meterkast.server.control;

import java.util.Objects;
import org.meterkast.energy.device.BatteryReading;

/**
 * A home battery's reading taken by its address's control loop in a cycle, published for what keeps the battery's
 * history (its state-of-charge curve, the energy it stored and delivered). Listeners must not block.
 *
 * @param locationId the address
 * @param device     the battery's id within the address
 * @param reading    what it reported
 */
public record BatteryRead(long locationId, String device, BatteryReading reading) {
    public BatteryRead {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reading, "reading");
    }
}
