package org.meterkast.server.web;

import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.context.MessageSource;
import org.springframework.core.MethodParameter;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.http.converter.json.JacksonJsonHttpMessageConverter;
import org.springframework.http.server.ServerHttpRequest;
import org.springframework.http.server.ServerHttpResponse;
import org.springframework.http.server.ServletServerHttpRequest;
import org.springframework.http.server.ServletServerHttpResponse;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.ResponseBodyAdvice;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns every error answer a controller or exception handler writes as JSON (whatever record it chose) into the
 * API's problem detail, so that one shape and one content type hold for all of them.
 */
@RestControllerAdvice
class ProblemBodies implements ResponseBodyAdvice<Object> {
    private final Problems problems;
    private final JsonMapper json;

    ProblemBodies(MessageSource messages, JsonMapper json) {
        this.problems = new Problems(messages, json);
        this.json = json;
    }

    @Override
    public boolean supports(MethodParameter returnType, Class<? extends HttpMessageConverter<?>> converterType) {
        return JacksonJsonHttpMessageConverter.class.isAssignableFrom(converterType);
    }

    @Override
    public Object beforeBodyWrite(Object body, MethodParameter returnType, MediaType contentType,
                                  Class<? extends HttpMessageConverter<?>> converterType, ServerHttpRequest request,
                                  ServerHttpResponse response) {
        if (body == null || !(request instanceof ServletServerHttpRequest servletRequest)
                || !(response instanceof ServletServerHttpResponse servletResponse)) {
            return body;
        }
        int status = servletResponse.getServletResponse().getStatus();
        Map<String, Object> fields = status >= 400 ? fieldsOf(body) : null;
        if (fields == null) {
            return body;
        }
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return problems.body(servletRequest.getServletRequest(), status, fields);
    }

    /** The members of an error body, or null when it is not a JSON object (then it is left as it is). */
    @SuppressWarnings("unchecked")
    private Map<String, Object> fieldsOf(Object body) {
        if (body instanceof ProblemDetail problem) {
            Map<String, Object> fields = new LinkedHashMap<>();
            if (problem.getType() != null && !"about:blank".equals(problem.getType().toString())) {
                fields.put("type", problem.getType().toString());
            }
            fields.put("detail", problem.getDetail());
            if (problem.getInstance() != null) {
                fields.put("instance", problem.getInstance().toString());
            }
            if (problem.getProperties() != null) {
                fields.putAll(problem.getProperties());
            }
            return fields;
        }
        JsonNode tree = json.valueToTree(body);
        return tree.isObject() ? json.convertValue(tree, LinkedHashMap.class) : null;
    }
}
