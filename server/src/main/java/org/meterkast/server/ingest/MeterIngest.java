package org.meterkast.server.ingest;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.ConnectionLimit;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.HourlyVolumeBuilder;
import org.meterkast.energy.quarter.MeterReadings;
import org.meterkast.energy.quarter.Quarantine;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.VolumeBoundary;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Medium;
import org.meterkast.p1.MonthlyPeak;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterMonthPeak;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.MeterState;
import org.meterkast.server.store.QuarterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.transaction.support.TransactionOperations;

/**
 * One meter's pipeline, run on its reading thread: telegram → registers → quarters (and gas, water → hours) →
 * store. A telegram that cannot be handled is counted and the loop goes on; quarters whose write failed are kept
 * and written with the next telegram, so a busy or briefly unreachable database loses nothing.
 */
final class MeterIngest implements TelegramListener {
    private static final Logger log = LoggerFactory.getLogger(MeterIngest.class);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    /** A live telegram stamped further ahead of the server's clock than this is refused: its meter clock is wrong. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(10);
    /**
     * A live telegram stamped further behind than this is refused. Generous, as a data logger that was offline
     * pushes what it kept; a meter whose clock fell back to its factory date is far beyond it.
     */
    static final Duration MAX_BEHIND = Duration.ofDays(7);

    private final Meter meter;
    private final String source;
    private final boolean replay;
    private final QuarterRepository quarters;
    private final MeterRepository meters;
    private final TransactionOperations transactions;
    /** Every part that follows the meters live ({@link ReceivedTelegrams}). */
    private final TelegramReceived.Listener received;
    private final Clock clock;
    private final QuarterBuilder builder;
    private final Map<Medium, HourlyVolumeBuilder> volumeBuilders = new EnumMap<>(Medium.class);
    private final Map<Medium, Instant> lastCapture = new EnumMap<>(Medium.class);

    // pending writes: only touched on the reading thread
    private final List<ClosedQuarter> pendingQuarters = new ArrayList<>();
    private final List<Quarantine> pendingQuarantine = new ArrayList<>();
    private final Map<Medium, List<HourlyVolume>> pendingVolumes = new EnumMap<>(Medium.class);
    private MeterState pendingState;
    private RegisterSnapshot savedBoundary;
    private final Map<Medium, VolumeBoundary> pendingVolumeBoundaries = new EnumMap<>(Medium.class);
    private final Map<Medium, VolumeBoundary> savedVolumeBoundaries = new EnumMap<>(Medium.class);
    /** The meter's own last 1-0:1.4.0 per quarter, until that quarter closes and is written. */
    private final Map<Quarter, Long> meterDemand = new HashMap<>();
    /** The meter's own monthly peaks read and not yet written; the last ones read, to write only changes. */
    private final Map<YearMonth, MeterMonthPeak> pendingPeaks = new HashMap<>();
    private final Map<YearMonth, MeterMonthPeak> lastPeaks = new HashMap<>();
    private long demandQuarter = Long.MIN_VALUE;
    private Quarter demandQuarterKey;
    private DemandPeak lastMonthPeak;
    private List<MonthlyPeak> lastHistory = List.of();

    // counts: written on the reading thread, published as one snapshot for the API's threads
    private final long[] rejected = new long[Rejection.values().length];
    /** {@link #rejected} as the counts show it; null once it changed. */
    private Map<String, Long> rejectedView;
    private boolean connected;
    private long connects;
    private long disconnects;
    private long openFailures;
    private long emptyMessages;
    private long unauthorized;
    private long telegrams;
    private long parseErrors;
    private long warnings;
    private long unusable;
    private long garbageBytes;
    private long clockRefused;
    private long quartersStored;
    private long storeFailures;
    private long failures;
    private String lastProblem;
    private Instant lastTelegramAt;
    private Duration retryIn;
    private volatile IngestCounts counts;
    /** Why the last telegram went no further (a {@link Refusal}), or null when it was taken. */
    private Refusal refusal;

