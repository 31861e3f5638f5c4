package org.meterkast.server.store;

/** Asked for a meter that is not stored; the API answers 404 naming it. */
public class UnknownMeterException extends RuntimeException {
    private final String meter;

    public UnknownMeterException(String meter) {
        super("unknown meter '" + meter + "'");
        this.meter = meter;
    }

    /** The name that was asked for. */
    public String meter() {
        return meter;
    }
}
