package org.meterkast.server.web;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.context.NoSuchMessageException;
import org.springframework.http.MediaType;
import org.springframework.web.servlet.support.RequestContextUtils;
import tools.jackson.databind.json.JsonMapper;

/**
 * The one shape of every error answer: an RFC 9457 problem detail ({@code application/problem+json}) with a title
 * and detail in the user's language, plus the members the app has always read ({@code error}, the same text as
 * {@code detail}; {@code meter}, {@code parameter}) and {@code errors}, naming each field that is wrong. Each writer of
 * errors makes its own from the context's messages and JSON mapper (a plain object, so that a test slice of one
 * controller has it too).
 */
public class Problems {
    private final MessageSource messages;
    private final JsonMapper json;

    public Problems(MessageSource messages, JsonMapper json) {
        this.messages = messages;
        this.json = json;
    }

    /** The language of the answer: the app's choice (Accept-Language), also on an error dispatch or in a filter. */
    public static Locale locale(HttpServletRequest request) {
        return RequestContextUtils.getLocale(request);
    }

    /** A text of messages*.properties in the request's language. */
    public String text(HttpServletRequest request, String code, Object... arguments) {
        return messages.getMessage(code, arguments, locale(request));
    }

    /** A text of messages*.properties in the request's language, or null when there is no such key. */
    public String textOrNull(HttpServletRequest request, String code, Object... arguments) {
        return messages.getMessage(code, arguments, null, locale(request));
    }

    /**
     * The problem body for {@code status}: {@code fields} gives the detail (as {@code detail} or the older
     * {@code error}) and any members of its own, which follow the standard ones.
     */
    public Map<String, Object> body(HttpServletRequest request, int status, Map<String, ?> fields) {
        Object detail = fields.get("detail") != null ? fields.get("detail") : fields.get("error");
        if (detail == null) {
            detail = text(request, status >= 500 ? "error.server" : "error.request.failed");
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", fields.get("type") != null ? fields.get("type") : "about:blank");
        body.put("title", title(request, status));
        body.put("status", status);
        body.put("detail", detail);
        body.put("instance", fields.get("instance") != null ? fields.get("instance") : path(request));
        body.put("error", detail);
        fields.forEach((name, value) -> {
            if (value != null && !body.containsKey(name)) {
                body.put(name, value);
            }
        });
        return body;
    }

    /** Writes a problem answer where no controller runs (a security filter, the error page). */
    public void write(HttpServletRequest request, HttpServletResponse response, int status, Map<String, ?> fields)
            throws IOException {
        response.setStatus(status);
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), body(request, status, fields));
    }

    private String title(HttpServletRequest request, int status) {
        try {
            return messages.getMessage("error.title." + status, null, locale(request));
        } catch (NoSuchMessageException e) {
            return text(request, "error.title.other");
        }
    }

    /** The path asked for; on an error dispatch, the original one rather than /error. */
    private static String path(HttpServletRequest request) {
        Object original = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        return original instanceof String uri ? uri : request.getRequestURI();
    }
}
