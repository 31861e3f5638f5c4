package org.meterkast.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import org.meterkast.server.web.ApiError;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/** Writes the security filters' refusals (401, 403, 429) as the API's usual error body, in the user's language. */
@Component
class SecurityErrors {
    private final MessageSource messages;
    private final JsonMapper json;

    SecurityErrors(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
               Object... arguments) throws IOException {
        Locale locale = request.getLocale();
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(),
                new ApiError(status.value(), messages.getMessage(code, arguments, locale), null, null));
    }
}
