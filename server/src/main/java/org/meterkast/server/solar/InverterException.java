package org.meterkast.server.solar;

/** An inverter could not be reached, or answered something that is not a valid reading. */
public class InverterException extends Exception {
    /** Whether the inverter answered but with values that make no sense, rather than not answering. */
    private final boolean badData;

    InverterException(String message, boolean badData) {
        super(message);
        this.badData = badData;
    }

    InverterException(String message, Throwable cause) {
        super(message, cause);
        this.badData = false;
    }

    /** Whether the inverter answered with values that make no sense (as opposed to not answering). */
    public boolean badData() {
        return badData;
    }
}
