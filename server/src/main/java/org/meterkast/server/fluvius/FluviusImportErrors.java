package org.meterkast.server.fluvius;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
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
        var answer = ResponseEntity.status(e.status());
        if (e.status() == 429) {
            // an import of three years takes some seconds: a client may try again then
            answer.header(HttpHeaders.RETRY_AFTER, "30");
        }
        return answer.body(new ImportError(e.status(), messages.getMessage(e.code(), e.arguments(), locale), null));
    }
}