    /** Why a decoded telegram was not taken. */
    enum Refusal {
        /** stamped further ahead of the server's clock than {@link #MAX_AHEAD} */
        CLOCK_AHEAD,
        /** stamped further behind the server's clock than {@link #MAX_BEHIND} */
        CLOCK_BEHIND,
        /** its handling failed; the loop went on */
        FAILED
    }

    MeterIngest(Meter meter, String source, boolean replay, QuarterRepository quarters, MeterRepository meters,
                TransactionOperations transactions, TelegramReceived.Listener received, Clock clock) {
        this(meter, source, replay, quarters, meters, transactions, received, clock, ConnectionLimit.MAIN_FUSE);
    }

    /** @param limit the most the meter's connection carries: a quarter above it is quarantined, not stored */
    MeterIngest(Meter meter, String source, boolean replay, QuarterRepository quarters, MeterRepository meters,
                TransactionOperations transactions, TelegramReceived.Listener received, Clock clock,
                ConnectionLimit limit) {
        this.meter = meter;
        this.source = source;
        this.replay = replay;
        this.quarters = quarters;
        this.meters = meters;
        this.transactions = transactions;
        this.received = received;
        this.clock = clock;
        Optional<MeterState> state = meters.state(meter.id());
        // resuming at the last stored boundary lets the quarter in which the server stopped still close whole
        this.builder = state.map(s -> QuarterBuilder.resumeAt(s.boundary(), s.segment(), QuarterBuilder.DEFAULT_MAX_GAP,
                        limit))
                .orElseGet(() -> new QuarterBuilder(QuarterBuilder.DEFAULT_MAX_GAP, limit));
        this.savedBoundary = state.map(MeterState::boundary).orElse(null);
        Map<Medium, VolumeBoundary> volumeStates = meters.volumeStates(meter.id());
        for (Medium medium : List.of(Medium.GAS, Medium.WATER)) {
            VolumeBoundary saved = volumeStates.get(medium);
            volumeBuilders.put(medium, saved == null ? new HourlyVolumeBuilder()
                    : HourlyVolumeBuilder.resumeAt(saved, HourlyVolumeBuilder.DEFAULT_MAX_GAP));
            if (saved != null) {
                savedVolumeBoundaries.put(medium, saved);
            }
        }
        publish();
    }

    IngestCounts counts() {
        return counts;
    }

    /** Why the telegram just handled went no further, or null when it was taken; for the reading thread only. */
    Refusal refusal() {
        return refusal;
    }

    @Override
    public void onTelegram(Telegram telegram) {
        refusal = null;
        try {
            telegrams++;
            warnings += telegram.warnings().size();
            lastTelegramAt = clock.instant();
            if (!replay && clockIsWrong(telegram)) {
                return;
            }
            received.on(new TelegramReceived(meter.name(), lastTelegramAt, telegram));
            Optional<RegisterSnapshot> reading = MeterReadings.registers(telegram);
            if (reading.isEmpty()) {
                unusable++;
            } else {
                meterView(telegram, reading.get().at());
                List<ClosedQuarter> closed = builder.accept(reading.get());
                if (!closed.isEmpty()) {
                    pendingQuarters.addAll(closed);
                }
                List<Quarantine> quarantined = builder.takeQuarantined();
                if (!quarantined.isEmpty()) {
                    quarantined(quarantined);
                }
                // the builder hands back the same boundary for every reading of a quarter: most are the one saved
                Optional<RegisterSnapshot> boundary = builder.lastBoundary();
                if (boundary.isPresent() && boundary.get() != savedBoundary && !boundary.get().equals(savedBoundary)) {
                    pendingState = new MeterState(boundary.get(), builder.segment());
                }
            }
            volume(Medium.GAS, MeterReadings.gas(telegram));
            volume(Medium.WATER, MeterReadings.water(telegram));
            flush();
        } catch (RuntimeException e) {
            failures++;
            refusal = Refusal.FAILED;
            lastProblem = "telegram of " + telegram.timestamp().map(Instant::toString).orElse("unknown time")
                    + ": " + e;
            log.warn("meter '{}': {}", meter.name(), lastProblem, e);
        } finally {
            publish();
        }
    }

