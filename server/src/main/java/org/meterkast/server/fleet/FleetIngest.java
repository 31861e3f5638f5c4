package org.meterkast.server.fleet;

import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import org.meterkast.energy.quarter.BoundaryCandidates;
import org.meterkast.energy.quarter.BoundaryReading;
import org.meterkast.energy.quarter.BoundaryTelegrams;
import org.meterkast.energy.quarter.HourBoundaryReading;
import org.meterkast.energy.quarter.MeterCandidates;
import org.meterkast.p1.Medium;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;

/**
 * Fleet mode's ingest (docs/CLUSTER.md): takes each meter's raw telegrams from whatever carries them, keeps the
 * readings near quarter boundaries in {@code register_boundary} and the quarters made from them, the gas and water
 * readings around hour boundaries in {@code volume_boundary} and the hours made from them, and what it heard of each
 * meter in {@code fleet_meter_status}.
 *
 * <p>Per message, on the carrier's thread: the meter is looked up by name (once; an unknown meter is counted and
 * nothing of it stored), the telegram decoded with this thread's decoder, a clock far off refused (as a single
 * meter's ingest does), and the meter's {@link MeterCandidates} asked whether its readings must be stored. If not,
 * the answer is complete at once; if so, the reading waits in the batch, and the answer completes when the batch is
 * committed, on the one writer thread, every {@code flush-interval} or sooner when the batch is large. A failed write
 * fails the answers of its batch (the carrier then does not acknowledge those messages, and the broker delivers them
 * again) and is tried again with the next flush.
 *
 * <p>While the database fails, the readings of failed writes wait here, merged per meter and boundary (the upsert
 * keeps the nearest anyway), and are written once it is back. At most {@code meterkast.fleet.most-waiting} readings
 * wait: with that many, a message is not taken at all (its answer fails, the broker delivers it again), so nothing is
 * dropped that was acknowledged. The outage is logged when it starts, summed up at most once a minute, and logged
 * when it ends; {@link #counts()} tells its state.
 *
 * <p>Nothing per message beyond the decoding: no event, no snapshot object; a reading far from any boundary allocates
 * nothing here.
 */
