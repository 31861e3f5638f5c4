package org.meterkast.server.metrics;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Whether {@code GET /metrics} answers ({@code meterkast.metrics.enabled}, off by default) and the bearer token a
 * scraper must send ({@code meterkast.metrics.token}): at least 24 characters, and not one of the app's own API
 * tokens ({@code mk_…}), which sign in an account. A server told to answer without a usable token does not start.
 */
@Component
public class MetricsSettings {
    static final String PREFIX = "meterkast.metrics.";
    static final int SHORTEST_TOKEN = 24;

    private final boolean enabled;
    private final byte[] token;

    public MetricsSettings(@Value("${meterkast.metrics.enabled:false}") boolean enabled,
                           @Value("${meterkast.metrics.token:}") String token) {
        this.enabled = enabled;
        if (enabled) {
            String t = token == null ? "" : token.strip();
            if (t.length() < SHORTEST_TOKEN) {
                throw new IllegalArgumentException(PREFIX + "enabled is true, so " + PREFIX + "token must hold at "
                        + "least " + SHORTEST_TOKEN + " characters (the bearer token Prometheus sends), not "
                        + t.length());
            }
            if (t.startsWith("mk_")) {
                throw new IllegalArgumentException(PREFIX + "token must not start with 'mk_': such tokens sign in "
                        + "an account");
            }
            this.token = t.getBytes(StandardCharsets.UTF_8);
        } else {
            this.token = null;
        }
    }

    public boolean enabled() {
        return enabled;
    }

    /** Whether an {@code Authorization} header carries the token, compared in constant time. */
    boolean accepts(String authorization) {
        if (!enabled || authorization == null || !authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return false;
        }
        return MessageDigest.isEqual(token, authorization.substring(7).strip().getBytes(StandardCharsets.UTF_8));
    }
}
