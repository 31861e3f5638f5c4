package org.meterkast.server.account;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.meterkast.server.web.Problems;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes the security filters' refusals (401, 403, 429) as the API's usual problem detail, in the user's language.
 */
@Component
class SecurityErrors {
    private final Problems problems;

    SecurityErrors(MessageSource messages, JsonMapper json) {
        this.problems = new Problems(messages, json);
    }

    void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code,
               Object... arguments) throws IOException {
        problems.write(request, response, status.value(), Map.of("detail", problems.text(request, code, arguments)));
    }
}
