package org.meterkast.server.location;

import java.util.Locale;
import org.meterkast.energy.location.Ean;
import org.meterkast.server.web.ApiError;
import org.springframework.context.MessageSource;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

/**
 * Checks an EAN as a user types it: valid, and electricity or gas where the number tells; otherwise 400 with what is
 * wrong in the user's language (a typo is caught by the check digit).
 */
@RestController
class EanController {
    /** A valid EAN and what it supplies. */
    record EanView(String ean, Ean.Kind kind) {
    }

    private final MessageSource messages;

    EanController(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping("/api/ean/{text}")
    EanView check(@PathVariable("text") String text) {
        Ean ean = Ean.parse(text);
        return new EanView(ean.digits(), ean.kind());
    }

    @ExceptionHandler
    ResponseEntity<ApiError> invalid(Ean.InvalidEanException e, Locale locale) {
        String key = "error.ean." + e.problem().name().toLowerCase(Locale.ROOT).replace('_', '-');
        return ResponseEntity.badRequest().body(ApiError.ofParameter(messages.getMessage(key,
                new Object[] {e.input(), Integer.toString(e.expectedCheckDigit())}, locale), "ean"));
    }
}
