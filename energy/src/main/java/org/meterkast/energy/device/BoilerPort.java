package org.meterkast.energy.device;

import java.util.Optional;

/**
 * An electric boiler or heat battery as the control loop sees it: read, and switched on or off through its relay or
 * smart plug (Shelly's local HTTP API or its MQTT topics, Modbus). Where the element can be modulated, {@link
 * #modulation()} is present.
 */
public interface BoilerPort extends Device {
    /** What the boiler reports now. */
    BoilerReading read() throws DeviceException;

    /** Lets the element heat (its own thermostat still stops it when the water is hot), or switches it off. */
    void switchOn(boolean on) throws DeviceException;

    /** The element's rated power. */
    Power ratedPower();

    /** Present only where the element's power can be set between 0 and {@link #ratedPower()}. */
    default Optional<Modulation> modulation() {
        return Optional.empty();
    }

    /** A boiler whose element's power can be set. */
    interface Modulation {
        /** Heats at this power (0 switches the element off), at most the rated power. */
        void setPower(Power power) throws DeviceException;
    }
}