    /**
     * A meter clock far from the server's would file energy under the wrong quarters (a clock years ahead would
     * close every quarter up to then as estimated), so such a telegram is counted and goes no further.
     */
    private boolean clockIsWrong(Telegram telegram) {
        Optional<Instant> stamped = telegram.timestamp();
        if (stamped.isEmpty()) {
            return false;       // counted as unusable below
        }
        Duration offset = Duration.between(lastTelegramAt, stamped.get());
        if (offset.compareTo(MAX_AHEAD) <= 0 && offset.compareTo(MAX_BEHIND.negated()) >= 0) {
            return false;
        }
        clockRefused++;
        refusal = offset.isNegative() ? Refusal.CLOCK_BEHIND : Refusal.CLOCK_AHEAD;
        lastProblem = "telegram stamped " + stamped.get() + " is " + describe(offset.abs())
                + (offset.isNegative() ? " behind" : " ahead of") + " the server's clock (" + lastTelegramAt
                + "): the meter's or the server's clock is wrong; not stored";
        if (clockRefused == 1 || clockRefused % 3600 == 0) {
            log.warn("meter '{}': {} ({} refused so far)", meter.name(), lastProblem, clockRefused);
        }
        return true;
    }

    private void quarantined(List<Quarantine> steps) {
        pendingQuarantine.addAll(steps);
        Quarantine last = steps.get(steps.size() - 1);
        lastProblem = "registers stepped from " + last.before().registers() + " at " + last.before().at() + " to "
                + last.after().registers() + " at " + last.after().at() + ", more than the connection's "
                + last.limitW() + " W carries: " + last.resolution().name().toLowerCase(Locale.ROOT)
                + ", not billed as it was";
        log.warn("meter '{}': {}", meter.name(), lastProblem);
    }

    private static String describe(Duration d) {
        return d.toDays() > 0 ? d.toDays() + " days" : d.toMinutes() + " minutes";
    }

    /**
     * Keeps the meter's own demand and peaks, to be written beside the quarters. Runs for every telegram, so it
     * does the least: a quarter's demand is filed when the next quarter begins, and the peaks are looked at only
     * when the meter reports something new (the parser hands back the same objects while they are unchanged).
     */
    private void meterView(Telegram telegram, Instant at) {
        long quarter = Math.floorDiv(at.getEpochSecond(), QUARTER_SECONDS) * QUARTER_SECONDS;
        if (quarter != demandQuarter) {
            demandQuarter = quarter;
            demandQuarterKey = new Quarter(Instant.ofEpochSecond(quarter));
        }
        OptionalLong demand = telegram.currentAverageDemand();
        if (demand.isPresent()) {
            meterDemand.put(demandQuarterKey, demand.getAsLong());
        }
        Optional<DemandPeak> peak = telegram.monthPeak();
        if (peak.isPresent() && !peak.get().equals(lastMonthPeak)) {
            lastMonthPeak = peak.get();
            notePeak(new MeterMonthPeak(YearMonth.from(at.atZone(BRUSSELS)), lastMonthPeak.watts(),
                    lastMonthPeak.occurredAt().orElse(null)));
        }
        List<MonthlyPeak> history = telegram.peakHistory();
        if (history != lastHistory && !history.equals(lastHistory)) {
            lastHistory = history;
            for (MonthlyPeak past : history) {
                notePeak(new MeterMonthPeak(past.month(), past.watts(), past.occurredAt().orElse(null)));
            }
        }
    }

