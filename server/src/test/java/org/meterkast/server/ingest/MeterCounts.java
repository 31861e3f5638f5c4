package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;

/** A meter's ingest counts as {@code GET /api/meters} shows them, and waiting for them to reach a state. */
final class MeterCounts {
    private MeterCounts() {
    }

    /** The meter's counts now; null when it is not being read. */
    static JsonNode of(ApiClient api, String meter) {
        for (JsonNode m : api.meters()) {
            if (m.get("id").asString().equals(meter)) {
                return m.get("counts").isNull() ? null : m.get("counts");
            }
        }
        return null;
    }

    /** Waits (up to 20 s) until the meter's counts satisfy {@code until}; its counts then. */
    static JsonNode await(ApiClient api, String meter, Predicate<JsonNode> until, String what)
            throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        JsonNode counts = of(api, meter);
        while (System.nanoTime() < deadline && (counts == null || !until.test(counts))) {
            Thread.sleep(20);
            counts = of(api, meter);
        }
        assertThat(counts).as("counts of meter '%s'", meter).isNotNull();
        assertThat(until.test(counts)).as("meter '%s' %s: %s", meter, what, counts).isTrue();
        return counts;
    }
}
