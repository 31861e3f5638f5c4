package org.meterkast.server.control;

import java.util.Objects;

/**
 * A decision a meter's control loop kept (the ones {@code GET /api/control} lists), published as an application event
 * for whoever counts them (the metrics' {@code meterkast_control_decisions_total}).
 */
public record DecisionKept(String meter, Decision decision) {
    public DecisionKept {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(decision, "decision");
    }
}
