package org.meterkast.energy.device;

/**
 * A home battery as the control loop sees it: read, told a power, or handed back to its own control; one adapter
 * per protocol (SunSpec models 124 and 802 over Modbus TCP, a register map for brands without SunSpec, the
 * simulator).
 */
public interface BatteryPort extends Device {
    /** What the battery reports now. */
    BatteryReading read() throws DeviceException;

    /**
     * Charges at this power (positive), discharges at it (negative), or holds (zero), within {@link #limits()}: an
     * adapter clamps a power beyond them to the limit. The battery keeps to it until told otherwise or until the
     * adapter's revert time passes, after which it returns to its own control (so a server that stops never leaves
     * a battery discharging).
     */
    void setPower(Power power) throws DeviceException;

    /** Hands the battery back to its own control (its built-in self-consumption mode). */
    void release() throws DeviceException;

    /** What the battery can do. */
    BatteryLimits limits();
}
