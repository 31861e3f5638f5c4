package org.meterkast.energy.control;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.Power;

/**
 * One electric boiler (heat battery) in a cycle's snapshot.
 *
 * @param device          the boiler's id within its address
 * @param reading         what it reported at the start of the cycle
 * @param ratedPower      its element's rated power
 * @param modulating      whether its power can be set (else it is only switched)
 * @param floorC          the temperature it is kept above whatever the sun does, °C
 * @param maxC            the temperature surplus heats it up to, °C
 * @param lastLegionella  when the water last reached 60 °C (the weekly legionella cycle), empty when not known
 */
public record BoilerSnapshot(String device, BoilerReading reading, Power ratedPower, boolean modulating,
                             double floorC, double maxC, Optional<Instant> lastLegionella) {
    public BoilerSnapshot {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reading, "reading");
        Objects.requireNonNull(ratedPower, "ratedPower");
        Objects.requireNonNull(lastLegionella, "lastLegionella");
        if (floorC >= maxC) {
            throw new IllegalArgumentException("floorC must be below maxC, not " + floorC + "…" + maxC);
        }
    }
}
