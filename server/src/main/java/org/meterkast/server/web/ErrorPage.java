package org.meterkast.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Map;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import tools.jackson.databind.json.JsonMapper;

/**
 * The servlet container's error page (what it shows for a 413 it refused itself, a 405 of a method no servlet
 * takes, or an exception no handler caught): a problem detail in the user's language like every other error,
 * instead of Spring Boot's page, which is English and would name the exception when asked to.
 */
@Controller
class ErrorPage implements ErrorController {
    private final Problems problems;

    ErrorPage(MessageSource messages, JsonMapper json) {
        this.problems = new Problems(messages, json);
    }

    @RequestMapping("${server.error.path:${error.path:/error}}")
    void error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = code instanceof Integer given && given >= 400 ? given : 500;
        String detail = switch (status) {
            case 401 -> problems.text(request, "account.sign-in-first");
            case 403 -> problems.text(request, "account.forbidden");
            case 404 -> problems.text(request, "error.path.unknown");
            // the error dispatch no longer tells the method asked for
            case 405 -> problems.text(request, "error.method.refused",
                    response.getHeader("Allow") == null ? "" : response.getHeader("Allow"));
            case 406 -> problems.text(request, "error.media.not-acceptable");
            case 413 -> problems.text(request, "error.request.too-large");
            case 429 -> problems.text(request, "error.request.too-many");
            case 503 -> problems.text(request, "error.unavailable");
            default -> problems.text(request, status >= 500 ? "error.server" : "error.request.failed");
        };
        problems.write(request, response, status, Map.of("detail", detail));
    }
}
