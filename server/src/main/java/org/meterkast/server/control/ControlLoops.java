package org.meterkast.server.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.ChargerLimits;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.server.ingest.TelegramReceived;
import org.meterkast.server.live.LiveState;
import org.meterkast.server.live.LiveSummary;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.MonthPeakRepository;
import org.meterkast.energy.tariff.MonthPeak;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.SmartLifecycle;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Service;

/**
 * The control loops of every address with devices, on a small shared pool rather than a thread each (a provider
 * runs thousands of addresses): a loop is woken by each telegram of its meter and by a timer every
 * {@code meterkast.control.interval} (5 s), and runs on one of {@code meterkast.control.threads} threads, one
 * cycle of an address at a time. Device calls wait at most {@code meterkast.control.device-timeout} (2 s) on at
 * most {@code meterkast.control.device-threads} threads. A home battery a loop told a power is handed back to its own
 * control when its device is removed or restarted and when the server stops (bounded by the device timeout), so no
 * battery keeps the last power it was told once nothing steers it.
 */
@Service
public class ControlLoops implements SmartLifecycle, TelegramReceived.Listener {
    private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(ControlLoops.class);
    /** The capacity tariff counts every month at 2.5 kW at least. */
    static final Power LEAST_PEAK = Power.ofWatts(2500);
    private static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** A production reading older than this is not believed: the inverter has stopped answering. */
    private static final Duration FRESH_PRODUCTION = Duration.ofSeconds(60);
    /** How often a loop looks again for the address showing its meter (one may be added or removed). */
    private static final Duration LOCATION_LOOKUP = Duration.ofMinutes(1);

    /** A home battery's one-way efficiency where its port reports none, %. */
    static final int TYPICAL_EFFICIENCY_PERCENT = 95;

    private final Devices devices;
    private final LiveState live;
    private final MeterRepository meters;
    private final MonthPeakRepository peaks;
    private final AdapterRepository adapters;
    private final ChargerPreferenceService preferences;
    private final StoragePreferences storage;
    private final ApplicationEventPublisher events;
    private final ObjectProvider<PolicyFactory> policyFactories;
    private final ObjectProvider<ChargePlans> plans;
    private final ObjectProvider<BatteryPlanning> batteryPlans;
    private final Clock clock;
    private final Duration interval;
    private final int threads;
    private final Duration deviceTimeout;
    private final int deviceThreads;
    private final Map<String, ControlLoop> loops = new ConcurrentHashMap<>();
    private final Map<String, ScheduledFuture<?>> timers = new ConcurrentHashMap<>();
    private ScheduledExecutorService timer;
    private ExecutorService cycles;
    private DeviceCalls calls;
    private volatile boolean running;

    ControlLoops(Devices devices, LiveState live, MeterRepository meters, MonthPeakRepository peaks,
                 AdapterRepository adapters, ChargerPreferenceService preferences, StoragePreferences storage,
                 ApplicationEventPublisher events, ObjectProvider<PolicyFactory> policyFactories, ObjectProvider<ChargePlans> plans,
                 ObjectProvider<BatteryPlanning> batteryPlans, Clock clock,
                 @Value("${meterkast.control.interval:5s}") Duration interval,
                 @Value("${meterkast.control.threads:2}") int threads,
                 @Value("${meterkast.control.device-timeout:2s}") Duration deviceTimeout,
                 @Value("${meterkast.control.device-threads:256}") int deviceThreads) {
        this.devices = devices;
        this.live = live;
        this.meters = meters;
        this.peaks = peaks;
        this.adapters = adapters;
        this.preferences = preferences;
        this.storage = storage;
        this.events = events;
        this.policyFactories = policyFactories;
        this.plans = plans;
        this.batteryPlans = batteryPlans;
        this.clock = clock;
        this.interval = interval;
        this.threads = threads;
        this.deviceTimeout = deviceTimeout;
        this.deviceThreads = deviceThreads;
    }

    @Override
    public boolean isAutoStartup() {
        return devices.isAutoStartup();
    }

