package org.meterkast.server.web;

import java.util.List;
import org.springframework.http.HttpStatus;

/**
 * A request the API refuses with a status and a text from messages*.properties in the user's language, naming the
 * field it is about (or null).
 */
public class ApiException extends RuntimeException {
    private final HttpStatus status;
    private final String field;
    private final String code;
    private final List<String> arguments;

    public ApiException(HttpStatus status, String field, String code, String... arguments) {
        super(status.value() + " " + code + " " + List.of(arguments));
        this.status = status;
        this.field = field;
        this.code = code;
        this.arguments = List.of(arguments);
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    String field() {
        return field;
    }

    Object[] arguments() {
        return arguments.toArray();
    }
}
