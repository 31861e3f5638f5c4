package org.meterkast.server.solar;

/**
 * A solar inverter as the poller sees it: one adapter per protocol (SunSpec over Modbus TCP, the simulator).
 * Called from one thread, the poller's.
 */
public interface InverterPort extends AutoCloseable {
    /** What the inverter is, for logs and the API: {@code SunSpec 192.168.1.70:502 unit 1}. */
    String describe();

    /** Reads the power now and the lifetime counter; connects first when needed. */
    InverterReading read() throws InverterException;

    /** Drops the connection, if any; the next {@link #read} connects again. */
    default void disconnect() {
    }

    @Override
    void close();
}