@Component
@ConditionalOnProperty(name = "meterkast.fleet.enabled", havingValue = "true")
public class FleetIngest implements TelegramIntake, SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(FleetIngest.class);

    /** As a single meter's ingest: a telegram stamped further ahead of the node's clock is refused. */
    static final Duration MAX_AHEAD = Duration.ofMinutes(10);
    /** As a single meter's ingest: a telegram stamped further behind is refused. */
    static final Duration MAX_BEHIND = Duration.ofDays(7);
    /** A batch this large is written at once rather than at the next flush. */
    static final int LARGE_BATCH = 5_000;
    /**
     * How many boundary readings wait at most by default (in the batch, in a write, or kept from failed writes):
     * at most about 260 bytes each (docs/BENCHMARKS.md), so some 52 MB of heap.
     */
    static final int MOST_WAITING = 200_000;
    /**
     * The default of {@code meterkast.fleet.heard-interval}: how often at most a node writes again the status row of
     * a meter it keeps hearing. With a shared subscription every node hears every meter, so rows written every
     * {@code status-interval} would be nodes × meters / 10 s, more than the boundary readings.
     */
    static final Duration HEARD_INTERVAL = Duration.ofSeconds(60);
    /** How often at most a database outage is summed up in the log. */
    static final Duration OUTAGE_SUMMARY = Duration.ofMinutes(1);
    /** How often at most an unknown meter is looked up again (it may have been added since). */
    static final Duration LOOK_UP_AGAIN = Duration.ofMinutes(1);
    /** The name of the bean of {@link Timer} that takes the delay of every telegram taken. */
    public static final String FLEET_DELAY = "fleetDelay";
    /** Runs before a carrier at the default phase and stops after it, so no message comes while it is stopped. */
    static final int PHASE = SmartLifecycle.DEFAULT_PHASE - 1000;

    private static final CompletableFuture<Void> DONE = CompletableFuture.completedFuture(null);
    /** Refused for want of room: one instance, no stack trace, as it may come for every message of a flood. */
    private final WaitingBoundReached full;

    private final FleetSettings settings;
    private final MeterRepository meters;
    private final RegisterBoundaryRepository boundaries;
    private final FleetStatusRepository status;
    private final Clock clock;
    private final ThreadLocal<PerThread> perThread;
    private final ConcurrentHashMap<String, MeterHeard> heard = new ConcurrentHashMap<>();

    private final Object queueLock = new Object();
    // guarded by queueLock
    private ArrayList<Pending> queue = new ArrayList<>();
    /**
     * Candidates of failed writes, written again with the next flush, merged per meter and boundary (see
     * {@link #key}); writer thread only.
     */
    private final HashMap<Long, RegisterBoundaryRepository.Candidate> retry = new HashMap<>();
    /** The same for the gas and water candidates, merged per meter, medium and boundary ({@link #volumeKey}). */
    private final HashMap<Long, VolumeBoundaries.Candidate> retryVolumes = new HashMap<>();
    /** Candidates in memory: in the batch, in a write under way, and in {@link #retry}. */
    private final AtomicInteger waiting = new AtomicInteger();
    private final int mostWaiting;
    private final Timer delay;
    private final long heardIntervalMs;
    private final AtomicBoolean flushAsked = new AtomicBoolean();
    private volatile ScheduledExecutorService writer;

    private final LongAdder telegrams = new LongAdder();
    private final LongAdder rejected = new LongAdder();
    private final LongAdder unknown = new LongAdder();
    private final LongAdder queued = new LongAdder();
    private volatile long rowsWritten;
    private volatile long quartersWritten;
    private volatile long hoursWritten;
    private volatile long failedWrites;
    private volatile String lastWriteProblem;
    private final LongAdder droppedAtBound = new LongAdder();
    // the database outage: set and cleared on the writer thread
    private volatile Instant failingSince;
    private long outageFailedWrites;
    private long outageDroppedBefore;
    private long lastSummaryMs;

    FleetIngest(FleetSettings settings, MeterRepository meters, RegisterBoundaryRepository boundaries,
                FleetStatusRepository status, Clock clock) {
        this(settings, meters, boundaries, status, clock, MOST_WAITING, HEARD_INTERVAL, null);
    }

    FleetIngest(FleetSettings settings, MeterRepository meters, RegisterBoundaryRepository boundaries,
                FleetStatusRepository status, Clock clock, int mostWaiting, Duration heardInterval) {
        this(settings, meters, boundaries, status, clock, mostWaiting, heardInterval, null);
    }

    /** @param delay where the delay of each telegram taken behind the node's clock goes (Micrometer's), or null */
    @Autowired
    FleetIngest(FleetSettings settings, MeterRepository meters, RegisterBoundaryRepository boundaries,
                FleetStatusRepository status, Clock clock,
                @Value("${meterkast.fleet.most-waiting:" + MOST_WAITING + "}") int mostWaiting,
                @Value("${meterkast.fleet.heard-interval:60s}") Duration heardInterval,
                @Qualifier(FLEET_DELAY) Timer delay) {
        if (mostWaiting < 1) {
            throw new IllegalArgumentException(FleetSettings.PREFIX + "most-waiting must be at least 1, not "
                    + mostWaiting);
        }
        this.mostWaiting = mostWaiting;
        this.delay = delay;
        if (heardInterval.isNegative()) {
            throw new IllegalArgumentException(FleetSettings.PREFIX + "heard-interval must not be negative, not "
                    + heardInterval);
        }
        this.heardIntervalMs = heardInterval.toMillis();
        this.full = new WaitingBoundReached(mostWaiting + " boundary readings wait to be stored ("
                + FleetSettings.PREFIX + "most-waiting): message not taken, the broker delivers it again");
        this.settings = settings;
        this.meters = meters;
        this.boundaries = boundaries;
        this.status = status;
        this.clock = clock;
        this.perThread = ThreadLocal.withInitial(PerThread::new);
        try {
            new BoundaryCandidates(settings.window());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(FleetSettings.PREFIX + "window: " + e.getMessage(), e);
        }
    }

    /**
     * What this node's fleet ingest did since it started, and whether it can store now.
     *
     * @param failingSince   when the writes began to fail, null while they succeed
     * @param waiting        boundary readings in memory, not stored yet
     * @param mostWaiting    how many may wait at most ({@code meterkast.fleet.most-waiting})
     * @param droppedAtBound messages not taken because {@code mostWaiting} readings waited (their answers failed, the
     *                       broker delivers them again)
     * @param rowsWritten    boundary rows written: quarter boundaries, and gas and water hour boundaries
     * @param hoursWritten   gas and water hours computed and written
     */
    public record Counts(long telegrams, long rejected, long unknownMeter, long candidates, long rowsWritten,
                         long quartersWritten, long hoursWritten, long failedWrites, Instant failingSince, int waiting,
                         int mostWaiting, long droppedAtBound, String lastWriteProblem) {
        /** Whether storing fails now. */
        public boolean failing() {
            return failingSince != null;
        }
    }

    public Counts counts() {
        return new Counts(telegrams.sum(), rejected.sum(), unknown.sum(), queued.sum(), rowsWritten, quartersWritten,
                hoursWritten, failedWrites, failingSince, waiting.get(), mostWaiting, droppedAtBound.sum(),
                lastWriteProblem);
    }

    @Override
    public CompletableFuture<Void> accept(String meter, byte[] payload) {
        if (waiting.get() >= mostWaiting) {
            // before the message touches the meter's state: when it comes again it is taken as if for the first time
            droppedAtBound.increment();
            return CompletableFuture.failedFuture(full);
        }
        MeterHeard m = heard.get(meter);
        if (m == null) {
            try {
                m = heard.computeIfAbsent(meter, this::lookUp);
            } catch (RuntimeException e) {
                // the database cannot say whether the meter exists: not acknowledged, delivered again
                return CompletableFuture.failedFuture(e);
            }
        }
        telegrams.increment();
        long now = clock.millis();
        PerThread t = perThread.get();
        List<BoundaryReading> pairs = t.pairs;
        List<VolumeBoundaries.Candidate> volumes = t.volumes;
        pairs.clear();
        volumes.clear();
        synchronized (m) {
            m.telegrams++;
            m.lastTelegramMs = now;
            m.dirty = true;
            if (m.meterId < 0) {
                unknown.increment();
                return DONE;
            }
            t.meterId = m.meterId;
            BoundaryTelegrams.Outcome outcome = t.telegrams.accept(payload, now, m.candidates, t);
            if (delay != null && outcome == BoundaryTelegrams.Outcome.TAKEN) {
                delay.record(Math.max(0, t.telegrams.delayMs()), TimeUnit.MILLISECONDS);
            }
            if (outcome != BoundaryTelegrams.Outcome.TAKEN) {
                rejected.increment();
                m.rejected++;
                m.lastProblem = t.telegrams.problem();
                m.lastProblemMs = now;
                return DONE;
            }
            // a pair no nearer than what is already committed would change nothing
            for (int i = pairs.size() - 1; i >= 0; i--) {
                BoundaryReading c = m.committed;
                if (c != null && c.boundary().equals(pairs.get(i).boundary()) && c.nearer(pairs.get(i)) == c) {
                    pairs.remove(i);
                }
            }
        }
        if (pairs.isEmpty() && volumes.isEmpty()) {
            return DONE;
        }
        CompletableFuture<Void> stored = new CompletableFuture<>();
        int size;
        int count = pairs.size() + volumes.size();
        synchronized (queueLock) {
            for (BoundaryReading pair : pairs) {
                queue.add(new Pending(m, new RegisterBoundaryRepository.Candidate(m.meterId, pair), null, stored));
            }
            for (VolumeBoundaries.Candidate volume : volumes) {
                queue.add(new Pending(m, null, volume, stored));
            }
            size = queue.size();
        }
        waiting.addAndGet(count);
        queued.add(count);
        pairs.clear();
        volumes.clear();
        if (size >= LARGE_BATCH && flushAsked.compareAndSet(false, true)) {
            ScheduledExecutorService w = writer;
            if (w != null) {
                w.execute(this::flushQuietly);
            }
        }
        return stored;
    }

    private MeterHeard lookUp(String name) {
        long now = clock.millis();
        Optional<Meter> meter = meters.find(name);
        MeterHeard m = new MeterHeard(name, now);
        m.lookedUpMs = now;
        meter.ifPresent(found -> m.known(found.id(), settings.window()));
        if (meter.isEmpty()) {
            m.lastProblem = "no meter named '" + name + "': counted, nothing stored";
            m.lastProblemMs = now;
        }
        return m;
    }

    /** Writes the waiting candidates and those of a failed write in one transaction; completes their answers. */
    void flush() {
        flushAsked.set(false);
        ArrayList<Pending> taken;
        synchronized (queueLock) {
            taken = queue;
            queue = new ArrayList<>(Math.max(16, taken.size()));
        }
        if (taken.isEmpty() && retry.isEmpty() && retryVolumes.isEmpty()) {
            return;
        }
        int before = retry.size() + retryVolumes.size() + taken.size();
        List<RegisterBoundaryRepository.Candidate> candidates = new ArrayList<>(before);
        List<VolumeBoundaries.Candidate> volumes = new ArrayList<>(retryVolumes.values());
        candidates.addAll(retry.values());
        for (Pending p : taken) {
            if (p.candidate != null) {
                candidates.add(p.candidate);
            } else {
                volumes.add(p.volume);
            }
        }
        RegisterBoundaryRepository.Written written;
        try {
            written = boundaries.write(candidates, volumes);
        } catch (RuntimeException e) {
            failedWrites++;
            for (Pending p : taken) {
                if (p.candidate != null) {
                    retry.merge(key(p.candidate), p.candidate, FleetIngest::nearer);
                } else {
                    retryVolumes.merge(volumeKey(p.volume), p.volume, FleetIngest::nearer);
                }
            }
            waiting.addAndGet(retry.size() + retryVolumes.size() - before);
            lastWriteProblem = "cannot store " + (candidates.size() + volumes.size())
                    + " boundary readings, will retry: " + problem(e);
            failed(e);
            for (Pending p : taken) {
                p.stored.completeExceptionally(e);
            }
            return;
        }
        retry.clear();
        retryVolumes.clear();
        rowsWritten += written.rows() + written.volumes().rows();
        quartersWritten += written.quarters();
        hoursWritten += written.volumes().hours();
        waiting.addAndGet(-before);
        // the counts first: whoever sees storing ok sees what the write did
        stored(candidates.size() + volumes.size(), true);
        for (Pending p : taken) {
            if (p.candidate == null) {
                p.stored.complete(null);
                continue;
            }
            synchronized (p.meter) {
                BoundaryReading c = p.meter.committed;
                BoundaryReading pair = p.candidate.pair();
                if (c == null || pair.boundary().isAfter(c.boundary())) {
                    p.meter.committed = pair;
                } else if (pair.boundary().equals(c.boundary())) {
                    p.meter.committed = c.nearer(pair);
                }
            }
            p.stored.complete(null);
        }
    }

    /**
     * Writes this node's status rows for the meters heard since the last time, hands on the newest reading of each
     * meter that has gone silent (to be written with the next flush), and looks unknown meters up again.
     */
    void writeStatus() {
        writeStatus(false);
    }

    /**
     * As {@link #writeStatus()}; a meter's row is written when this node first heard it, when it has a rejection or
     * a problem to tell, when it went quiet here (no telegram since the last round), and otherwise at most every
     * {@code heard-interval}; {@code all}: every meter heard since its last row (at a stop).
     */
    void writeStatus(boolean all) {
        long now = clock.millis();
        List<FleetStatusRepository.Heard> rows = new ArrayList<>();
        List<MeterHeard> written = new ArrayList<>();
        List<Pending> silent = new ArrayList<>();
        for (MeterHeard m : heard.values()) {
            if (m.meterId < 0 && m.dirty && now - m.lookedUpMs >= LOOK_UP_AGAIN.toMillis()) {
                m.lookedUpMs = now;
                Optional<Meter> meter = meters.find(m.name);
                meter.ifPresent(found -> {
                    synchronized (m) {
                        m.known(found.id(), settings.window());
                    }
                });
            }
            synchronized (m) {
                // past the bound the newest reading waits in the meter's candidates for a later round
                if (m.candidates != null && waiting.get() + silent.size() < mostWaiting) {
                    BoundaryReading pair = m.candidates.registers().silent(clock.instant());
                    if (pair != null) {
                        // nobody waits for it: the message it came from was answered long ago
                        silent.add(new Pending(m, new RegisterBoundaryRepository.Candidate(m.meterId, pair), null,
                                new CompletableFuture<>()));
                    }
                }
                if (m.dirty && !all && m.lastRowMs != 0 && m.rejected == 0 && m.lastProblem == null
                        && m.telegrams != m.telegramsAtLastRound && now - m.lastRowMs < heardIntervalMs) {
                    // still hearing it, nothing to tell: the row waits, the counts go on adding up
                    m.telegramsAtLastRound = m.telegrams;
                } else if (m.dirty) {
                    m.lastRowMs = now;
                    rows.add(new FleetStatusRepository.Heard(m.name, m.firstHeardMs,
                            m.lastTelegramMs == 0 ? null : m.lastTelegramMs, m.telegrams,
                            m.rejected, m.lastProblem, m.lastProblemMs));
                    written.add(m);
                    m.clear();
                }
            }
        }
        if (!silent.isEmpty()) {
            synchronized (queueLock) {
                queue.addAll(silent);
            }
            waiting.addAndGet(silent.size());
        }
        try {
            status.save(settings.node(), rows, now);
            if (!rows.isEmpty()) {
                stored(0, false);
            }
        } catch (RuntimeException e) {
            lastWriteProblem = "cannot write the status of " + rows.size() + " meters, will retry: " + problem(e);
            failed(e);
            for (int i = 0; i < rows.size(); i++) {
                MeterHeard m = written.get(i);
                synchronized (m) {
                    m.restore(rows.get(i));
                }
            }
        }
    }

    /** The key of a candidate's row: meter id and boundary (in quarters since the epoch), one long. */
    static long key(RegisterBoundaryRepository.Candidate c) {
        return (long) c.meterId() << 32 | Math.floorDiv(c.pair().boundary().getEpochSecond(), 900L) & 0xFFFF_FFFFL;
    }

    private static RegisterBoundaryRepository.Candidate nearer(RegisterBoundaryRepository.Candidate a,
                                                               RegisterBoundaryRepository.Candidate b) {
        BoundaryReading n = a.pair().nearer(b.pair());
        return n == a.pair() ? a : n == b.pair() ? b : new RegisterBoundaryRepository.Candidate(a.meterId(), n);
    }

    /**
     * The key of a gas or water candidate's row: meter id, then the boundary in hours since the epoch and the medium
     * in one int (2 × hours stays below 2³¹ until the year 124,000).
     */
    static long volumeKey(VolumeBoundaries.Candidate c) {
        long hours = Math.floorDiv(c.pair().boundary().getEpochSecond(), 3600L);
        return (long) c.meterId() << 32 | (hours << 1 | (c.medium() == Medium.GAS ? 0 : 1)) & 0xFFFF_FFFFL;
    }

    private static VolumeBoundaries.Candidate nearer(VolumeBoundaries.Candidate a, VolumeBoundaries.Candidate b) {
        HourBoundaryReading n = a.pair().nearer(b.pair());
        return n == a.pair() ? a : n == b.pair() ? b : new VolumeBoundaries.Candidate(a.meterId(), a.medium(), n);
    }

    /** The exception and, when it wraps another, its root cause: where the database's own words are. */
    static String problem(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return root == e ? e.toString() : e + " (" + root + ")";
    }

    /** A write failed: the start of an outage is logged once, then a summary at most every minute. */
    private void failed(RuntimeException e) {
        long now = clock.millis();
        if (failingSince == null) {
            failingSince = Instant.ofEpochMilli(now);
            outageFailedWrites = 1;
            outageDroppedBefore = droppedAtBound.sum();
            lastSummaryMs = now;
            log.warn("fleet: node '{}' cannot write to the database: {}. Boundary readings are kept; their "
                    + "messages are not acknowledged and come again from the broker; at most {} readings wait here "
                    + "({}most-waiting); trying again every {}", settings.node(), problem(e), mostWaiting,
                    FleetSettings.PREFIX, settings.flushInterval());
            return;
        }
        outageFailedWrites++;
        if (now - lastSummaryMs >= OUTAGE_SUMMARY.toMillis()) {
            lastSummaryMs = now;
            log.warn("fleet: the database has failed for {} s: {} writes failed, {} readings waiting, {} messages not "
                            + "taken at the bound; last problem: {}", (now - failingSince.toEpochMilli()) / 1000,
                    outageFailedWrites, waiting.get(), droppedAtBound.sum() - outageDroppedBefore, problem(e));
        }
    }

    /**
     * A write succeeded: an outage ends with the first boundary write, or a status write when no reading waits from
     * it.
     */
    private void stored(int readings, boolean boundaryWrite) {
        Instant since = failingSince;
        if (since == null || !boundaryWrite && !(retry.isEmpty() && retryVolumes.isEmpty())) {
            return;
        }
        failingSince = null;
        long seconds = (clock.millis() - since.toEpochMilli()) / 1000;
        log.info("fleet: database back after {} s; {} boundary readings stored ({} writes had failed, {} messages "
                + "not taken at the bound)", seconds, String.format(Locale.ROOT, "%,d", readings),
                outageFailedWrites, droppedAtBound.sum() - outageDroppedBefore);
    }

    private void flushQuietly() {
        try {
            flush();
        } catch (RuntimeException e) {
            log.warn("fleet: flush failed", e);
        }
    }

    private void writeStatusQuietly(boolean all) {
        try {
            writeStatus(all);
        } catch (RuntimeException e) {
            log.warn("fleet: status failed", e);
        }
    }

    @Override
    public synchronized void start() {
        if (writer != null) {
            return;
        }
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "fleet-writer");
            thread.setDaemon(true);
            return thread;
        });
        long flushMs = settings.flushInterval().toMillis();
        long statusMs = settings.statusInterval().toMillis();
        w.scheduleWithFixedDelay(this::flushQuietly, flushMs, flushMs, TimeUnit.MILLISECONDS);
        w.scheduleWithFixedDelay(() -> writeStatusQuietly(false), statusMs, statusMs, TimeUnit.MILLISECONDS);
        writer = w;
        log.info("fleet: node '{}' takes telegrams, boundary window {}, flush every {}", settings.node(),
                settings.window(), settings.flushInterval());
    }

    /** Writes what waits one last time, then stops the writer. */
    @Override
    public synchronized void stop() {
        ScheduledExecutorService w = writer;
        if (w == null) {
            return;
        }
        writer = null;
        w.shutdown();
        try {
            if (!w.awaitTermination(10, TimeUnit.SECONDS)) {
                w.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flushQuietly();
        writeStatusQuietly(true);
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    /** The answer of a message not taken because the waiting readings reached the bound. */
    static final class WaitingBoundReached extends RuntimeException {
        WaitingBoundReached(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * A candidate waiting for the next flush, of the registers ({@code candidate}) or of gas or water
     * ({@code volume}), and the answer of the message it came from.
     */
    private record Pending(MeterHeard meter, RegisterBoundaryRepository.Candidate candidate,
                           VolumeBoundaries.Candidate volume, CompletableFuture<Void> stored) {
    }

    /** A carrier thread's decoder and the lists its readings' pairs go to. */
    private static final class PerThread implements MeterCandidates.Sink {
        final BoundaryTelegrams telegrams = new BoundaryTelegrams(MAX_AHEAD, MAX_BEHIND);
        final List<BoundaryReading> pairs = new ArrayList<>(4);
        final List<VolumeBoundaries.Candidate> volumes = new ArrayList<>(4);
        /** The meter of the message being taken. */
        int meterId;

        @Override
        public void store(BoundaryReading pair) {
            pairs.add(pair);
        }

        @Override
        public void store(Medium medium, HourBoundaryReading pair) {
            volumes.add(new VolumeBoundaries.Candidate(meterId, medium, pair));
        }
    }

    /** What this node knows and heard of one meter name; guarded by its own monitor. */
    private static final class MeterHeard {
        final String name;
        final long firstHeardMs;
        int meterId = -1;
        MeterCandidates candidates;
        /** The nearest pair of the latest boundary this node has committed: nothing farther needs writing. */
        BoundaryReading committed;
        long lookedUpMs;
        // since the last status write
        boolean dirty;
        long telegrams;
        /** {@link #telegrams} at the last round that left the row unwritten. */
        long telegramsAtLastRound;
        /** When this node last wrote the meter's row; 0: never. */
        long lastRowMs;
        long rejected;
        long lastTelegramMs;
        String lastProblem;
        Long lastProblemMs;

        MeterHeard(String name, long firstHeardMs) {
            this.name = name;
            this.firstHeardMs = firstHeardMs;
        }

        void known(int id, Duration window) {
            meterId = id;
            candidates = new MeterCandidates(window);
        }

        void clear() {
            dirty = false;
            telegrams = 0;
            telegramsAtLastRound = 0;
            rejected = 0;
            lastProblem = null;
            lastProblemMs = null;
        }

        void restore(FleetStatusRepository.Heard row) {
            dirty = true;
            telegrams += row.telegrams();
            rejected += row.rejected();
            if (lastProblem == null) {
                lastProblem = row.lastProblem();
                lastProblemMs = row.lastProblemMs();
            }
        }
    }
}
