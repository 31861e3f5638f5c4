package org.meterkast.server.fluvius;

import java.util.Locale;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.util.unit.DataSize;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.multipart.MaxUploadSizeExceededException;

/**
 * An upload over {@code spring.servlet.multipart.max-file-size} is refused while the multipart body is read, before
 * any controller is chosen: it is answered here with 413 and a message, not an error page.
 */
@RestControllerAdvice
@Order(Ordered.HIGHEST_PRECEDENCE)
class UploadLimitErrors {
    private final MessageSource messages;
    private final long maxMegabytes;

    UploadLimitErrors(MessageSource messages,
                      @Value("${spring.servlet.multipart.max-file-size:60MB}") DataSize maxSize) {
        this.messages = messages;
        this.maxMegabytes = maxSize.toMegabytes();
    }

    @ExceptionHandler
    ResponseEntity<FluviusImportErrors.ImportError> tooLarge(MaxUploadSizeExceededException e, Locale locale) {
        return ResponseEntity.status(HttpStatus.CONTENT_TOO_LARGE).body(new FluviusImportErrors.ImportError(413,
                messages.getMessage("fluvius.import.too-large", new Object[] {maxMegabytes}, locale), null));
    }
}
