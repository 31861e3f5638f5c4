package org.meterkast.server.metrics;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.ToLongFunction;
import org.meterkast.p1.Rejection;
import org.meterkast.server.control.Devices;
import org.meterkast.server.ingest.IngestCounts;
import org.meterkast.server.ingest.IngestService;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.solar.InverterCounts;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * Each meter's ingest counts ({@link IngestCounts}, also in {@code GET /api/meters}) and its solar inverter's
 * ({@link InverterCounts}) as Prometheus counters tagged with the meter's name, and the delay from a telegram's own
 * time to its arrival. The counts stay where they are kept; the
 * counters read them at each scrape, and the meters read since the last scrape (one added in the app) are registered
 * then.
 */
@Component
class IngestMetrics implements MetricsController.ScrapeRefresh, TelegramReceived.Listener {
    /** Where the delay's buckets end: a telegram a second normally arrives within the first. */
    private static final Duration[] DELAY_BUCKETS = {Duration.ofMillis(500), Duration.ofSeconds(1),
            Duration.ofSeconds(2), Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(30),
            Duration.ofMinutes(1), Duration.ofMinutes(5)};

    private final MeterRegistry registry;
    private final IngestService ingest;
    private final ObjectProvider<Devices> devices;
    private final Set<String> registered = ConcurrentHashMap.newKeySet();
    private final Timer delay;

    IngestMetrics(MeterRegistry registry, IngestService ingest, ObjectProvider<Devices> devices) {
        this.registry = registry;
        this.ingest = ingest;
        this.devices = devices;
        this.delay = delayTimer(registry, "meterkast.telegram.delay",
                "From a telegram's own time to its arrival here, for every telegram read");
    }

    /** A timer of delays with buckets from half a second to five minutes, for a quantile in Prometheus. */
    static Timer delayTimer(MeterRegistry registry, String name, String description) {
        return Timer.builder(name).description(description).serviceLevelObjectives(DELAY_BUCKETS)
                .minimumExpectedValue(Duration.ofMillis(1)).maximumExpectedValue(Duration.ofHours(1))
                .register(registry);
    }

    @Override
    public void on(TelegramReceived event) {
        event.telegram().timestamp().ifPresent(at -> {
            long ms = event.receivedAt().toEpochMilli() - at.toEpochMilli();
            delay.record(Duration.ofMillis(Math.max(0, ms)));
        });
    }

    @Override
    public void refresh() {
        Set<String> meters = new java.util.LinkedHashSet<>(ingest.configuredMeters());
        meters.addAll(ingest.readMeters());
        for (String meter : meters) {
            if (registered.add(meter)) {
                register(meter);
            }
        }
    }

    private void register(String meter) {
        counter("meterkast.telegrams", "Telegrams decoded", meter, IngestCounts::telegrams);
        for (Rejection r : Rejection.values()) {
            rejected(meter, r.name().toLowerCase(Locale.ROOT), c -> c.rejected().getOrDefault(r.name(), 0L));
        }
        rejected(meter, "parse_error", IngestCounts::parseErrors);
        rejected(meter, "unusable", IngestCounts::unusable);
        rejected(meter, "clock", IngestCounts::clockRefused);
        counter("meterkast.quarters.stored", "Closed quarters written to the store", meter,
                IngestCounts::quartersStored);
        counter("meterkast.store.failures", "Writes to the store that failed (retried with the next telegram)", meter,
                IngestCounts::storeFailures);
        counter("meterkast.source.failures", "Attempts to open the source, or requests to a polled device, that "
                + "failed", meter, IngestCounts::openFailures);
        inverter(meter, "meterkast.inverter.readings", "Good readings of the meter's solar inverter", null,
                InverterCounts::readings);
        inverter(meter, "meterkast.inverter.failures", "Reads of the meter's solar inverter that failed (no "
                + "connection, no answer in time, a Modbus exception: failure) or gave no valid reading (bad_data)",
                "failure", InverterCounts::failures);
        inverter(meter, "meterkast.inverter.failures", null, "bad_data", InverterCounts::badData);
        Gauge.builder("meterkast.source.connected", ingest,
                        s -> s.counts(meter).map(c -> c.connected() ? 1.0 : 0.0).orElse(Double.NaN))
                .description("1 while the meter's source is open").tag("meter", meter).register(registry);
    }

    private void inverter(String meter, String name, String description, String kind,
                          ToLongFunction<InverterCounts> count) {
        FunctionCounter.Builder<ObjectProvider<Devices>> b = FunctionCounter.builder(name, devices,
                        d -> d.getObject().inverterCounts(meter).map(count::applyAsLong).orElse(0L).doubleValue())
                .description(description).tag("meter", meter);
        if (kind != null) {
            b.tag("kind", kind);
        }
        b.register(registry);
    }

    private void counter(String name, String description, String meter, ToLongFunction<IngestCounts> count) {
        FunctionCounter.builder(name, ingest, s -> s.counts(meter).map(count::applyAsLong).orElse(0L).doubleValue())
                .description(description).tag("meter", meter).register(registry);
    }

    private void rejected(String meter, String reason, ToLongFunction<IngestCounts> count) {
        FunctionCounter.builder("meterkast.telegrams.rejected", ingest,
                        s -> s.counts(meter).map(count::applyAsLong).orElse(0L).doubleValue())
                .description("Telegrams or frames refused: bad_crc, missing_crc, truncated, oversize (the framer), "
                        + "parse_error (a good CRC, not decodable), unusable (no time or energy registers), clock "
                        + "(stamped far from the server's clock)")
                .tags("meter", meter, "reason", reason).register(registry);
    }
}
