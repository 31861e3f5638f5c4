package org.meterkast.server.billing;

import java.util.Locale;
import org.meterkast.server.web.ApiError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** A bill for a location without a tariff: 409, saying how to add one, in the user's language. */
@RestControllerAdvice(assignableTypes = BillController.class)
class BillErrors {
    private final MessageSource messages;

    BillErrors(MessageSource messages) {
        this.messages = messages;
    }

    @ExceptionHandler
    ResponseEntity<ApiError> noTariff(NoTariffException e, Locale locale) {
        return ResponseEntity.status(HttpStatus.CONFLICT).body(ApiError.ofMeter(409,
                messages.getMessage("error.bill.no-tariff", new Object[] {e.meter()}, locale), e.meter()));
    }
}
