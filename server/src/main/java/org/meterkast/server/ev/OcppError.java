package org.meterkast.server.ev;

/** The error codes of an OCPP-J 1.6 CALLERROR, with the wire spelling (the standard's own "Occurence"). */
enum OcppError {
    /** the action is not known to the receiver */
    NOT_IMPLEMENTED("NotImplemented"),
    /** the action is known but not supported */
    NOT_SUPPORTED("NotSupported"),
    /** something went wrong in the receiver while handling a valid call */
    INTERNAL_ERROR("InternalError"),
    /** the payload is incomplete: a required field is missing */
    PROTOCOL_ERROR("ProtocolError"),
    /** the frame or its payload is not syntactically a valid OCPP-J message */
    FORMATION_VIOLATION("FormationViolation"),
    /** a field holds a value outside what it allows */
    PROPERTY_CONSTRAINT_VIOLATION("PropertyConstraintViolation"),
    /** a field holds a value of the wrong JSON type */
    TYPE_CONSTRAINT_VIOLATION("TypeConstraintViolation"),
    /** anything else */
    GENERIC_ERROR("GenericError");

    private final String wire;

    OcppError(String wire) {
        this.wire = wire;
    }

    /** The code as it travels in the frame. */
    String wire() {
        return wire;
    }
}
