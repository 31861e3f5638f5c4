package org.meterkast.energy.device;

/**
 * A device could not be reached, did not answer in time, refused a command, or answered something that is not a
 * valid reading. The message names the device and what went wrong.
 */
public class DeviceException extends Exception {
    private final boolean badData;

    /** The device did not answer, or refused. */
    public DeviceException(String message) {
        this(message, false);
    }

    /**
     * @param badData whether the device answered, but with values that make no sense (counted apart from a device
     *                that is silent or unreachable)
     */
    public DeviceException(String message, boolean badData) {
        super(message);
        this.badData = badData;
    }

    /** The device could not be reached. */
    public DeviceException(String message, Throwable cause) {
        super(message, cause);
        this.badData = false;
    }

    /** Whether the device answered with values that make no sense, as opposed to not answering. */
    public boolean badData() {
        return badData;
    }
}
