package org.meterkast.server.metrics;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code GET /metrics}: the registry in Prometheus' text format, for a scraper that sends
 * {@code Authorization: Bearer <meterkast.metrics.token>}. 404 while metrics are off, 401 without the token.
 */
@RestController
class MetricsController {
    static final MediaType PROMETHEUS_TEXT = MediaType.parseMediaType("text/plain;version=0.0.4;charset=utf-8");

    private final MetricsSettings settings;
    private final ObjectProvider<PrometheusMeterRegistry> registry;
    private final List<ScrapeRefresh> refreshes;

    MetricsController(MetricsSettings settings, ObjectProvider<PrometheusMeterRegistry> registry,
                      List<ScrapeRefresh> refreshes) {
        this.settings = settings;
        this.registry = registry;
        this.refreshes = refreshes;
    }

    /** Something that registers meters found since the last scrape (a meter added in the app, say). */
    interface ScrapeRefresh {
        void refresh();
    }

    @GetMapping("/metrics")
    ResponseEntity<?> metrics(
            @RequestHeader(value = HttpHeaders.AUTHORIZATION, required = false) String authorization) {
        PrometheusMeterRegistry prometheus = registry.getIfAvailable();
        if (!settings.enabled() || prometheus == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(ProblemDetail.forStatusAndDetail(
                    HttpStatus.NOT_FOUND, "metrics are off on this server (" + MetricsSettings.PREFIX + "enabled)"));
        }
        if (!settings.accepts(authorization)) {
            return ResponseEntity.status(HttpStatus.UNAUTHORIZED)
                    .header(HttpHeaders.WWW_AUTHENTICATE, "Bearer realm=\"meterkast-metrics\"")
                    .body(ProblemDetail.forStatusAndDetail(HttpStatus.UNAUTHORIZED,
                            "send the metrics token as 'Authorization: Bearer <token>'"));
        }
        refreshes.forEach(ScrapeRefresh::refresh);
        return ResponseEntity.ok().contentType(PROMETHEUS_TEXT).body(prometheus.scrape());
    }
}
