package org.meterkast.server.ev;

/**
 * A frame or a payload a charge point sent that this server cannot take, with the OCPP error code it is answered
 * with and a description naming the field and what is wrong with it.
 */
class OcppException extends Exception {
    private final OcppError error;

    OcppException(OcppError error, String description) {
        super(description);
        this.error = error;
    }

    OcppError error() {
        return error;
    }
}
