package org.meterkast.server.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.HourlyVolumeBuilder;
import org.meterkast.energy.quarter.MeterReadings;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Medium;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.MeterState;
import org.meterkast.server.store.QuarterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One meter's pipeline, run on its reading thread: telegram → registers → quarters (and gas, water → hours) →
 * store. A telegram that cannot be handled is counted and the loop goes on; quarters whose write failed are kept
 * and written with the next telegram, so a busy or briefly unreachable database loses nothing.
 */
final class MeterIngest implements TelegramListener {
    private static final Logger log = LoggerFactory.getLogger(MeterIngest.class);

    private final Meter meter;
    private final String source;
    private final QuarterRepository quarters;
    private final MeterRepository meters;
    private final TransactionOperations transactions;
    private final ApplicationEventPublisher events;
    private final Clock clock;
    private final QuarterBuilder builder;
    private final Map<Medium, HourlyVolumeBuilder> volumeBuilders = new EnumMap<>(Medium.class);
    private final Map<Medium, Instant> lastCapture = new EnumMap<>(Medium.class);

    // pending writes: only touched on the reading thread
    private final List<ClosedQuarter> pendingQuarters = new ArrayList<>();
    private final Map<Medium, List<HourlyVolume>> pendingVolumes = new EnumMap<>(Medium.class);
    private MeterState pendingState;
    private RegisterSnapshot savedBoundary;

    // counts: written on the reading thread, published as one snapshot for the API's threads
    private final long[] rejected = new long[Rejection.values().length];
    private boolean connected;
    private long telegrams;
    private long parseErrors;
    private long warnings;
    private long unusable;
    private long quartersStored;
    private long storeFailures;
    private long failures;
    private String lastProblem;
    private Instant lastTelegramAt;
    private long opens;
    private long openFailures;
    private long disconnects;
    private Duration retryIn;
    private volatile IngestCounts counts;

    MeterIngest(Meter meter, String source, QuarterRepository quarters, MeterRepository meters,
                TransactionOperations transactions, ApplicationEventPublisher events, Clock clock) {
        this.meter = meter;
        this.source = source;
        this.quarters = quarters;
        this.meters = meters;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        Optional<MeterState> state = meters.state(meter.id());
        // resuming at the last stored boundary lets the quarter in which the server stopped still close whole
        this.builder = state.map(s -> QuarterBuilder.resumeAt(s.boundary(), s.segment(), QuarterBuilder.DEFAULT_MAX_GAP))
                .orElseGet(QuarterBuilder::new);
        this.savedBoundary = state.map(MeterState::boundary).orElse(null);
        volumeBuilders.put(Medium.GAS, new HourlyVolumeBuilder());
        volumeBuilders.put(Medium.WATER, new HourlyVolumeBuilder());
        publish();
    }

    IngestCounts counts() {
        return counts;
    }

    @Override
    public void onTelegram(Telegram telegram) {
        try {
            telegrams++;
            warnings += telegram.warnings().size();
            lastTelegramAt = clock.instant();
            events.publishEvent(new TelegramReceived(meter.name(), lastTelegramAt, telegram));
            Optional<RegisterSnapshot> reading = MeterReadings.registers(telegram);
            if (reading.isEmpty()) {
                unusable++;
            } else {
                pendingQuarters.addAll(builder.accept(reading.get()));
                builder.lastBoundary().filter(b -> !b.equals(savedBoundary))
                        .ifPresent(b -> pendingState = new MeterState(b, builder.segment()));
            }
            volume(Medium.GAS, MeterReadings.gas(telegram));
            volume(Medium.WATER, MeterReadings.water(telegram));
            flush();
        } catch (RuntimeException e) {
            failures++;
            lastProblem = "telegram of " + telegram.timestamp().map(Instant::toString).orElse("unknown time")
                    + ": " + e;
            log.warn("meter '{}': {}", meter.name(), lastProblem, e);
        } finally {
            publish();
        }
    }

    private void volume(Medium medium, Optional<MbusReading> reading) {
        if (reading.isEmpty() || reading.get().capturedAt() == null) {
            return;
        }
        MbusReading r = reading.get();
        // the meter repeats its last 5-minute reading in every telegram: only a new capture is a new reading
        if (r.capturedAt().equals(lastCapture.get(medium))) {
            return;
        }
        lastCapture.put(medium, r.capturedAt());
        List<HourlyVolume> closed = volumeBuilders.get(medium).accept(r.capturedAt(), r.thousandths());
        if (!closed.isEmpty()) {
            pendingVolumes.computeIfAbsent(medium, m -> new ArrayList<>()).addAll(closed);
        }
    }

    private void flush() {
        if (pendingQuarters.isEmpty() && pendingVolumes.isEmpty() && pendingState == null) {
            return;
        }
        try {
            transactions.executeWithoutResult(tx -> {
                quarters.save(meter.id(), pendingQuarters);
                pendingVolumes.forEach((medium, volumes) -> quarters.saveVolumes(meter.id(), medium, volumes));
                if (pendingState != null) {
                    meters.saveState(meter.id(), pendingState);
                }
            });
        } catch (DataAccessException e) {
            storeFailures++;
            lastProblem = "cannot store " + pendingQuarters.size() + " quarters, will retry: " + e.getMessage();
            log.warn("meter '{}': {}", meter.name(), lastProblem);
            return;
        }
        quartersStored += pendingQuarters.size();
        pendingQuarters.clear();
        pendingVolumes.clear();
        if (pendingState != null) {
            savedBoundary = pendingState.boundary();
            pendingState = null;
        }
    }

    @Override
    public void onRejected(Rejection reason, String detail) {
        rejected[reason.ordinal()]++;
        publish();
    }

    @Override
    public void onParseError(P1FormatException error) {
        parseErrors++;
        lastProblem = error.getMessage();
        publish();
    }

    @Override
    public void onConnected(String what) {
        connected = true;
        opens++;
        retryIn = null;
        log.info("meter '{}': reading {}", meter.name(), what);
        publish();
    }

    @Override
    public void onOpenFailed(IOException cause, Duration retryIn) {
        connected = false;
        openFailures++;
        this.retryIn = retryIn;
        lastProblem = cause.getMessage();
        log.warn("meter '{}': {}; again in {}", meter.name(), cause.getMessage(), retryIn);
        publish();
    }

    @Override
    public void onDisconnected(IOException cause) {
        connected = false;
        disconnects++;
        if (cause != null) {
            lastProblem = cause.getMessage();
        }
        publish();
    }

    private void publish() {
        Map<String, Long> byReason = new LinkedHashMap<>();
        for (Rejection r : Rejection.values()) {
            byReason.put(r.name(), rejected[r.ordinal()]);
        }
        long ignored = builder.ignoredReadings();
        counts = new IngestCounts(source, connected, telegrams, byReason, parseErrors, warnings, unusable, ignored,
                builder.segmentBreaks(), quartersStored, storeFailures, failures, lastProblem, lastTelegramAt, opens,
                openFailures, disconnects, retryIn);
    }
}
