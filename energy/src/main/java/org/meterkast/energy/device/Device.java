package org.meterkast.energy.device;

/** What every port has: a description for logs and the API, and a way to let go of its connection. */
public interface Device extends AutoCloseable {
    /** What the device is, for logs and the API: {@code SunSpec 192.168.1.70:502 unit 1}, {@code OCPP CP-1}. */
    String describe();

    /** Lets go of the connection and anything the device holds; called once, when the device is removed. */
    @Override
    default void close() {
    }
}
