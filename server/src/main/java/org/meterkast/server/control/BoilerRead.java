package org.meterkast.server.control;

import java.util.Objects;
import org.meterkast.energy.device.BoilerReading;

/**
 * A boiler's reading taken by its address's control loop in a cycle, published for what keeps the boiler's history
 * (its consumption and average temperature). Listeners must not block.
 *
 * @param locationId the address
 * @param device     the boiler's id within the address
 * @param reading    what it reported
 */
public record BoilerRead(long locationId, String device, BoilerReading reading) {
    public BoilerRead {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reading, "reading");
    }
}
