package org.meterkast.server.web;

import java.time.Instant;
import java.util.Locale;
import org.meterkast.server.store.UnknownMeterException;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;

/**
 * Turns user errors into 404 and 400 answers that name the meter or the parameter, never a 500, worded in the
 * language the request asks for (Accept-Language: Dutch, French, else English).
 */
@RestControllerAdvice(basePackages = "org.meterkast.server")
class ApiErrors {
    private final MessageSource messages;

    ApiErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unknownMeter(UnknownMeterException e, Locale locale) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.ofMeter(404,
                messages.getMessage("error.meter.unknown", new Object[] {e.meter()}, locale), e.meter()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> noTelegram(NoTelegramException e, Locale locale) {
        return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiError.ofMeter(404,
                messages.getMessage("error.meter.no-telegram", new Object[] {e.meter()}, locale), e.meter()));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> badParameter(BadParameterException e, Locale locale) {
        return badRequest(e.parameter(), messages.getMessage(e.code(), e.arguments(), locale));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> missingParameter(MissingServletRequestParameterException e, Locale locale) {
        return badRequest(e.getParameterName(), messages.getMessage("error.parameter.required",
                new Object[] {e.getParameterName()}, locale));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> wrongType(MethodArgumentTypeMismatchException e, Locale locale) {
        String code = e.getRequiredType() == Instant.class ? "error.parameter.not-instant" : "error.parameter.wrong-type";
        return badRequest(e.getName(), messages.getMessage(code,
                new Object[] {e.getName(), String.valueOf(e.getValue())}, locale));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> unreadableBody(HttpMessageNotReadableException e, Locale locale) {
        Throwable cause = e.getMostSpecificCause();
        String detail = cause.getMessage() == null ? cause.getClass().getSimpleName()
                : cause.getMessage().lines().findFirst().orElse("");
        return badRequest("body", messages.getMessage("error.body.unreadable", new Object[] {detail}, locale));
    }

    @ExceptionHandler
    ResponseEntity<ApiError> refused(ApiException e, Locale locale) {
        return ResponseEntity.status(e.status()).body(new ApiError(e.status().value(),
                messages.getMessage(e.code(), e.arguments(), locale), null, e.field()));
    }

    private static ResponseEntity<ApiError> badRequest(String parameter, String message) {
        return ResponseEntity.badRequest().body(ApiError.ofParameter(message, parameter));
    }
}
