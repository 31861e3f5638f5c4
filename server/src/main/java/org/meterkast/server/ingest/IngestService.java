package org.meterkast.server.ingest;

import java.time.Clock;
import java.util.Optional;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionOperations;

/**
 * Reads the configured meter from startup to shutdown. As a lifecycle bean it stops, and its reading thread
 * with it, before the database is closed.
 */
@Service
public class IngestService implements SmartLifecycle {
    private final MeterSettings settings;
    private final MeterRepository meters;
    private final QuarterRepository quarters;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private MeterSource source;
    private volatile MeterIngest ingest;
    private volatile boolean running;

    IngestService(MeterSettings settings, MeterRepository meters, QuarterRepository quarters,
                  TransactionOperations transactions, ApplicationEventPublisher events, Clock clock) {
        this.settings = settings;
        this.meters = meters;
        this.quarters = quarters;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
    }

    /** The counts of the meter with this name, if it is the one being read. */
    public Optional<IngestCounts> counts(String meter) {
        MeterIngest current = ingest;
        return current != null && settings.name().equals(meter) ? Optional.of(current.counts()) : Optional.empty();
    }

    @Override
    public synchronized void start() {
        Optional<MeterSource> configured = settings.type() == MeterSettings.SourceType.SIM
                ? Optional.of(new SimulatedMeterSource(settings.name(), settings.seed(), clock))
                : StreamMeterSource.of(settings);
        if (configured.isPresent()) {
            source = configured.get();
            Meter meter = meters.register(settings.name(), source.describe());
            source.prepare(meter, quarters, meters, transactions);
            ingest = new MeterIngest(meter, source.describe(), quarters, meters, transactions, events, clock);
            source.start(ingest);
        }
        running = true;
    }

    @Override
    public synchronized void stop() {
        if (source != null) {
            source.close();
            source = null;
        }
        running = false;
    }

    @Override
    public boolean isRunning() {
        return running;
    }
}
