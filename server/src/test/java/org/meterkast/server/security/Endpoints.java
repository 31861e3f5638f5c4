package org.meterkast.server.security;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every API endpoint the running application maps, read from Spring MVC's own handler mapping, so a security test
 * over "every endpoint" also covers the endpoints added after it was written.
 */
record Endpoints(List<Endpoint> all) {
    private static final Pattern VARIABLE = Pattern.compile("\\{([^}]+)}");
    private static final Set<RequestMethod> CHANGING = Set.of(RequestMethod.POST, RequestMethod.PUT,
            RequestMethod.DELETE, RequestMethod.PATCH);

    /** One method on one path pattern, e.g. {@code PUT /api/meters/{id}/tariffs/{validFrom}}. */
    record Endpoint(RequestMethod method, String pattern, String contentType, String accept) {
        /** Whether the call changes something. */
        boolean changes() {
            return CHANGING.contains(method);
        }

        /** The path with {@code first} for the first path variable and a plausible value for the others. */
        String path(String first) {
            Matcher m = VARIABLE.matcher(pattern);
            StringBuilder out = new StringBuilder();
            boolean firstDone = false;
            while (m.find()) {
                String value = firstDone ? sample(m.group(1)) : first;
                firstDone = true;
                m.appendReplacement(out, Matcher.quoteReplacement(value));
            }
            m.appendTail(out);
            return out.toString();
        }

        private static String sample(String variable) {
            return switch (variable) {
                case "validFrom" -> "2026-01-01";
                case "month" -> "2026-01";
                default -> "1";
            };
        }

        @Override
        public String toString() {
            return method + " " + pattern;
        }
    }

    static Endpoints of(ApplicationContext context) {
        RequestMappingHandlerMapping mapping = context.getBean("requestMappingHandlerMapping",
                RequestMappingHandlerMapping.class);
        List<Endpoint> endpoints = new ArrayList<>();
        for (RequestMappingInfo info : mapping.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                if (!pattern.startsWith("/api/")) {
                    continue;
                }
                String consumes = info.getConsumesCondition().getConsumableMediaTypes().stream()
                        .map(Object::toString).findFirst().orElse("application/json");
                String produces = info.getProducesCondition().getProducibleMediaTypes().stream()
                        .map(Object::toString).findFirst().orElse("application/json");
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET) : methods) {
                    endpoints.add(new Endpoint(method, pattern, consumes, produces));
                }
            }
        }
        endpoints.sort(Comparator.comparing(Endpoint::pattern).thenComparing(Endpoint::method));
        return new Endpoints(List.copyOf(endpoints));
    }

    /** The endpoints under a prefix such as {@code /api/meters/{}}, whatever the variable is called. */
    List<Endpoint> under(String prefix) {
        return all.stream().filter(e -> e.pattern().replaceAll("\\{[^}]+}", "{}").startsWith(prefix)).toList();
    }
}
