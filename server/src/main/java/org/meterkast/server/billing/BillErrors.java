package org.meterkast.server.billing;

import java.util.Locale;
import org.meterkast.energy.tariff.MissingNetworkTariffException;
import org.meterkast.server.web.ApiError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;

/** Bills that cannot be made: no tariff yet (409), network data missing (422); in the user's language. */
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

    /** A classic meter in an area whose kWh tariff for it is not in the shipped data: 422, naming both. */
    @ExceptionHandler
    ResponseEntity<ApiError> missingNetworkTariff(MissingNetworkTariffException e, Locale locale) {
        return ResponseEntity.unprocessableEntity().body(new ApiError(422, messages.getMessage(
                "error.bill.network-missing", new Object[] {e.area().displayName(), e.validFrom().toString()}, locale),
                null, null));
    }
}