    private void notePeak(MeterMonthPeak peak) {
        if (!peak.equals(lastPeaks.put(peak.month(), peak))) {
            pendingPeaks.put(peak.month(), peak);
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
        HourlyVolumeBuilder volumes = volumeBuilders.get(medium);
        List<HourlyVolume> closed = volumes.accept(r.capturedAt(), r.thousandths());
        if (!closed.isEmpty()) {
            pendingVolumes.computeIfAbsent(medium, m -> new ArrayList<>()).addAll(closed);
        }
        volumes.lastBoundary().filter(b -> !b.equals(savedVolumeBoundaries.get(medium)))
                .ifPresent(b -> pendingVolumeBoundaries.put(medium, b));
    }

    private void flush() {
        if (pendingQuarters.isEmpty() && pendingQuarantine.isEmpty() && pendingVolumes.isEmpty() && pendingState == null
                && pendingVolumeBoundaries.isEmpty() && pendingPeaks.isEmpty()) {
            return;
        }
        try {
            transactions.executeWithoutResult(tx -> {
                quarters.save(meter.id(), pendingQuarters, meterDemand);
                quarters.saveQuarantine(meter.id(), pendingQuarantine);
                pendingVolumes.forEach((medium, volumes) -> quarters.saveVolumes(meter.id(), medium, volumes));
                if (pendingState != null) {
                    meters.saveState(meter.id(), pendingState);
                }
                pendingVolumeBoundaries.forEach((medium, b) -> meters.saveVolumeState(meter.id(), medium, b));
                meters.saveMonthPeaks(meter.id(), pendingPeaks.values());
            });
        } catch (DataAccessException e) {
            storeFailures++;
            lastProblem = "cannot store " + pendingQuarters.size() + " quarters, will retry: " + e.getMessage();
            log.warn("meter '{}': {}", meter.name(), lastProblem);
            return;
        }
        quartersStored += pendingQuarters.size();
        if (!pendingQuarters.isEmpty()) {
            // the demand of a quarter is written with it; what is left of older quarters will never be
            Instant written = pendingQuarters.get(pendingQuarters.size() - 1).quarter().start();
            meterDemand.keySet().removeIf(q -> !q.start().isAfter(written));
        }
        pendingQuarters.clear();
        pendingQuarantine.clear();
        pendingVolumes.clear();
        savedVolumeBoundaries.putAll(pendingVolumeBoundaries);
        pendingVolumeBoundaries.clear();
        pendingPeaks.clear();
        if (pendingState != null) {
            savedBoundary = pendingState.boundary();
            pendingState = null;
        }
    }

    @Override
    public void onRejected(Rejection reason, String detail) {
        rejected[reason.ordinal()]++;
        rejectedView = null;
        publish();
    }

    @Override
    public void onGarbage(long bytes) {
        garbageBytes += bytes;
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
        connects++;
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

    /** A message (a pushed body) held nothing that looked like a telegram, not even a broken one. */
    void onEmptyMessage(String detail) {
        emptyMessages++;
        lastProblem = detail;
        publish();
    }

    /** A pushed request was refused for its token; {@code detail} says where it came from, never the token. */
    void onUnauthorized(String detail) {
        unauthorized++;
        lastProblem = detail;
        log.warn("meter '{}': {}", meter.name(), detail);
        publish();
    }

    /** The counts of rejected frames by reason, made again only when one is rejected. */
    private Map<String, Long> rejectedByReason() {
        if (rejectedView == null) {
            Map<String, Long> byReason = new LinkedHashMap<>();
            for (Rejection r : Rejection.values()) {
                byReason.put(r.name(), rejected[r.ordinal()]);
            }
            rejectedView = Map.copyOf(byReason);
        }
        return rejectedView;
    }

    /**
     * A new snapshot after every telegram, so that an API thread always reads one telegram's counts whole: one record,
     * whose map of rejections is the one made at the last rejection (copied again by nothing, as it is immutable).
     */
    private void publish() {
        long ignored = builder.ignoredReadings();
        counts = new IngestCounts(source, connected, connects, disconnects, openFailures, retryIn, telegrams,
                rejectedByReason(), garbageBytes, parseErrors, warnings, unusable, clockRefused, ignored,
                builder.segmentBreaks(),
                builder.quarantines(),
                quartersStored, storeFailures, failures, emptyMessages, unauthorized, lastProblem, lastTelegramAt);
    }
}
