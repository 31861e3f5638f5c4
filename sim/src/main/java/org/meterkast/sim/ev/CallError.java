package org.meterkast.sim.ev;

/**
 * An OCPP-J CALLERROR this charge point answers a central system's call with: one of OCPP-J's error codes and a
 * description that names the field or action at fault.
 */
final class CallError extends Exception {
    private final String code;

    CallError(String code, String description) {
        super(description);
        this.code = code;
    }

    /** The field is missing, or its value is not allowed. */
    static CallError property(String field, String problem) {
        return new CallError("PropertyConstraintViolation", "'" + field + "' " + problem);
    }

    /** The field holds a value of the wrong type. */
    static CallError type(String field, String expected, Object found) {
        return new CallError("TypeConstraintViolation", "'" + field + "' must be " + expected + ", not "
                + (found instanceof String s ? "\"" + s + "\"" : String.valueOf(found)));
    }

    String code() {
        return code;
    }
}
