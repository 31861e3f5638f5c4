package org.meterkast.server.storage;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.server.control.BatteryRead;
import org.meterkast.server.control.BoilerRead;
import org.meterkast.server.location.AddressRemoved;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

/**
 * Keeps the batteries' and boilers' history: every reading the control loops publish goes into its device's open
 * quarter in memory ({@link QuarterAccumulator}); a quarter is written when a reading of a later quarter comes, or
 * when none has come for two minutes past its end, on a thread of its own, so a listener never waits for the
 * database; the quarters still open are written at shutdown. The last reading of each device is kept for the live
 * tiles.
 */
@Component
public class StorageHistory implements SmartLifecycle {
    private static final Logger log = LoggerFactory.getLogger(StorageHistory.class);
    private static final long SWEEP_SECONDS = 30;

    /** A device at an address. */
    record Key(long locationId, String device) {
    }

    private final StorageHistoryRepository repository;
    private final Clock clock;
    private final Map<Key, QuarterAccumulator> batteries = new ConcurrentHashMap<>();
    private final Map<Key, QuarterAccumulator> boilers = new ConcurrentHashMap<>();
    private final Map<Key, BatteryReading> lastBattery = new ConcurrentHashMap<>();
    private final Map<Key, BoilerReading> lastBoiler = new ConcurrentHashMap<>();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private volatile ScheduledExecutorService writer;

    public StorageHistory(StorageHistoryRepository repository, Clock clock) {
        this.repository = repository;
        this.clock = clock;
    }

    @EventListener
    public void on(BatteryRead read) {
        if (read.locationId() <= 0) {
            return; // a device of the properties whose meter has no address yet: nobody to keep it for
        }
        BatteryReading r = read.reading();
        Key key = new Key(read.locationId(), read.device());
        lastBattery.merge(key, r, (old, now) -> now.at().isBefore(old.at()) ? old : now);
        QuarterAccumulator acc = batteries.computeIfAbsent(key, k -> new QuarterAccumulator());
        List<QuarterAccumulator.Closed> closed;
        synchronized (acc) {
            closed = acc.add(new QuarterAccumulator.Sample(r.at().toEpochMilli(), r.power().watts(),
                    r.socPercent()));
        }
        closed.forEach(c -> write(() -> repository.save(battery(key, c))));
    }

    @EventListener
    public void on(BoilerRead read) {
        if (read.locationId() <= 0) {
            return;
        }
        BoilerReading r = read.reading();
        Key key = new Key(read.locationId(), read.device());
        lastBoiler.merge(key, r, (old, now) -> now.at().isBefore(old.at()) ? old : now);
        QuarterAccumulator acc = boilers.computeIfAbsent(key, k -> new QuarterAccumulator());
        List<QuarterAccumulator.Closed> closed;
        synchronized (acc) {
            closed = acc.add(new QuarterAccumulator.Sample(r.at().toEpochMilli(), r.power().watts(),
                    r.temperatureC().orElse(Double.NaN)));
        }
        closed.forEach(c -> write(() -> repository.save(boiler(key, c))));
    }

    /** An address removed: its devices' open quarters and last readings go with it (its stored ones by cascade). */
    @EventListener
    public void on(AddressRemoved removed) {
        for (Map<Key, ?> map : List.of(batteries, boilers, lastBattery, lastBoiler)) {
            map.keySet().removeIf(k -> k.locationId() == removed.locationId());
        }
    }

    /** The last reading of a battery at an address, if one came since the start. */
    public Optional<BatteryReading> lastBattery(long locationId, String device) {
        return Optional.ofNullable(lastBattery.get(new Key(locationId, device)));
    }

    /** The last reading of a boiler at an address, if one came since the start. */
    public Optional<BoilerReading> lastBoiler(long locationId, String device) {
        return Optional.ofNullable(lastBoiler.get(new Key(locationId, device)));
    }

    /** The devices of an address that sent a reading since the start: batteries or boilers. */
    public List<String> seen(long locationId, boolean battery) {
        return (battery ? lastBattery : lastBoiler).keySet().stream().filter(k -> k.locationId() == locationId)
                .map(Key::device).sorted().toList();
    }

