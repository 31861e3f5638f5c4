package org.meterkast.server.web;

/** A request parameter with a value the API cannot use; answered 400 naming the parameter. */
class BadParameterException extends RuntimeException {
    private final String parameter;

    BadParameterException(String parameter, String message) {
        super(message);
        this.parameter = parameter;
    }

    String parameter() {
        return parameter;
    }
}