    @Override
    public synchronized void start() {
        AtomicInteger n = new AtomicInteger();
        timer = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "control-timer"));
        cycles = Executors.newFixedThreadPool(threads, r -> daemon(r, "control-" + n.incrementAndGet()));
        calls = new DeviceCalls(deviceTimeout, deviceThreads);
        running = true;
        devices.sites().forEach(site -> ensure(site.meter));
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @EventListener
    void on(Devices.Changed event) {
        if (running) {
            ensure(event.meter());
        }
    }

    @Override
    public void on(TelegramReceived event) {
        ControlLoop loop = loops.get(event.meter());
        if (loop != null) {
            loop.wake();
        }
    }

    private synchronized void ensure(String meter) {
        if (!running || loops.containsKey(meter)) {
            return;
        }
        List<Policy> policies = policyFactories.orderedStream().map(f -> f.create(meter)).flatMap(Optional::stream)
                .toList();
        ControlLoop loop = new ControlLoop(meter, policies, new AddressInputs(meter), calls, cycles, clock);
        loops.put(meter, loop);
        long offset = ThreadLocalRandom.current().nextLong(Math.max(1, interval.toMillis()));
        timers.put(meter, timer.scheduleWithFixedDelay(loop::wake, offset, interval.toMillis(), TimeUnit.MILLISECONDS));
    }

    /** The loop of the meter's address, if it has one. */
    Optional<ControlLoop> loop(String meter) {
        return Optional.ofNullable(loops.get(meter));
    }

    /**
     * A device of the address is about to be closed (removed, restarted, moved): a battery the loop told a power is
     * handed back to its own control first, waiting at most twice the device timeout.
     */
    @EventListener
    void on(Devices.Closing event) {
        ControlLoop loop = loops.get(event.meter());
        if (running && loop != null && event.port() instanceof BatteryPort battery) {
            loop.letGo(battery);
        }
    }

    /** The battery's limits as it declared them in the last cycle it answered in; empty before, never blocking. */
    public Optional<org.meterkast.energy.device.BatteryLimits> batteryLimits(String meter, String device) {
        return Optional.ofNullable(loops.get(meter)).map(l -> l.batteryLimits().get(device));
    }

    /**
     * Stops the loops, then hands every battery they told a power back to its own control, all at once and waiting
     * at most the device timeout, so a stopping server neither leaves a battery discharging nor hangs on one.
     */
    @Override
    public synchronized void stop() {
        running = false;
        timers.values().forEach(t -> t.cancel(false));
        timers.clear();
        List<ControlLoop> stopped = List.copyOf(loops.values());
        loops.clear();
        if (timer != null) {
            timer.shutdownNow();
            cycles.shutdown();
            try {
                cycles.awaitTermination(deviceTimeout.toMillis() * 2, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            Map<ControlLoop, List<ControlLoop.Release>> releases = new java.util.LinkedHashMap<>();
            stopped.forEach(loop -> releases.put(loop, loop.startReleases()));
            long deadline = System.nanoTime() + deviceTimeout.toNanos();
            releases.forEach((loop, started) -> loop.awaitReleases(started, deadline));
            calls.close();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    /**
     * What one address's loop reads: its meter's last telegram, its inverter, its chargers, batteries and boilers
     * and the household's preferences for them; it publishes what the batteries and boilers report.
     */
    private final class AddressInputs implements ControlLoop.Inputs {
        private final String meter;
        private final QuarterFlows flows = new QuarterFlows();
        private long locationId;
        private Instant locationLookedUp = Instant.MIN;
        private Quarter peakRead;
        private long storedPeakW;

        AddressInputs(String meter) {
            this.meter = meter;
        }

        @Override
        public void decided(Decision decision) {
            events.publishEvent(new DecisionKept(meter, decision));
        }

        @Override
        public ControlLoop.Grid grid(Instant at) {
            Optional<LiveSummary> latest = live.latest(meter);
            Power grid = latest.map(s -> Power.ofWatts(s.netW())).orElse(Power.ZERO);
            long[] quarter = {0, 0};
            if (latest.isPresent() && latest.get().registers() != null && latest.get().time() != null) {
                quarter = flows.accept(latest.get().time(), latest.get().registers());
            }
            // the meter's own running average (1-0:1.4.0) where it sends one: exact from the quarter's start
            if (latest.isPresent() && latest.get().quarter() != null
                    && latest.get().quarter().start().equals(Quarter.containing(at).start())) {
                quarter[0] = latest.get().quarter().averageW() * Quarter.LENGTH.toSeconds() / 3600;
            }
            Power production = devices.production(meter)
                    .filter(r -> !r.at().isBefore(at.minus(FRESH_PRODUCTION)))
                    .map(r -> Power.ofWatts(r.watts())).orElse(Power.ZERO);
            return new ControlLoop.Grid(grid, quarter[0], quarter[1], production, peakLimit(at, latest));
        }

        /** This month's peak so far, the meter's or the stored quarters', never below 2.5 kW. */
        private Power peakLimit(Instant at, Optional<LiveSummary> latest) {
            YearMonth month = YearMonth.from(at.atZone(BRUSSELS));
            long meterPeak = latest.map(LiveSummary::meter).map(m -> m.monthPeak())
                    .filter(p -> p.at() != null && YearMonth.from(p.at().atZone(BRUSSELS)).equals(month))
                    .map(p -> p.watts()).orElse(0L);
            Quarter quarter = Quarter.containing(at);
            if (!quarter.equals(peakRead)) {
                // the stored peaks change only when a quarter closes
                storedPeakW = meters.find(meter).map(m -> peaks.peaks(m.id(), month, month, BRUSSELS).get(month))
                        .map(MonthPeak::watts).orElse(0L);
                peakRead = quarter;
            }
            return Power.ofWatts(Math.max(LEAST_PEAK.watts(), Math.max(meterPeak, storedPeakW)));
        }

        @Override
        public List<ControlLoop.Charger> chargers() {
            long location = locationId();
            return devices.site(meter, false).map(Devices.Site::chargers).orElse(List.of()).stream()
                    .map(r -> new ControlLoop.Charger(r.name(), (ChargerPort) r.port(),
                            wiredPhases(r), preferences.of(location, r.name())))
                    .toList();
        }

        @Override
        public List<ControlLoop.Battery> batteries() {
            return devices.site(meter, false).map(Devices.Site::batteries).orElse(List.of()).stream()
                    .map(r -> new ControlLoop.Battery(r.name(), (BatteryPort) r.port())).toList();
        }

        @Override
        public List<ControlLoop.Boiler> boilers() {
            long location = locationId();
            return devices.site(meter, false).map(Devices.Site::boilers).orElse(List.of()).stream()
                    .map(r -> new ControlLoop.Boiler(r.name(), (BoilerPort) r.port(), boilerPreferences(location,
                            r.name())))
                    .toList();
        }

        /** The household's wishes for the boiler; the defaults while the store cannot be read (asked again next cycle). */
        private BoilerPreferences boilerPreferences(long location, String name) {
            try {
                return storage.boiler(location, name);
            } catch (RuntimeException e) {
                log.warn("meter '{}': boiler {}'s preferences could not be read, the defaults are used: {}", meter,
                        name, e.toString());
                return BoilerPreferences.DEFAULTS;
            }
        }

        @Override
        public List<SurplusUse> surplusOrder() {
            try {
                return storage.surplusOrder(locationId());
            } catch (RuntimeException e) {
                log.warn("meter '{}': the surplus order could not be read, the default one is used: {}", meter,
                        e.toString());
                return org.meterkast.energy.control.SiteSnapshot.DEFAULT_SURPLUS_ORDER;
            }
        }

        @Override
        public void read(ControlLoop.Battery battery, BatteryReading reading) {
            events.publishEvent(new BatteryRead(locationId(), battery.name(), reading));
        }

        @Override
        public void read(ControlLoop.Boiler boiler, BoilerReading reading) {
            long location = locationId();
            reading.temperatureC().ifPresent(c -> storage.water(location, boiler.name(), reading.at(), c));
            events.publishEvent(new BoilerRead(location, boiler.name(), reading));
        }

        @Override
        public Optional<Instant> lastLegionella(ControlLoop.Boiler boiler) {
            try {
                return storage.lastLegionella(locationId(), boiler.name());
            } catch (RuntimeException e) {
                log.warn("meter '{}': boiler {}'s last legionella cycle could not be read: {}", meter, boiler.name(),
                        e.toString());
                return Optional.empty();
            }
        }

        @Override
        public Optional<Power> batteryPlanned(ControlLoop.Battery battery, BatteryReading reading, Power peakLimit,
                                              Instant at) {
            BatteryPlanning planning = batteryPlans.getIfAvailable();
            if (planning == null) {
                return Optional.empty();
            }
            // the one-way efficiency of a typical lithium home battery; the ports do not report one
            return planning.planned(meter, battery.name(), battery.port().limits(), reading.socPercent(),
                    TYPICAL_EFFICIENCY_PERCENT, peakLimit, at);
        }

        @Override
        public Power planned(ControlLoop.Charger charger, ChargerReading reading, Integer reportedSoc,
                             Power peakLimit, Instant at) {
            ChargerPort port = charger.port();
            ChargerLimits limits = ChargerLimits.of(port.currentRange(), charger.wiredPhases(),
                    port.phaseSwitch().isPresent());
            return plans.getIfAvailable(() -> ChargePlans.NONE).planned(new ChargePlans.Seen(meter, locationId(),
                    charger.name(), charger.preferences(), reading, limits, reportedSoc, peakLimit), at);
        }

        private long locationId() {
            Instant now = clock.instant();
            // while no address shows the meter, every cycle looks: the household that adds one steers at once
            if (locationId == 0 || now.isAfter(locationLookedUp.plus(LOCATION_LOOKUP))) {
                locationLookedUp = now;
                try {
                    locationId = adapters.locationOf(meter).orElse(0L);
                } catch (RuntimeException e) {
                    // the store is down: the address last known (or none), looked up again next time
                    log.warn("meter '{}': its address could not be looked up: {}", meter, e.toString());
                }
            }
            return locationId;
        }

        private static int wiredPhases(Devices.Running charger) {
            try {
                return charger.settings().integer("phases", 3) == 1 ? 1 : 3;
            } catch (DeviceException e) {
                return 3;
            }
        }
    }
}
