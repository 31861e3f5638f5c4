package org.meterkast.server.fluvius;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Refused imports answered with their status and a text in the language the request asks for. */
@RestControllerAdvice(assignableTypes = FluviusImportController.class)
class FluviusImportErrors {
    /** The same shape as the other API errors: the status, what is wrong, and the meter. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record ImportError(int status, String error, String meter) {
    }

    private final MessageSource messages;

    FluviusImportErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ResponseEntity<ImportError> refused(ImportRefusedException e, Locale locale) {
        return ResponseEntity.status(e.status()).body(new ImportError(e.status(),
                messages.getMessage(e.code(), e.arguments(), locale), null));
    }
}
