package org.meterkast.server.web;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * The body of an error answer: what went wrong, and the meter or parameter it is about; written as a problem detail
 * (see {@link Problems}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(int status, String error, String meter, String parameter) {
    public static ApiError ofMeter(int status, String error, String meter) {
        return new ApiError(status, error, meter, null);
    }

    public static ApiError ofParameter(String error, String parameter) {
        return new ApiError(400, error, null, parameter);
    }
}
