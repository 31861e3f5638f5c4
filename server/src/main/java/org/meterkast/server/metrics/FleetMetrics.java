package org.meterkast.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.util.function.ToDoubleFunction;
import org.meterkast.server.fleet.FleetIngest;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A fleet node's own counts ({@link FleetIngest.Counts}, also in {@code GET /api/fleet/node}) as Prometheus counters
 * and gauges, and the delay of every telegram it takes behind its clock. Per node, never per meter: a provider's
 * tens of thousands of meters would be as many series (the operator page lists them).
 */
@Configuration(proxyBeanMethods = false)
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
class FleetMetrics {
    @Bean(FleetIngest.FLEET_DELAY)
    Timer fleetDelay(MeterRegistry registry) {
        return IngestMetrics.delayTimer(registry, "meterkast.fleet.delay",
                "From a telegram's own time to the moment this node took it from the broker");
    }

    @Bean
    MeterBinder fleetCounts(ObjectProvider<FleetIngest> ingest) {
        return registry -> {
            FleetIngest fleet = ingest.getObject();
            counter(registry, fleet, "meterkast.fleet.telegrams", "Telegrams this node took from the broker",
                    c -> c.telegrams());
            counter(registry, fleet, "meterkast.fleet.telegrams.rejected", "Telegrams refused: not a telegram, no "
                    + "registers, or stamped far from the node's clock", c -> c.rejected());
            counter(registry, fleet, "meterkast.fleet.unknown.meter", "Telegrams of a meter not in the database",
                    c -> c.unknownMeter());
            counter(registry, fleet, "meterkast.fleet.rows.written", "Boundary rows written (quarter, gas and water)",
                    c -> c.rowsWritten());
            counter(registry, fleet, "meterkast.fleet.quarters.written", "Quarters computed and written",
                    c -> c.quartersWritten());
            counter(registry, fleet, "meterkast.fleet.hours.written", "Gas and water hours computed and written",
                    c -> c.hoursWritten());
            counter(registry, fleet, "meterkast.fleet.failed.writes", "Writes to the database that failed (retried)",
                    c -> c.failedWrites());
            counter(registry, fleet, "meterkast.fleet.dropped.at.bound", "Telegrams not taken because too many "
                    + "readings waited for the database (the broker delivers them again)", c -> c.droppedAtBound());
            Gauge.builder("meterkast.fleet.waiting", fleet, f -> f.counts().waiting())
                    .description("Boundary readings in memory, not stored yet").register(registry);
            Gauge.builder("meterkast.fleet.storing.failing", fleet, f -> f.counts().failing() ? 1 : 0)
                    .description("1 while writes to the database fail").register(registry);
        };
    }

    private static void counter(MeterRegistry registry, FleetIngest fleet, String name, String description,
                                ToDoubleFunction<FleetIngest.Counts> count) {
        FunctionCounter.builder(name, fleet, f -> count.applyAsDouble(f.counts())).description(description)
                .register(registry);
    }
}
