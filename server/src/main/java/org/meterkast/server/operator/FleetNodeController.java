package org.meterkast.server.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Locale;
import org.meterkast.server.fleet.FleetIngest;
import org.meterkast.server.fleet.FleetSettings;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.MessageSource;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What this one node of a fleet does now, from its own memory, so an operator sees it while the database is away
 * (administrators only, as all of {@code /api/fleet}, see SecurityConfiguration).
 */
@RestController
class FleetNodeController {
    /**
     * The node's state: {@code storing} is {@code ok} or {@code failing} (since {@code failingSince}); the rest are
     * {@link FleetIngest.Counts} since the node started.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record NodeState(String node, String storing, String failingSince, Long failingForSeconds, int waiting,
                     int mostWaiting, long droppedAtBound, String lastWriteProblem, long telegrams, long rejected,
                     long unknownMeter, long candidates, long rowsWritten, long quartersWritten, long hoursWritten,
                     long failedWrites) {
    }

    private final ObjectProvider<FleetIngest> ingest;
    private final FleetSettings settings;
    private final MessageSource messages;
    private final java.time.Clock clock;

    FleetNodeController(ObjectProvider<FleetIngest> ingest, FleetSettings settings, MessageSource messages,
                        java.time.Clock clock) {
        this.ingest = ingest;
        this.settings = settings;
        this.messages = messages;
        this.clock = clock;
    }

    @GetMapping("/api/fleet/node")
    ResponseEntity<?> node(Locale locale) {
        FleetIngest fleet = ingest.getIfAvailable();
        if (fleet == null) {
            ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                    messages.getMessage("fleet.storage.not-a-fleet-node", null, locale));
            return ResponseEntity.status(HttpStatus.NOT_FOUND).body(problem);
        }
        FleetIngest.Counts c = fleet.counts();
        Long failingFor = c.failing()
                ? Math.max(0, clock.millis() - c.failingSince().toEpochMilli()) / 1000 : null;
        return ResponseEntity.ok(new NodeState(settings.node(), c.failing() ? "failing" : "ok",
                c.failing() ? c.failingSince().toString() : null, failingFor, c.waiting(), c.mostWaiting(),
                c.droppedAtBound(), c.lastWriteProblem(), c.telegrams(), c.rejected(), c.unknownMeter(),
                c.candidates(), c.rowsWritten(), c.quartersWritten(), c.hoursWritten(), c.failedWrites()));
    }
}
