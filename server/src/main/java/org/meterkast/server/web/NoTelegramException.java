package org.meterkast.server.web;

/** A known meter that has sent nothing since the server started: there is no latest value to show. */
public class NoTelegramException extends RuntimeException {
    private final String meter;

    public NoTelegramException(String meter) {
        super("meter '" + meter + "' has sent no telegram since the server started");
        this.meter = meter;
    }

    String meter() {
        return meter;
    }
}
