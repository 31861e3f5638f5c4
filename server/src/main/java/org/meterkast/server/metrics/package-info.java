/**
 * Metrics for Prometheus (docs/METRICS.md): Micrometer's registry, the node's own counts bound to it, and the
 * token-guarded {@code GET /metrics}, off unless {@code meterkast.metrics.enabled}.
 */
package org.meterkast.server.metrics;
