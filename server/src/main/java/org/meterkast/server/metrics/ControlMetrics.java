package org.meterkast.server.metrics;

import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import org.meterkast.server.control.Decision;
import org.meterkast.server.control.DecisionKept;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * The control loops' decisions (those {@code GET /api/control} lists) as counters: per action and whether the device
 * took it, and the device errors among them. Tagged by action only: a device's name is the household's own word.
 */
@Component
class ControlMetrics {
    /** The actions that command a device; the others record what happened (a failure of a policy or a device). */
    private static final Set<String> COMMANDS = Set.of("offer", "pause", "stop", "charge", "discharge", "hold",
            "release", "heat", "off");
    static final String APPLIED = "applied";

    private final MeterRegistry registry;

    ControlMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    @EventListener
    void on(DecisionKept kept) {
        Decision d = kept.decision();
        String action = COMMANDS.contains(d.action()) || d.action().equals("device-failed")
                || d.action().equals("policy-failed") ? d.action() : "other";
        boolean applied = APPLIED.equals(d.outcome());
        registry.counter("meterkast.control.decisions", "action", action, "applied", Boolean.toString(applied))
                .increment();
        if (d.action().equals("device-failed")) {
            registry.counter("meterkast.device.errors", "kind", "not-answering").increment();
        } else if (COMMANDS.contains(d.action()) && !applied && d.outcome() != null) {
            registry.counter("meterkast.device.errors", "kind", "command-refused").increment();
        }
    }
}
