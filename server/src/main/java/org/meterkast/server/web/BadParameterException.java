package org.meterkast.server.web;

import java.util.List;

/** A request parameter with a value the API cannot use; answered 400 naming the parameter, in the user's language. */
public class BadParameterException extends RuntimeException {
    private final String parameter;
    private final String code;
    private final List<String> arguments;

    /**
     * @param code      the key of the message in messages*.properties
     * @param arguments its arguments, as text
     */
    public BadParameterException(String parameter, String code, String... arguments) {
        super(code + " " + List.of(arguments));
        this.parameter = parameter;
        this.code = code;
        this.arguments = List.of(arguments);
    }

    String parameter() {
        return parameter;
    }

    String code() {
        return code;
    }

    Object[] arguments() {
        return arguments.toArray();
    }
}
