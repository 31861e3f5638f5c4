package org.meterkast.server.web;

import java.time.Instant;
import org.meterkast.server.store.UnknownMeterException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/** Turns user errors into 404 and 400 answers that name the meter or the parameter, never a 500. */
@RestControllerAdvice(basePackages = "org.meterkast.server")
class ApiErrors {

    @ExceptionHandler
    ResponseEntity<ApiError> unknownMeter(UnknownMeterException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.ofMeter(404, e.getMessage(), e.meter()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> noTelegram(NoTelegramException e) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.ofMeter(404, e.getMessage(), e.meter()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> badParameter(BadParameterException e) {
        return ResponseEntity.badRequest().body(ApiError.ofParameter(e.getMessage(), e.parameter()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e) {
        return ResponseEntity.badRequest().body(ApiError.ofParameter(
                "parameter '" + e.getParameterName() + "' is required", e.getParameterName()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> wrongType(MethodArgumentTypeMismatchException e) {
        String expected = e.getRequiredType() == Instant.class
                ? "an ISO instant such as 2026-01-12T00:00:00Z"
                : "a " + (e.getRequiredType() == null ? "valid value" : e.getRequiredType().getSimpleName());
        return ResponseEntity.badRequest().body(ApiError.ofParameter(
                "parameter '" + e.getName() + "': '" + e.getValue() + "' is not " + expected, e.getName()));
    }
}
