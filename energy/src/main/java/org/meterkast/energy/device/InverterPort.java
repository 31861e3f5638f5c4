package org.meterkast.energy.device;

/** A solar inverter, read only: one adapter per protocol (SunSpec over Modbus TCP, the simulator). */
public interface InverterPort extends Device {
    /** Reads the power now and the lifetime counter; connects first when needed. */
    InverterReading read() throws DeviceException;

    /** Drops the connection, if any; the next {@link #read} connects again. */
    default void disconnect() {
    }
}
