package org.meterkast.server.control;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.energy.control.BatterySnapshot;
import org.meterkast.energy.control.BatteryTarget;
import org.meterkast.energy.control.BoilerSnapshot;
import org.meterkast.energy.control.BoilerTarget;
import org.meterkast.energy.control.ChargerSnapshot;
import org.meterkast.energy.control.ChargerTarget;
import org.meterkast.energy.control.ChargerTargets;
import org.meterkast.energy.control.Command;
import org.meterkast.energy.control.Policy;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.control.SiteSnapshot;
import org.meterkast.energy.control.StorageTargets;
import org.meterkast.energy.control.SurplusUse;
import org.meterkast.energy.device.BatteryPort;
import org.meterkast.energy.device.BatteryReading;
import org.meterkast.energy.device.BoilerPort;
import org.meterkast.energy.device.BoilerReading;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One address's control loop: each cycle reads a {@link SiteSnapshot} (the meter, the production, every charger,
 * home battery and boiler read at once), runs the policies in order (one that throws is flagged by name and the
 * others still run), resolves their commands into one target per charger ({@link ChargerTargets}), battery and
 * boiler ({@link StorageTargets}) and applies those that changed, every device at once. A battery told a power is
 * told it again every {@link #BATTERY_REFRESH} even unchanged, so that its revert timer (which hands it back to its
 * own control when the server stops steering) does not run out while the loop still wants it; a battery the loop told
 * a power is handed back ({@link #letGo}, {@link #startReleases}) when its device is removed or restarted and when the
 * server stops, as a battery without a revert timer would otherwise keep the last power for ever. A boiler whose
 * relay reads otherwise than the loop told it (switched by hand or by its own app) is told again, at most every
 * {@link #BOILER_RETELL}.
 * Each device call is bounded by {@link DeviceCalls}: a device that does not answer is marked in error and left out
 * of the cycle, and is left out of the cycles after it while its call hangs. Every decision is kept with its reason
 * in a ring of the last {@link #KEPT} for the address to read.
 *
 * <p>A cycle runs when woken (by a telegram of the address's meter, by the timer) on a thread of a shared pool,
 * never two at once: wakes while a cycle runs are folded into one more cycle after it.
 */
final class ControlLoop {
    private static final Logger log = LoggerFactory.getLogger(ControlLoop.class);
    /** How many decisions an address keeps. */
    static final int KEPT = 200;
    /**
     * An unchanged battery power is told again after this long. With the 5 s cycle and the 2 s device timeout a
     * command is repeated at most 20 + 5 + 2 = 27 s after the last, within the least revert time an adapter allows
     * (30 s), so the battery never falls back to its own control between two commands.
     */
    static final Duration BATTERY_REFRESH = Duration.ofSeconds(20);
    /** A boiler whose relay reads otherwise than it was told is told again at most this often. */
    static final Duration BOILER_RETELL = Duration.ofMinutes(1);

    private static final int IDLE = 0;
    private static final int QUEUED = 1;
    private static final int RUNNING = 2;
    private static final int RUNNING_WOKEN = 3;

    /** A charger as a cycle steers it. */
    record Charger(String name, ChargerPort port, int wiredPhases, ChargerPreferences preferences) {
    }

    /** A home battery as a cycle steers it. */
    record Battery(String name, BatteryPort port) {
    }

    /** A boiler as a cycle steers it, with how the household wants it kept. */
    record Boiler(String name, BoilerPort port, BoilerPreferences preferences) {
    }

    /** What a battery was last told, when, and to which port (a restarted device is told again). */
    private record Told(BatteryPort port, BatteryTarget target, Instant at) {
        boolean same(BatteryPort port, BatteryTarget other) {
            return this.port == port && target.release() == other.release()
                    && (other.release() || target.power().equals(other.power()));
        }
    }

    /** What a boiler was last told, when, and to which port. */
    private record BoilerTold(BoilerPort port, BoilerTarget target, Instant at) {
    }

    /** A battery being handed back to its own control, for {@link #awaitReleases}. */
    record Release(String device, BatteryPort port, DeviceCalls.Pending<Void> call) {
    }

    /** The meter's side of a snapshot. */
    record Grid(Power grid, long quarterImportWh, long quarterExportWh, Power production, Power peakLimit) {
    }

    /** Where a cycle's inputs come from. */
    interface Inputs {
        /** The grid, the quarter so far, the production and the peak limit at {@code at}. */
        Grid grid(Instant at);

        /** The address's chargers now. */
        List<Charger> chargers();

        /**
         * The power the charger's plan gives the quarter of {@code at}, from what it reported in this cycle: its
         * reading, the car's charge where it reports one (else null), and the site's peak limit.
         */
        Power planned(Charger charger, ChargerReading reading, Integer reportedSoc, Power peakLimit, Instant at);

        /** Hears each decision the loop keeps, after it is kept. */
        default void decided(Decision decision) {
        }

        /** The address's home batteries now. */
        default List<Battery> batteries() {
            return List.of();
        }

        /** The address's boilers now. */
        default List<Boiler> boilers() {
            return List.of();
        }

        /** Who gets the solar surplus first, as the household ordered them. */
        default List<SurplusUse> surplusOrder() {
            return SiteSnapshot.DEFAULT_SURPLUS_ORDER;
        }

        /**
         * With dynamic prices, the power the battery's price plan gives the quarter of {@code at} (positive charge,
         * negative discharge, zero keep the charge), from its reading of this cycle; empty without a plan.
         */
        default Optional<Power> batteryPlanned(Battery battery, BatteryReading reading, Power peakLimit, Instant at) {
            return Optional.empty();
        }

        /** A battery answered in this cycle (its history is kept from these). */
        default void read(Battery battery, BatteryReading reading) {
        }

        /** A boiler answered in this cycle: its history, and the legionella cycle when its water is hot enough. */
        default void read(Boiler boiler, BoilerReading reading) {
        }

        /** When the boiler's water last reached 60 °C, as far as the server knows. */
        default Optional<Instant> lastLegionella(Boiler boiler) {
            return Optional.empty();
        }
    }

    /** What a cycle read of a charger: its reading and the car's charge where the charger reports it. */
    private record Read(ChargerReading reading, Integer soc) {
    }

    /** A policy that threw, with what and since when. */
    record Failure(String error, Instant since) {
    }

    private final String meter;
    private final List<Policy> policies;
    private final Inputs inputs;
    private final DeviceCalls calls;
    private final Executor executor;
    private final Clock clock;
    private final AtomicInteger state = new AtomicInteger(IDLE);
    private final Map<String, Failure> failing = new ConcurrentHashMap<>();
    private final Map<String, String> deviceErrors = new ConcurrentHashMap<>();
    /** What each charger was last told, with the port it was told to (a restarted device is told again). */
    private final Map<String, Map.Entry<ChargerPort, ChargerTarget>> applied = new LinkedHashMap<>();
    /** What each battery was last told; read by {@link #letGo} on another thread. */
    private final Map<String, Told> batteriesTold = new ConcurrentHashMap<>();
    /** The batteries being let go (their device removed or restarted): no cycle tells them anything again. */
    private final Set<BatteryPort> lettingGo = java.util.Collections.newSetFromMap(new IdentityHashMap<>());
    /** Each battery's limits as it declared them in the last cycle it answered in (for its page, never blocking). */
    private final Map<String, org.meterkast.energy.device.BatteryLimits> batteryLimits = new ConcurrentHashMap<>();
    private final Map<String, BoilerTold> boilersTold = new LinkedHashMap<>();
    private final ArrayDeque<Decision> decisions = new ArrayDeque<>();
    /** Each charger's reading of the last cycle it answered in, for the charger page. */
    private final Map<String, ChargerReading> lastReadings = new ConcurrentHashMap<>();
    /** Each battery's and boiler's reading of the last cycle it answered in, for the address's page. */
    private final Map<String, BatteryReading> batteryReadings = new ConcurrentHashMap<>();
    private final Map<String, BoilerReading> boilerReadings = new ConcurrentHashMap<>();
    private final AtomicLong cycles = new AtomicLong();
    private volatile Instant lastCycle;

    ControlLoop(String meter, List<Policy> policies, Inputs inputs, DeviceCalls calls, Executor executor, Clock clock) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.policies = List.copyOf(policies);
        this.inputs = Objects.requireNonNull(inputs, "inputs");
        this.calls = Objects.requireNonNull(calls, "calls");
        this.executor = Objects.requireNonNull(executor, "executor");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    String meter() {
        return meter;
    }

    /** Asks for a cycle; returns at once, whoever calls it (the meter's reading thread, the timer). */
    void wake() {
        while (true) {
            int now = state.get();
            if (now == QUEUED || now == RUNNING_WOKEN) {
                return;
            }
            if (now == RUNNING) {
                if (state.compareAndSet(RUNNING, RUNNING_WOKEN)) {
                    return;
                }
            } else if (state.compareAndSet(IDLE, QUEUED)) {
                submit();
                return;
            }
        }
    }

    private void submit() {
        try {
            executor.execute(this::run);
        } catch (RejectedExecutionException e) {
            state.set(IDLE);    // shutting down
        }
    }

    private void run() {
        state.set(RUNNING);
        try {
            cycle();
        } catch (RuntimeException e) {
            // a bug of the loop itself: logged, and the next wake runs a cycle again
            log.error("meter '{}': the control cycle failed", meter, e);
        } finally {
            if (!state.compareAndSet(RUNNING, IDLE)) {
                state.set(QUEUED);
                submit();
            }
        }
    }

    /** One cycle: snapshot, policies, targets, and the changed ones applied. Called on one thread at a time. */
    void cycle() {
        Instant at = clock.instant();
        long deadline = System.nanoTime() + calls.timeout().toNanos();
        List<Charger> chargers = inputs.chargers();
        Map<Charger, DeviceCalls.Pending<Read>> reads = new LinkedHashMap<>();
        for (Charger charger : chargers) {
            reads.put(charger, calls.start(charger.port(), () -> read(charger), at));
        }
        List<Battery> batteries = inputs.batteries();
        Map<Battery, DeviceCalls.Pending<BatteryReading>> batteryReads = new LinkedHashMap<>();
        for (Battery battery : batteries) {
            batteryReads.put(battery, calls.start(battery.port(), battery.port()::read, at));
        }
        List<Boiler> boilers = inputs.boilers();
        Map<Boiler, DeviceCalls.Pending<BoilerReading>> boilerReads = new LinkedHashMap<>();
        for (Boiler boiler : boilers) {
            boilerReads.put(boiler, calls.start(boiler.port(), boiler.port()::read, at));
        }
        Grid grid = inputs.grid(at);
        Map<Charger, Read> answered = new LinkedHashMap<>();
        for (Map.Entry<Charger, DeviceCalls.Pending<Read>> read : reads.entrySet()) {
            Charger charger = read.getKey();
            try {
                answered.put(charger, calls.await(read.getValue(), deadline));
                deviceAnswered(charger.name());
            } catch (DeviceException e) {
                lastReadings.remove(charger.name());
                deviceFailed(at, charger.name(), e.getMessage());
            }
        }
        // the plans only once every charger has answered: making one reads the store, and no charger waits on it
        List<ChargerSnapshot> snapshots = new ArrayList<>();
        Map<String, Charger> byName = new LinkedHashMap<>();
        Map<String, ChargerReading> readings = new LinkedHashMap<>();
        for (Map.Entry<Charger, Read> answer : answered.entrySet()) {
            Charger charger = answer.getKey();
            ChargerReading reading = answer.getValue().reading();
            ChargerPort port = charger.port();
            snapshots.add(new ChargerSnapshot(charger.name(), reading, charger.preferences().mode(),
                    port.currentRange(), port.phaseSwitch().isPresent(), charger.wiredPhases(),
                    inputs.planned(charger, reading, answer.getValue().soc(), grid.peakLimit(), at)));
            byName.put(charger.name(), charger);
            readings.put(charger.name(), reading);
            lastReadings.put(charger.name(), reading);
        }
        List<BatterySnapshot> batterySnapshots = new ArrayList<>();
        Map<String, Battery> batteryByName = new LinkedHashMap<>();
        for (Map.Entry<Battery, DeviceCalls.Pending<BatteryReading>> read : batteryReads.entrySet()) {
            Battery battery = read.getKey();
            try {
                BatteryReading reading = calls.await(read.getValue(), deadline);
                deviceAnswered(battery.name());
                batteryReadings.put(battery.name(), reading);
                batteryByName.put(battery.name(), battery);
                org.meterkast.energy.device.BatteryLimits limits = battery.port().limits();
                batteryLimits.put(battery.name(), limits);
                batterySnapshots.add(new BatterySnapshot(battery.name(), reading, limits,
                        inputs.batteryPlanned(battery, reading, grid.peakLimit(), at)));
                takenIn(battery.name(), () -> inputs.read(battery, reading));
            } catch (DeviceException e) {
                batteryReadings.remove(battery.name());
                batteriesTold.remove(battery.name());
                deviceFailed(at, battery.name(), e.getMessage());
            }
        }
        List<BoilerSnapshot> boilerSnapshots = new ArrayList<>();
        Map<String, Boiler> boilerByName = new LinkedHashMap<>();
        for (Map.Entry<Boiler, DeviceCalls.Pending<BoilerReading>> read : boilerReads.entrySet()) {
            Boiler boiler = read.getKey();
            try {
                BoilerReading reading = calls.await(read.getValue(), deadline);
                deviceAnswered(boiler.name());
                boilerReadings.put(boiler.name(), reading);
                boilerByName.put(boiler.name(), boiler);
                takenIn(boiler.name(), () -> inputs.read(boiler, reading));
                BoilerPreferences wanted = boiler.preferences();
                // a household that turned the weekly cycle off: as if it had just run, so no policy heats for it
                Optional<Instant> legionella = wanted.legionella() ? lastLegionella(boiler) : Optional.of(at);
                boilerSnapshots.add(new BoilerSnapshot(boiler.name(), reading, boiler.port().ratedPower(),
                        boiler.port().modulation().isPresent(), wanted.floorC(), wanted.maxC(), legionella));
            } catch (DeviceException e) {
                boilerReadings.remove(boiler.name());
                boilersTold.remove(boiler.name());
                deviceFailed(at, boiler.name(), e.getMessage());
            }
        }
        SiteSnapshot snapshot = new SiteSnapshot(at, grid.grid(), grid.quarterImportWh(), grid.quarterExportWh(),
                grid.production(), grid.peakLimit(), snapshots, batterySnapshots, boilerSnapshots,
                surplusOrder());

        List<Command> commands = new ArrayList<>();
        Map<Command, String> issuedBy = new IdentityHashMap<>();
        for (Policy policy : policies) {
            try {
                List<Command> decided = policy.decide(snapshot);
                decided.forEach(c -> issuedBy.put(c, policy.name()));
                commands.addAll(decided);
                failing.remove(policy.name());
            } catch (RuntimeException e) {
                // flagged and shown; the other policies still run
                Failure before = failing.get(policy.name());
                String error = e.toString();
                if (before == null || !before.error().equals(error)) {
                    failing.put(policy.name(), new Failure(error, before == null ? at : before.since()));
                    keep(new Decision(at, null, "policy-failed", 0, 0, policy.name(),
                            Reason.of("control.policy.failed"), error));
                    log.warn("meter '{}': policy {} failed", meter, policy.name(), e);
                }
            }
        }

        // the writes wait again at most the device timeout: a charger that let the reads run out does not leave the
        // others' writes no time at all
        long writeDeadline = System.nanoTime() + calls.timeout().toNanos();
        Map<ChargerTarget, DeviceCalls.Pending<Void>> writes = new LinkedHashMap<>();
        for (ChargerTarget target : ChargerTargets.resolve(snapshot, commands)) {
            Charger charger = byName.get(target.device());
            Map.Entry<ChargerPort, ChargerTarget> before = applied.get(target.device());
            if (before != null && before.getKey() == charger.port() && target.sameSettingAs(before.getValue())) {
                continue;
            }
            ChargerReading reading = readings.get(target.device());
            writes.put(target, calls.start(charger.port(), () -> apply(charger.port(), target, reading), at));
        }
        Map<BatteryTarget, DeviceCalls.Pending<Void>> batteryWrites = new LinkedHashMap<>();
        Set<BatteryTarget> refreshes = new HashSet<>();
        for (BatteryTarget target : StorageTargets.batteries(snapshot, commands)) {
            BatteryPort port = batteryByName.get(target.device()).port();
            Told before = batteriesTold.get(target.device());
            boolean same = before != null && before.same(port, target);
            if (same && (target.release() || at.isBefore(before.at().plus(BATTERY_REFRESH)))) {
                continue;
            }
            if (same) {
                refreshes.add(target);
            }
            batteryWrites.put(target, calls.start(port, () -> {
                // checked once the call holds the device: a battery being let go is told nothing after its release
                if (lettingGo(port)) {
                    throw new DeviceException(port.describe() + " is being handed back to its own control");
                }
                return apply(port, target);
            }, at));
        }
        Map<BoilerTarget, DeviceCalls.Pending<Void>> boilerWrites = new LinkedHashMap<>();
        for (BoilerTarget target : StorageTargets.boilers(snapshot, commands)) {
            BoilerPort port = boilerByName.get(target.device()).port();
            BoilerTold before = boilersTold.get(target.device());
            if (before != null && before.port() == port && before.target().power().equals(target.power())) {
                // told this already; again only when its relay reads otherwise (switched outside the server), and
                // at most every BOILER_RETELL, so a relay that will not follow is not written every cycle
                BoilerReading reading = boilerReadings.get(target.device());
                boolean followed = reading == null || reading.switchedOn() == target.on();
                if (followed || at.isBefore(before.at().plus(BOILER_RETELL))) {
                    continue;
                }
            }
            boilerWrites.put(target, calls.start(port, () -> apply(port, target), at));
        }
        for (Map.Entry<ChargerTarget, DeviceCalls.Pending<Void>> write : writes.entrySet()) {
            ChargerTarget target = write.getKey();
            Charger charger = byName.get(target.device());
            String action = target.stopSession() ? "stop" : target.pauses() ? "pause" : "offer";
            String outcome;
            try {
                calls.await(write.getValue(), writeDeadline);
                applied.put(target.device(), Map.entry(charger.port(), target));
                outcome = "applied";
            } catch (DeviceException e) {
                applied.remove(target.device());
                deviceErrors.put(target.device(), e.getMessage());
                outcome = e.getMessage();
            }
            keep(new Decision(at, target.device(), action, target.amps(), target.stopSession() ? 0 : target.phases(),
                    issuedBy.get(target.cause()), target.reason(), outcome));
        }
        for (Map.Entry<BatteryTarget, DeviceCalls.Pending<Void>> write : batteryWrites.entrySet()) {
            BatteryTarget target = write.getKey();
            long watts = target.release() ? 0 : target.power().watts();
            String action = target.release() ? "release" : watts > 0 ? "charge" : watts < 0 ? "discharge" : "hold";
            String outcome;
            try {
                calls.await(write.getValue(), writeDeadline);
                batteriesTold.put(target.device(), new Told(batteryByName.get(target.device()).port(), target, at));
                if (refreshes.contains(target)) {
                    continue;       // told again what it was told: not a new decision
                }
                outcome = "applied";
            } catch (DeviceException e) {
                batteriesTold.remove(target.device());
                deviceErrors.put(target.device(), e.getMessage());
                outcome = e.getMessage();
            }
            keep(new Decision(at, target.device(), action, 0, 0, issuedBy.get(target.cause()), target.reason(),
                    outcome, watts));
        }
        for (Map.Entry<BoilerTarget, DeviceCalls.Pending<Void>> write : boilerWrites.entrySet()) {
            BoilerTarget target = write.getKey();
            String outcome;
            try {
                calls.await(write.getValue(), writeDeadline);
                boilersTold.put(target.device(), new BoilerTold(boilerByName.get(target.device()).port(), target, at));
                outcome = "applied";
            } catch (DeviceException e) {
                boilersTold.remove(target.device());
                deviceErrors.put(target.device(), e.getMessage());
                outcome = e.getMessage();
            }
            keep(new Decision(at, target.device(), target.on() ? "heat" : "off", 0, 0, issuedBy.get(target.cause()),
                    target.reason(), outcome, target.power().watts()));
        }
        List<String> names = new ArrayList<>(chargers.stream().map(Charger::name).toList());
        batteries.forEach(b -> names.add(b.name()));
        boilers.forEach(b -> names.add(b.name()));
        applied.keySet().retainAll(names);
        batteriesTold.keySet().retainAll(names);
        batteryLimits.keySet().retainAll(names);
        synchronized (lettingGo) {
            lettingGo.retainAll(batteries.stream().map(Battery::port).toList());
        }
        boilersTold.keySet().retainAll(names);
        deviceErrors.keySet().retainAll(names);
        lastReadings.keySet().retainAll(names);
        batteryReadings.keySet().retainAll(names);
        boilerReadings.keySet().retainAll(names);
        lastCycle = at;
        cycles.incrementAndGet();
    }

    /**
     * Reads a charger and, where it reports the car's charge, that charge too (a plan starts from it); a charge it
     * cannot tell now, or one outside 0–100 %, leaves the plan on the household's own figure.
     */
    private static Read read(Charger charger) throws DeviceException {
        ChargerReading reading = charger.port().read();
        Optional<ChargerPort.VehicleSoc> vehicle = charger.port().vehicleSoc();
        if (vehicle.isEmpty()) {
            return new Read(reading, null);
        }
        Integer soc;
        try {
            soc = vehicle.get().socPercent().filter(p -> p >= 0 && p <= 100).orElse(null);
        } catch (DeviceException e) {
            soc = null;
        }
        return new Read(reading, soc);
    }

    private static Void apply(ChargerPort port, ChargerTarget target, ChargerReading reading) throws DeviceException {
        if (target.stopSession()) {
            port.stopSession();
            return null;
        }
        Optional<ChargerPort.PhaseSwitch> phases = port.phaseSwitch();
        if (phases.isPresent() && target.phases() != reading.phases() && !target.pauses()) {
            phases.get().usePhases(target.phases());
        }
        port.offerCurrent(target.amps());
        return null;
    }

    private static Void apply(BatteryPort port, BatteryTarget target) throws DeviceException {
        if (target.release()) {
            port.release();
        } else {
            port.setPower(target.power());
        }
        return null;
    }

    private static Void release(BatteryPort port) throws DeviceException {
        port.release();
        return null;
    }

    private static Void apply(BoilerPort port, BoilerTarget target) throws DeviceException {
        Optional<BoilerPort.Modulation> modulation = port.modulation();
        if (modulation.isPresent()) {
            modulation.get().setPower(target.power());
        } else {
            port.switchOn(target.on());
        }
        return null;
    }

    /** The household's surplus order; the default one when it cannot be read now (the store is down). */
    private List<SurplusUse> surplusOrder() {
        try {
            return inputs.surplusOrder();
        } catch (RuntimeException e) {
            log.warn("meter '{}': the surplus order could not be read, the default one is used: {}", meter,
                    e.toString());
            return SiteSnapshot.DEFAULT_SURPLUS_ORDER;
        }
    }

    /** When the boiler's water last reached 60 °C; unknown when that cannot be read now. */
    private Optional<Instant> lastLegionella(Boiler boiler) {
        try {
            return inputs.lastLegionella(boiler);
        } catch (RuntimeException e) {
            log.warn("meter '{}': boiler {}'s last legionella cycle could not be read: {}", meter, boiler.name(),
                    e.toString());
            return Optional.empty();
        }
    }

    private boolean lettingGo(BatteryPort port) {
        synchronized (lettingGo) {
            return lettingGo.contains(port);
        }
    }

    /**
     * The battery's device is being removed or restarted: no cycle tells this port anything from now on, and if the
     * loop had told it a power it is handed back to its own control, waiting at most the device timeout for a call
     * of the loop's to end and as long again for the release. Called on any thread.
     *
     * @return whether a release was sent and answered
     */
    boolean letGo(BatteryPort port) {
        synchronized (lettingGo) {
            lettingGo.add(port);
        }
        List<String> told = batteriesTold.entrySet().stream()
                .filter(e -> e.getValue().port() == port && !e.getValue().target().release())
                .map(Map.Entry::getKey).toList();
        if (told.isEmpty()) {
            return false;
        }
        long busyUntil = System.nanoTime() + calls.timeout().toNanos();
        try {
            while (calls.busy(port) && System.nanoTime() < busyUntil) {
                Thread.sleep(10);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
        Instant at = clock.instant();
        List<Release> releases = told.stream()
                .map(name -> new Release(name, port, calls.start(port, () -> release(port), at))).toList();
        return awaitReleases(releases, System.nanoTime() + calls.timeout().toNanos()) == releases.size();
    }

    /**
     * Starts handing back every battery the loop told a power (the server stops; no cycle runs any more), without
     * waiting: {@link #awaitReleases} collects them, so the loops of all addresses release at once.
     */
    List<Release> startReleases() {
        Instant at = clock.instant();
        List<Release> out = new ArrayList<>();
        batteriesTold.forEach((name, told) -> {
            if (!told.target().release()) {
                BatteryPort port = told.port();
                out.add(new Release(name, port, calls.start(port, () -> release(port), at)));
            }
        });
        return out;
    }

    /** Waits for releases until {@code deadlineNanos} and no longer; returns how many answered. */
    int awaitReleases(List<Release> releases, long deadlineNanos) {
        int answered = 0;
        for (Release release : releases) {
            try {
                calls.await(release.call(), deadlineNanos);
                batteriesTold.computeIfPresent(release.device(), (k, told) -> told.port() == release.port() ? null : told);
                answered++;
                log.info("meter '{}': battery {} handed back to its own control", meter, release.device());
            } catch (DeviceException e) {
                log.warn("meter '{}': battery {} could not be handed back to its own control: {}", meter,
                        release.device(), e.getMessage());
            }
        }
        return answered;
    }

    /** Hands a reading on (its history, the legionella cycle); a failure there does not stop the cycle. */
    private void takenIn(String device, Runnable handOn) {
        try {
            handOn.run();
        } catch (RuntimeException e) {
            log.warn("meter '{}': device {}'s reading was not taken in: {}", meter, device, e.toString());
        }
    }

    private void deviceAnswered(String device) {
        deviceErrors.remove(device);
    }

    private void deviceFailed(Instant at, String device, String error) {
        applied.remove(device);     // told again once it answers: it may have restarted meanwhile
        if (!error.equals(deviceErrors.put(device, error))) {
            keep(new Decision(at, device, "device-failed", 0, 0, null, Reason.of("control.device.failed"), error));
            log.warn("meter '{}': device {}: {}", meter, device, error);
        }
    }

    void keep(Decision decision) {
        synchronized (decisions) {
            if (decisions.size() == KEPT) {
                decisions.removeFirst();
            }
            decisions.addLast(decision);
        }
        inputs.decided(decision);
    }

    /** The decisions kept, newest first. */
    List<Decision> decisions() {
        synchronized (decisions) {
            List<Decision> newestFirst = new ArrayList<>(decisions);
            java.util.Collections.reverse(newestFirst);
            return newestFirst;
        }
    }

    /** The policies in their order. */
    List<String> policyNames() {
        return policies.stream().map(Policy::name).toList();
    }

    /** The policies that threw in their last cycle, by name. */
    Map<String, Failure> failing() {
        return Map.copyOf(failing);
    }

    /** The devices that did not answer or refused in their last cycle, with the error. */
    Map<String, String> deviceErrors() {
        return Map.copyOf(deviceErrors);
    }

    /** Each charger's reading in the last cycle it answered in, by name; none for a charger that did not. */
    Map<String, ChargerReading> readings() {
        return Map.copyOf(lastReadings);
    }

    /** Each battery's reading in the last cycle it answered in, by name. */
    Map<String, BatteryReading> batteryReadings() {
        return Map.copyOf(batteryReadings);
    }

    /** Each battery's limits as it declared them in the last cycle it answered in, by name. */
    Map<String, org.meterkast.energy.device.BatteryLimits> batteryLimits() {
        return Map.copyOf(batteryLimits);
    }

    /** Each boiler's reading in the last cycle it answered in, by name. */
    Map<String, BoilerReading> boilerReadings() {
        return Map.copyOf(boilerReadings);
    }

    /** When the last cycle ran, or null before the first. */
    Instant lastCycle() {
        return lastCycle;
    }

    /** Whether no cycle runs or waits to run. */
    boolean idle() {
        return state.get() == IDLE;
    }

    /** How many cycles have run. */
    long cycles() {
        return cycles.get();
    }
}
