package org.meterkast.server.fluvius;

/** An import refused before it starts or found wrong after the file was read: a message key and its arguments. */
class ImportRefusedException extends RuntimeException {
    private final int status;
    private final String code;
    private final transient Object[] arguments;

    ImportRefusedException(int status, String code, Object... arguments) {
        super(code);
        this.status = status;
        this.code = code;
        this.arguments = arguments;
    }

    int status() {
        return status;
    }

    String code() {
        return code;
    }

    Object[] arguments() {
        return arguments;
    }
}
