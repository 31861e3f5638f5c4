package org.meterkast.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.control.Reason;
import org.meterkast.server.control.Decision;
import org.meterkast.server.control.DecisionKept;

class ControlMetricsTest {
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final ControlMetrics metrics = new ControlMetrics(registry);
    private final Instant at = Instant.parse("2026-12-08T07:00:00Z");

    private void kept(String action, String outcome) {
        metrics.on(new DecisionKept("home", new Decision(at, "carport", action, 16, 3, "solar",
                Reason.of("control.solar.surplus"), outcome)));
    }

    private double count(String name, String... tags) {
        var counter = registry.find(name).tags(tags).counter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void decisionsAreCountedByActionAndWhetherTheDeviceTookThem() {
        kept("offer", "applied");
        kept("offer", "applied");
        kept("pause", "charger 'carport' did not answer within 2 s");
        kept("device-failed", "connection refused");
        kept("policy-failed", "java.lang.IllegalStateException: no plan");

        assertThat(count("meterkast.control.decisions", "action", "offer", "applied", "true")).isEqualTo(2);
        assertThat(count("meterkast.control.decisions", "action", "pause", "applied", "false")).isEqualTo(1);
        assertThat(count("meterkast.control.decisions", "action", "device-failed", "applied", "false")).isEqualTo(1);
        assertThat(count("meterkast.control.decisions", "action", "policy-failed", "applied", "false")).isEqualTo(1);
        assertThat(count("meterkast.device.errors", "kind", "command-refused")).isEqualTo(1);
        assertThat(count("meterkast.device.errors", "kind", "not-answering")).isEqualTo(1);
    }
}
