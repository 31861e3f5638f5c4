package org.meterkast.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.meterkast.server.store.UnknownMeterException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.web.HttpMediaTypeNotAcceptableException;
import org.springframework.web.HttpMediaTypeNotSupportedException;
import org.springframework.web.HttpRequestMethodNotSupportedException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.multipart.MaxUploadSizeExceededException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.servlet.NoHandlerFoundException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.exc.StreamReadException;
import tools.jackson.databind.exc.InvalidFormatException;
import tools.jackson.databind.exc.MismatchedInputException;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns user errors into 4xx answers that name the meter, parameter or field, never a 500, worded in the language the
 * request asks for (Accept-Language: Dutch, French, else English). Spring MVC's own refusals (an unknown path, a
 * method a path does not take, an unreadable body…) get the same treatment instead of its English texts, and are not
 * logged as failures: they are the caller's mistakes. {@link ProblemBodies} gives every answer its problem shape.
 */
@RestControllerAdvice
class ApiErrors extends ResponseEntityExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ApiErrors.class);

    private final Problems problems;
    private final JsonMapper json;

    ApiErrors(MessageSource messages, JsonMapper json) {
        this.problems = new Problems(messages, json);
        this.json = json;
    }

    /** A field or parameter a 400 is about, with what is wrong with it. */
    record FieldProblem(String field, String message) {
    }

    @ExceptionHandler
    ResponseEntity<Object> unknownMeter(UnknownMeterException e, HttpServletRequest request) {
        return answer(HttpStatus.NOT_FOUND, problems.text(request, "error.meter.unknown", e.meter()),
                Map.of("meter", e.meter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> noTelegram(NoTelegramException e, HttpServletRequest request) {
        return answer(HttpStatus.NOT_FOUND, problems.text(request, "error.meter.no-telegram", e.meter()),
                Map.of("meter", e.meter()));
    }

    @ExceptionHandler
    ResponseEntity<Object> badParameter(BadParameterException e, HttpServletRequest request) {
        return aboutField(HttpStatus.BAD_REQUEST, e.parameter(), problems.text(request, e.code(), e.arguments()));
    }

    @ExceptionHandler
    ResponseEntity<Object> refused(ApiException e, HttpServletRequest request) {
        return aboutField(e.status(), e.field(), problems.text(request, e.code(), e.arguments()));
    }

    @Override
    protected ResponseEntity<Object> handleHttpRequestMethodNotSupported(HttpRequestMethodNotSupportedException e,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // unlike the default, no warning in the log: a wrong method is the caller's mistake
        return handleExceptionInternal(e, null, headers, status, request);
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception e, Object body, HttpHeaders headers,
                                                             HttpStatusCode status, WebRequest request) {
        HttpServletRequest servlet = ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
        ResponseEntity<Object> answer = answerTo(e, status, servlet);
        if (status.value() == HttpStatus.INTERNAL_SERVER_ERROR.value()) {
            log.warn("{} {} failed", servlet.getMethod(), servlet.getRequestURI(), e);
        } else {
            log.debug("{} {}: {}", servlet.getMethod(), servlet.getRequestURI(), e.toString());
        }
        return super.handleExceptionInternal(e, answer.getBody(), headers, status, request);
    }

    private ResponseEntity<Object> answerTo(Exception e, HttpStatusCode status, HttpServletRequest request) {
        if (e instanceof NoResourceFoundException || e instanceof NoHandlerFoundException) {
            return answer(status, problems.text(request, "error.path.unknown"), Map.of());
        }
        if (e instanceof HttpRequestMethodNotSupportedException wrong) {
            String allowed = wrong.getSupportedHttpMethods() == null ? "" : wrong.getSupportedHttpMethods().stream()
                    .map(Object::toString).sorted().collect(Collectors.joining(", "));
            return answer(status, problems.text(request, "error.method.not-allowed", wrong.getMethod(), allowed),
                    Map.of());
        }
        if (e instanceof HttpMediaTypeNotSupportedException wrong) {
            String accepted = wrong.getSupportedMediaTypes().stream().map(Object::toString)
                    .collect(Collectors.joining(", "));
            return answer(status, problems.text(request, "error.media.not-supported", accepted), Map.of());
        }
        if (e instanceof HttpMediaTypeNotAcceptableException) {
            return answer(status, problems.text(request, "error.media.not-acceptable"), Map.of());
        }
        if (e instanceof MaxUploadSizeExceededException) {
            return answer(status, problems.text(request, "error.request.too-large"), Map.of());
        }
        if (e instanceof MissingServletRequestParameterException missing) {
            return aboutField(status, missing.getParameterName(),
                    problems.text(request, "error.parameter.required", missing.getParameterName()));
        }
        if (e instanceof MethodArgumentTypeMismatchException wrong) {
            String code = wrong.getRequiredType() == Instant.class ? "error.parameter.not-instant"
                    : "error.parameter.wrong-type";
            return aboutField(status, wrong.getName(),
                    problems.text(request, code, wrong.getName(), String.valueOf(wrong.getValue())));
        }
        if (e instanceof HttpMessageNotReadableException unreadable) {
            return unreadableBody(unreadable, request);
        }
        // a ResponseStatusException may give the key of its text as its reason
        if (e instanceof ResponseStatusException refusal && refusal.getReason() != null) {
            String text = problems.textOrNull(request, refusal.getReason());
            if (text != null) {
                return answer(status, text, Map.of());
            }
        }
        return answer(status, problems.text(request, switch (status.value()) {
            case 413 -> "error.request.too-large";
            case 429 -> "error.request.too-many";
            case 503 -> "error.unavailable";
            default -> status.is5xxServerError() ? "error.server" : "error.request.failed";
        }), Map.of());
    }

    /**
     * A body Jackson could not read, told without Jackson's words (which name Java classes): where the JSON breaks,
     * or which field has a value of the wrong kind. A refusal our own types raised while being built keeps its text.
     */
    private ResponseEntity<Object> unreadableBody(HttpMessageNotReadableException e, HttpServletRequest request) {
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (cause instanceof ApiException refusal) {
                return refused(refusal, request);
            }
            if (cause instanceof BadParameterException bad) {
                return badParameter(bad, request);
            }
        }
        JacksonException jackson = jacksonCause(e);
        if (jackson instanceof StreamReadException broken && broken.getLocation() != null) {
            String line = String.valueOf(broken.getLocation().getLineNr());
            String column = String.valueOf(broken.getLocation().getColumnNr());
            return answer(HttpStatus.BAD_REQUEST, problems.text(request, "error.body.not-json", line, column),
                    Map.of("parameter", "body"));
        }
        if (jackson == null || jackson.getPath().isEmpty()) {
            return answer(HttpStatus.BAD_REQUEST, problems.text(request, "error.body.missing"),
                    Map.of("parameter", "body"));
        }
        String field = pathOf(jackson);
        String message = fieldMessage(jackson, request);
        return answer(HttpStatus.BAD_REQUEST, problems.text(request, "error.body.field", field, message),
                Map.of("parameter", "body", "errors", List.of(new FieldProblem(field, message))));
    }

    private static JacksonException jacksonCause(Throwable e) {
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof JacksonException jackson) {
                return jackson;
            }
        }
        return null;
    }

    /** The field as a JSON path from the body's top, such as {@code tariff.offtake.price} or {@code prices[2]}. */
    private static String pathOf(JacksonException e) {
        StringBuilder path = new StringBuilder();
        for (JacksonException.Reference step : e.getPath()) {
            if (step.getPropertyName() != null) {
                path.append(path.isEmpty() ? "" : ".").append(step.getPropertyName());
            } else if (step.getIndex() >= 0) {
                path.append('[').append(step.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private String fieldMessage(JacksonException e, HttpServletRequest request) {
        if (e instanceof UnrecognizedPropertyException) {
            return problems.text(request, "error.field.unknown");
        }
        if (!(e instanceof MismatchedInputException mismatch) || mismatch.getTargetType() == null) {
            return problems.text(request, "error.field.invalid");
        }
        Class<?> target = mismatch.getTargetType();
        if (!(e instanceof InvalidFormatException invalid)) {
            return problems.text(request, "error.field.wrong-kind");
        }
        String value = String.valueOf(invalid.getValue());
        if (target.isEnum()) {
            String names = Arrays.stream(target.getEnumConstants()).map(c -> json.valueToTree(c).asString())
                    .collect(Collectors.joining(", "));
            return problems.text(request, "error.field.not-one-of", value, names);
        }
        if (target == int.class || target == long.class || target == short.class || target == Integer.class
                || target == Long.class || target == Short.class || target == BigInteger.class) {
            return problems.text(request, "error.field.not-integer", value);
        }
        if (target.isPrimitive() && target != boolean.class || Number.class.isAssignableFrom(target)
                || target == BigDecimal.class) {
            return problems.text(request, "error.field.not-number", value);
        }
        if (target == LocalDate.class || target == YearMonth.class) {
            return problems.text(request, "error.field.not-date", value);
        }
        if (target == Instant.class || target == OffsetDateTime.class || target == ZonedDateTime.class
                || target == LocalDateTime.class) {
            return problems.text(request, "error.field.not-time", value);
        }
        if (target == boolean.class || target == Boolean.class) {
            return problems.text(request, "error.field.not-boolean", value);
        }
        return problems.text(request, "error.field.invalid");
    }

    private static ResponseEntity<Object> aboutField(HttpStatusCode status, String field, String message) {
        Map<String, Object> members = new LinkedHashMap<>();
        if (field != null) {
            members.put("parameter", field);
            members.put("errors", List.of(new FieldProblem(field, message)));
        }
        return answer(status, message, members);
    }

    private static ResponseEntity<Object> answer(HttpStatusCode status, String detail, Map<String, ?> members) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status, detail);
        members.forEach(problem::setProperty);
        return ResponseEntity.status(status).body(problem);
    }
}