    /** How many quarters were written, and how many writes failed (logged). */
    long written() {
        return written.get();
    }

    long failed() {
        return failed.get();
    }

    /** Closes the quarters no reading can add to any more (their device stopped answering or was removed). */
    void sweep() {
        long now = clock.millis();
        sweep(batteries, now, (key, c) -> repository.save(battery(key, c)));
        sweep(boilers, now, (key, c) -> repository.save(boiler(key, c)));
    }

    private interface Save {
        void save(Key key, QuarterAccumulator.Closed closed);
    }

    private void sweep(Map<Key, QuarterAccumulator> open, long now, Save save) {
        open.forEach((key, acc) -> {
            Optional<QuarterAccumulator.Closed> closed;
            synchronized (acc) {
                closed = acc.closeIfOver(now);
            }
            closed.ifPresent(c -> write(() -> save.save(key, c)));
        });
    }

    /** Writes what the open quarters hold so far (at a shutdown); a later part of the same quarter is added to it. */
    void flush() {
        List<Runnable> writes = new ArrayList<>();
        batteries.forEach((key, acc) -> {
            synchronized (acc) {
                acc.partial().ifPresent(c -> writes.add(() -> repository.save(battery(key, c))));
            }
        });
        boilers.forEach((key, acc) -> {
            synchronized (acc) {
                acc.partial().ifPresent(c -> writes.add(() -> repository.save(boiler(key, c))));
            }
        });
        writes.forEach(this::run);
    }

    static BatteryQuarter battery(Key key, QuarterAccumulator.Closed c) {
        return new BatteryQuarter(key.locationId(), key.device(), Instant.ofEpochMilli(c.startMs()),
                Math.round(c.positiveWh()), Math.round(c.negativeWh()), percent(c.levelEnd()), percent(c.levelMin()),
                percent(c.levelMax()), c.measuredMs(), Instant.ofEpochMilli(c.firstMs()),
                Instant.ofEpochMilli(c.lastMs()));
    }

    static BoilerQuarter boiler(Key key, QuarterAccumulator.Closed c) {
        return new BoilerQuarter(key.locationId(), key.device(), Instant.ofEpochMilli(c.startMs()),
                Math.round(c.positiveWh()), nullable(c.levelAverage()), nullable(c.levelMin()),
                nullable(c.levelMax()), c.levelMs(), c.measuredMs(), Instant.ofEpochMilli(c.firstMs()),
                Instant.ofEpochMilli(c.lastMs()));
    }

    private static double percent(double level) {
        return Double.isNaN(level) ? 0 : Math.max(0, Math.min(100, level));
    }

    private static Double nullable(double level) {
        return Double.isNaN(level) ? null : level;
    }

    private void write(Runnable save) {
        ExecutorService w = writer;
        if (w == null) {
            run(save); // not started (a test without the lifecycle): write at once
            return;
        }
        try {
            w.execute(() -> run(save));
        } catch (java.util.concurrent.RejectedExecutionException e) {
            run(save); // stopping: the caller's thread writes it
        }
    }

    private void run(Runnable save) {
        try {
            save.run();
            written.incrementAndGet();
        } catch (RuntimeException e) {
            failed.incrementAndGet();
            log.warn("a battery or boiler quarter could not be written", e);
        }
    }

    @Override
    public synchronized void start() {
        if (writer != null) {
            return;
        }
        ScheduledExecutorService w = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "storage-history");
            t.setDaemon(true);
            return t;
        });
        w.scheduleWithFixedDelay(this::sweep, SWEEP_SECONDS, SWEEP_SECONDS, TimeUnit.SECONDS);
        writer = w;
    }

    @Override
    public synchronized void stop() {
        ScheduledExecutorService w = writer;
        writer = null;
        if (w == null) {
            return;
        }
        w.shutdown();
        try {
            if (!w.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("battery and boiler quarters still being written at the stop");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }

    @Override
    public boolean isRunning() {
        return writer != null;
    }

    /** Stops after the control loops (which publish the readings), before the database goes. */
    @Override
    public int getPhase() {
        return Integer.MAX_VALUE - 1;
    }
}
