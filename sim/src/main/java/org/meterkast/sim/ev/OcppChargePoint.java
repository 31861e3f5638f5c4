package org.meterkast.sim.ev;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.meterkast.sim.CarLoad;
import org.meterkast.sim.ev.ChargingProfile.Purpose;
import org.meterkast.sim.ev.ChargingProfile.Unit;
import org.meterkast.sim.ev.ChargingProfiles.Composite;
import org.meterkast.sim.ev.DepartureHabits.Visit;

/**
 * A simulated OCPP 1.6J charge point with one connector, speaking to a central system over a real WebSocket
 * (subprotocol {@code ocpp1.6}, HTTP Basic authentication with its id and password, at
 * {@code <central system>/<id>}), with a {@link Car} that can be plugged in and charges at the limit in force.
 *
 * <p>What it does, as a wall box does:
 * <ul>
 * <li>on every connection a BootNotification, then StatusNotification for connectors 0 and 1, and Heartbeats at
 *     the interval the answer gives; when the connection drops it reconnects with a doubling back-off;</li>
 * <li>a StatusNotification on every change: Available → Preparing (plug-in) → Charging, SuspendedEVSE (limit
 *     under 6 A), SuspendedEV (car full) → Finishing (transaction over, cable in) → Available (unplugged);</li>
 * <li>on plug-in Authorize, then StartTransaction with its id tag (the transactionId comes from the answer);
 *     MeterValues every MeterValueSampleInterval during a transaction (Energy.Active.Import.Register in Wh,
 *     Power.Active.Import in W, Current.Import per phase, Current.Offered; SoC only when it
 *     {@linkplain ChargePointSettings#reportsSoc() reports it}); StopTransaction with meterStop and the reason
 *     on unplugging or RemoteStop;</li>
 * <li>answers SetChargingProfile (ChargePointMaxProfile, TxDefaultProfile, TxProfile; A or W; a limit under
 *     6 A pauses), ClearChargingProfile, RemoteStartTransaction, RemoteStopTransaction, TriggerMessage,
 *     GetConfiguration and ChangeConfiguration; any other action gets a CALLERROR NotImplemented, and a frame it
 *     cannot read a FormationViolation or is counted.</li>
 * </ul>
 * Transaction messages (Start, Stop, and MeterValues during a transaction) wait in a queue while the connection
 * is down and go out after the next boot; status and heartbeats are sent afresh instead. One call at a time is
 * outstanding, and each waits at most the fleet's call timeout.
 *
 * <p>Its time is its {@link Clock} (wall, simulated or a test's), read in whole seconds at every tick of its
 * {@link ChargePointFleet} and at every message: the car is charged for the seconds since the last reading at
 * the limit that was in force. It has no thread of its own: all its work runs on its fleet's shared scheduler
 * and WebSocket callbacks, under its own lock, and never waits on the network.
 */
public final class OcppChargePoint implements AutoCloseable {
    /** IEC 61851: below this a car does not charge, so a lower limit pauses. */
    static final long MIN_AMPS = 6;
    static final int MAX_STACK_LEVEL = 8;
    private static final int TRANSACTION_MESSAGE_ATTEMPTS = 3;
    private static final int MAX_QUEUED = 10_000;
    private static final Duration BOOT_RETRY = Duration.ofSeconds(60);
    private static final String ENERGY = "Energy.Active.Import.Register";
    private static final String POWER = "Power.Active.Import";
    private static final String CURRENT = "Current.Import";
    private static final String CURRENT_OFFERED = "Current.Offered";
    private static final String POWER_OFFERED = "Power.Offered";
    private static final String SOC = "SoC";
    private static final String VOLTAGE = "Voltage";
    private static final Set<String> TRIGGERABLE = Set.of("BootNotification", "Heartbeat", "MeterValues",
            "StatusNotification");

    private final ChargePointSettings settings;
    private final Clock clock;
    private final Consumer<String> log;
    private final ChargePointFleet fleet;
    private final ChargingProfiles profiles = new ChargingProfiles();
    private final Deque<OutgoingCall> queue = new ArrayDeque<>();

    // the connection
    private WebSocket socket;
    private boolean connecting;
    private boolean booted;
    private boolean closed;
    private Duration backOff;
    private CompletableFuture<?> writes = CompletableFuture.completedFuture(null);
    private OutgoingCall inFlight;
    private ScheduledFuture<?> inFlightTimeout;
    private long callNumber;
    private ScheduledFuture<?> ticker;
    private Instant bootRetryAt;

    // configuration keys the central system may read and change
    private List<String> sampledData;
    private Duration sampleInterval;
    private final Set<Unit> allowedUnits = EnumSet.allOf(Unit.class);
    private Duration heartbeatInterval = Duration.ZERO;

    // the car and its session
    private Car car;
    private DepartureHabits habits;
    private Car habitualCar;
    private Visit visit;
    private Transaction transaction;
    private boolean ended;
    private Instant physicsAt;
    private long registerJoules;
    private long offeredWatts;
    private long carWatts;
    private int phasesInUse;
    private ConnectorStatus status = ConnectorStatus.Available;
    private Instant nextSample;
    private Instant nextHeartbeat;

    // what happened, for a person and for tests
    private long boots;
    private long connections;
    private long framesReceived;
    private long badFrames;
    private long callErrorsSent;
    private long callErrorsReceived;
    private long timeouts;
    private String lastProblem;

    /** How often things happened since the charge point started. */
    public record Counts(long connections, long boots, long framesReceived, long badFrames, long callErrorsSent,
                         long callErrorsReceived, long timeouts) {
    }

    private static final class Transaction {
        final String idTag;
        final Instant start;
        final long meterStartWh;
        Integer id;

        Transaction(String idTag, Instant start, long meterStartWh) {
            this.idTag = idTag;
            this.start = start;
            this.meterStartWh = meterStartWh;
        }
    }

    @FunctionalInterface
    private interface ResultHandler {
        void accept(Payload answer) throws CallError;
    }

    private static final class OutgoingCall {
        final String action;
        final Supplier<Map<String, Object>> payload;
        final ResultHandler onResult;
        final Runnable onFailure;
        final boolean transactional;
        String uniqueId;
        int attempts;

        OutgoingCall(String action, Supplier<Map<String, Object>> payload, ResultHandler onResult,
                     Runnable onFailure, boolean transactional) {
            this.action = action;
            this.payload = payload;
            this.onResult = onResult;
            this.onFailure = onFailure;
            this.transactional = transactional;
        }
    }

    /** An answer to the central system's call, and what to do once it is sent. */
    private record Answer(Map<String, Object> payload, Runnable then) {
        static Answer of(Map<String, Object> payload) {
            return new Answer(payload, null);
        }

        static Answer status(String status) {
            return of(fields("status", status));
        }
    }

    OcppChargePoint(ChargePointSettings settings, Clock clock, Consumer<String> log, ChargePointFleet fleet) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.log = Objects.requireNonNull(log, "log");
        this.fleet = fleet;
        this.backOff = fleet.timing().firstBackOff();
        this.sampleInterval = settings.meterValueInterval();
        List<String> data = new ArrayList<>(List.of(ENERGY, POWER, CURRENT, CURRENT_OFFERED));
        if (settings.reportsSoc()) {
            data.add(SOC);
        }
        this.sampledData = List.copyOf(data);
        this.phasesInUse = settings.phases();
    }

    synchronized void start() {
        physicsAt = now();
        registerJoules = settings.meterStartWh() * 3_600;
        connect();
        long tick = fleet.timing().tick().toMillis();
        ticker = fleet.scheduler().scheduleAtFixedRate(this::tickQuietly, tick, tick, TimeUnit.MILLISECONDS);
    }

    // ---------------------------------------------------------------- what a person (or a test) does

    /** Plugs a car in; the charge point starts a transaction when it may. */
    public synchronized void plugIn(Car newCar) {
        Objects.requireNonNull(newCar, "car");
        Instant now = now();
        advance(now);
        if (car != null) {
            throw new IllegalStateException("charge point " + settings.id() + " already has a car plugged in");
        }
        car = newCar;
        ended = false;
        refresh(now);
        if (booted && settings.authorizeOnPlugIn()) {
            authorize();
        }
        sendNext();
    }

    /** Unplugs the car, ending its transaction (reason EVDisconnected) if one runs. */
    public synchronized void unplug() {
        Instant now = now();
        advance(now);
        if (transaction != null) {
            stopTransaction("EVDisconnected");
        }
        car = null;
        ended = false;
        refresh(now);
        sendNext();
    }

    /**
     * From now on the car comes and goes by these habits: it is plugged in at each arrival with the charge it
     * arrives with, and unplugged at the departure.
     */
    public synchronized void follow(DepartureHabits newHabits, Car carOfTheHabits) {
        this.habits = Objects.requireNonNull(newHabits, "habits");
        this.habitualCar = Objects.requireNonNull(carOfTheHabits, "car");
        tick();
    }

    /** Charges the car up to now and sends what is due; the fleet calls this at every tick. */
    public synchronized void tick() {
        if (closed) {
            return;
        }
        Instant now = now();
        advance(now);
        followHabits(now);
        refresh(now);
        if (booted) {
            if (!heartbeatInterval.isZero() && nextHeartbeat != null && !now.isBefore(nextHeartbeat)) {
                heartbeat();
            }
            if (transaction != null && !sampleInterval.isZero() && nextSample != null && !now.isBefore(nextSample)) {
                meterValues("Sample.Periodic");
                nextSample = now.plus(sampleInterval);
            }
        } else if (socket != null && bootRetryAt != null && !now.isBefore(bootRetryAt)) {
            boot();
        }
        sendNext();
    }

    /** Closes the connection for good. */
    @Override
    public void close() {
        WebSocket ws;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            if (ticker != null) {
                ticker.cancel(false);
            }
            cancelTimeout();
            ws = socket;
            socket = null;
        }
        fleet.removed(this);
        if (ws != null) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "closing").whenComplete((w, e) -> ws.abort());
        }
    }

    // ---------------------------------------------------------------- what it shows

    public ChargePointSettings settings() {
        return settings;
    }

    public synchronized ConnectorStatus status() {
        return status;
    }

    /** The energy register, Wh (what Energy.Active.Import.Register says). */
    public synchronized long registerWh() {
        return registerJoules / 3_600;
    }

    /** What flows into the car now, W. */
    public synchronized long powerWatts() {
        return carWatts;
    }

    /** What the limit in force offers, W; 0 when it pauses. */
    public synchronized long offeredWatts() {
        return offeredWatts;
    }

    public synchronized int phasesInUse() {
        return phasesInUse;
    }

    /** What it draws, read afresh each time, as the household's meter counts its car ({@code SimulatedMeter}). */
    public CarLoad asCarLoad() {
        return new CarLoad() {
            @Override
            public long watts() {
                return powerWatts();
            }

            @Override
            public int phases() {
                return phasesInUse();
            }
        };
    }

    /** The running transaction's id, once the central system has given it. */
    public synchronized OptionalInt transactionId() {
        return transaction == null || transaction.id == null ? OptionalInt.empty() : OptionalInt.of(transaction.id);
    }

    public synchronized Optional<Car> car() {
        return Optional.ofNullable(car);
    }

    public synchronized boolean isBooted() {
        return booted;
    }

    public synchronized Counts counts() {
        return new Counts(connections, boots, framesReceived, badFrames, callErrorsSent, callErrorsReceived,
                timeouts);
    }

    /** The last thing that went wrong, or null. */
    public synchronized String lastProblem() {
        return lastProblem;
    }

    @Override
    public String toString() {
        return "OcppChargePoint[" + settings.url() + "]";
    }

    // ---------------------------------------------------------------- time, the car and the limit

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.SECONDS);
    }

    /** Charges the car for the whole seconds since the last reading, at what was offered then. */
    private void advance(Instant now) {
        long seconds = Duration.between(physicsAt, now).getSeconds();
        if (seconds <= 0) {
            return;
        }
        if (car != null && transaction != null && offeredWatts > 0) {
            registerJoules += car.accept(Math.min(offeredWatts, car.maxWattsOn(phasesInUse)),
                    Duration.ofSeconds(seconds));
        }
        physicsAt = physicsAt.plusSeconds(seconds);
    }

    /** Works out the limit in force and what the car takes; tells the central system if the status changed. */
    private void refresh(Instant now) {
        Composite composite = profiles.at(now, transaction == null ? null : transaction.start);
        int phases = settings.phases();
        if (settings.phaseSwitching() && composite.phases().filter(p -> p == 1).isPresent()) {
            phases = 1;
        }
        if (car != null) {
            phases = Math.min(phases, car.phases());
        }
        long ceiling = settings.maxAmps() * Car.VOLTS * phases;
        long offered = composite.watts(phases, ceiling);
        phasesInUse = phases;
        offeredWatts = offered < MIN_AMPS * Car.VOLTS * phases ? 0 : offered;
        carWatts = car == null || transaction == null ? 0
                : Math.min(Math.min(offeredWatts, car.maxWattsOn(phases)), car.acceptableWatts());
        ConnectorStatus next = ConnectorStatus.of(new ConnectorStatus.Inputs(car != null, transaction != null, ended,
                offeredWatts, car == null ? 0 : Math.min(offeredWatts, car.acceptableWatts())));
        if (next != status) {
            status = next;
            log.accept(settings.id() + ": " + next);
            statusNotification(1, next);
        }
    }

    private void followHabits(Instant now) {
        if (habits == null) {
            return;
        }
        Optional<Visit> current = habits.visitAt(now);
        if (car == null && current.isPresent() && !current.get().equals(visit)) {
            visit = current.get();
            habitualCar.arriveWith(visit.socPercent());
            car = habitualCar;
            ended = false;
            log.accept(settings.id() + ": the car arrives with " + visit.socPercent() + " %, leaves at "
                    + visit.departure());
            refresh(now);
            if (booted && settings.authorizeOnPlugIn()) {
                authorize();
            }
        } else if (car != null && car == habitualCar && (current.isEmpty() || !current.get().equals(visit))) {
            log.accept(settings.id() + ": the car leaves with " + car.socPercent() + " %");
            if (transaction != null) {
                stopTransaction("EVDisconnected");
            }
            car = null;
            ended = false;
        }
    }

    // ---------------------------------------------------------------- the session

    private void authorize() {
        String tag = settings.idTag();
        call("Authorize", () -> fields("idTag", tag), answer -> {
            String result = answer.object("idTagInfo").string("status");
            if (!"Accepted".equals(result)) {
                problem("the central system refused id tag " + tag + ": " + result);
            } else if (car != null && transaction == null && !ended) {
                startTransaction(tag, null);
            }
        }, null, false);
    }

    private void startTransaction(String idTag, ChargingProfile txProfile) {
        Transaction t = new Transaction(idTag, physicsAt, registerWh());
        transaction = t;
        ended = false;
        nextSample = physicsAt.plus(sampleInterval);
        call("StartTransaction", () -> fields("connectorId", 1, "idTag", t.idTag, "meterStart", t.meterStartWh,
                "timestamp", t.start.toString()), answer -> {
            t.id = answer.integer("transactionId");
            String result = answer.object("idTagInfo").string("status");
            if (!"Accepted".equals(result) && transaction == t) {
                problem("transaction " + t.id + " refused: " + result);
                advance(now());
                stopTransaction("DeAuthorized");
            }
        }, null, true);
        if (txProfile != null) {
            profiles.install(txProfile, -1, allowedUnits);
        }
    }

    private void stopTransaction(String reason) {
        Transaction t = transaction;
        long meterStop = registerWh();
        Instant at = physicsAt;
        transaction = null;
        profiles.endTransaction();
        ended = car != null;
        log.accept(settings.id() + ": transaction " + t.id + " stops at " + meterStop + " Wh (" + reason + ")");
        call("StopTransaction", () -> t.id == null ? null : fields("transactionId", t.id, "idTag", t.idTag,
                "meterStop", meterStop, "timestamp", at.toString(), "reason", reason), answer -> {
        }, null, true);
    }

    private Integer runningTransactionId() {
        return transaction == null ? null : transaction.id != null ? transaction.id : -1;
    }

    // ---------------------------------------------------------------- messages it sends

    private void boot() {
        bootRetryAt = null;
        queue.removeIf(c -> c.action.equals("BootNotification"));
        queue.addFirst(new OutgoingCall("BootNotification", () -> fields("chargePointVendor",
                ChargePointSettings.VENDOR, "chargePointModel", ChargePointSettings.MODEL,
                "chargePointSerialNumber", settings.id().length() <= 25 ? settings.id() : null,
                "firmwareVersion", "1.0"), this::booted, () -> bootRetryAt = now().plus(BOOT_RETRY), false));
        sendNext();
    }

    private void booted(Payload answer) throws CallError {
        String result = answer.string("status");
        int interval = answer.integer("interval");
        Instant now = now();
        if (!"Accepted".equals(result)) {
            bootRetryAt = now.plus(interval > 0 ? Duration.ofSeconds(interval) : BOOT_RETRY);
            problem("the central system answered the boot with " + result + "; again at " + bootRetryAt);
            return;
        }
        boots++;
        booted = true;
        heartbeatInterval = Duration.ofSeconds(Math.max(0, interval));
        nextHeartbeat = now.plus(heartbeatInterval);
        log.accept(settings.id() + ": booted, heartbeat every " + interval + " s");
        statusNotification(0, ConnectorStatus.Available);
        statusNotification(1, status);
        if (car != null && transaction == null && !ended && settings.authorizeOnPlugIn()) {
            authorize();
        }
    }

    private void heartbeat() {
        nextHeartbeat = now().plus(heartbeatInterval);
        call("Heartbeat", LinkedHashMap::new, answer -> {
        }, null, false);
    }

    private void statusNotification(int connectorId, ConnectorStatus s) {
        Instant at = physicsAt;
        call("StatusNotification", () -> fields("connectorId", connectorId, "errorCode", "NoError",
                "status", s.name(), "timestamp", at.toString()), answer -> {
        }, null, false);
    }

    private void meterValues(String context) {
        List<Object> samples = new ArrayList<>();
        for (String measurand : sampledData) {
            switch (measurand) {
                case ENERGY -> samples.add(sample(context, ENERGY, null, Long.toString(registerWh()), "Wh"));
                case POWER -> samples.add(sample(context, POWER, null, Long.toString(carWatts), "W"));
                case POWER_OFFERED -> samples.add(sample(context, POWER_OFFERED, null,
                        Long.toString(offeredWatts), "W"));
                case CURRENT -> {
                    String amps = amps(carWatts, phasesInUse);
                    for (int phase = 1; phase <= settings.phases(); phase++) {
                        samples.add(sample(context, CURRENT, "L" + phase, phase <= phasesInUse ? amps : "0.0", "A"));
                    }
                }
                case CURRENT_OFFERED -> samples.add(sample(context, CURRENT_OFFERED, null,
                        amps(offeredWatts, phasesInUse), "A"));
                case VOLTAGE -> samples.add(sample(context, VOLTAGE, null, Long.toString(Car.VOLTS), "V"));
                case SOC -> {
                    if (car != null) {
                        samples.add(sample(context, SOC, null, Integer.toString(car.socPercent()), "Percent"));
                    }
                }
                default -> {
                }
            }
        }
        Transaction t = transaction;
        Instant at = physicsAt;
        call("MeterValues", () -> fields("connectorId", 1, "transactionId", t == null ? null : t.id,
                "meterValue", List.of(fields("timestamp", at.toString(), "sampledValue", samples))), answer -> {
        }, null, t != null);
    }

    private static Map<String, Object> sample(String context, String measurand, String phase, String value,
                                              String unit) {
        return fields("value", value, "context", context, "measurand", measurand, "phase", phase,
                "location", "Outlet", "unit", unit);
    }

    private static String amps(long watts, int phases) {
        return BigDecimal.valueOf(watts).divide(BigDecimal.valueOf(Car.VOLTS * phases), 1, RoundingMode.HALF_UP)
                .toPlainString();
    }

    // ---------------------------------------------------------------- calls it answers

    private Answer answer(String action, Payload p) throws CallError {
        return switch (action) {
            case "SetChargingProfile" -> setChargingProfile(p);
            case "ClearChargingProfile" -> Answer.status(profiles.clear(p.optionalInteger("id"),
                    p.optionalInteger("connectorId"),
                    p.has("chargingProfilePurpose") ? p.oneOf("chargingProfilePurpose", Purpose.class) : null,
                    p.optionalInteger("stackLevel")) ? "Accepted" : "Unknown");
            case "RemoteStartTransaction" -> remoteStart(p);
            case "RemoteStopTransaction" -> remoteStop(p);
            case "TriggerMessage" -> trigger(p);
            case "GetConfiguration" -> getConfiguration(p);
            case "ChangeConfiguration" -> changeConfiguration(p);
            default -> throw new CallError("NotImplemented", "charge point " + settings.id()
                    + " does not implement the action '" + action + "'");
        };
    }

    private Answer setChargingProfile(Payload p) throws CallError {
        int connectorId = p.integer("connectorId");
        ChargingProfile profile = ChargingProfile.read(p.object("csChargingProfiles"), connectorId);
        Optional<String> refused;
        if (connectorId < 0 || connectorId > 1) {
            refused = Optional.of("there is no connector " + connectorId);
        } else if (profile.stackLevel() > MAX_STACK_LEVEL) {
            refused = Optional.of("stack level " + profile.stackLevel() + " is above " + MAX_STACK_LEVEL);
        } else {
            refused = profiles.install(profile, runningTransactionId(), allowedUnits);
        }
        if (refused.isPresent()) {
            problem("charging profile " + profile.id() + " refused: " + refused.get());
            return Answer.status("Rejected");
        }
        return Answer.status("Accepted");
    }

    private Answer remoteStart(Payload p) throws CallError {
        String idTag = p.string("idTag");
        Integer connectorId = p.optionalInteger("connectorId");
        ChargingProfile txProfile = p.has("chargingProfile")
                ? ChargingProfile.read(p.object("chargingProfile"), 1) : null;
        if (txProfile != null && txProfile.purpose() != Purpose.TxProfile) {
            throw CallError.property("chargingProfile.chargingProfilePurpose",
                    "must be TxProfile in a RemoteStartTransaction, not " + txProfile.purpose());
        }
        if (connectorId != null && connectorId != 1 || car == null || transaction != null) {
            problem("remote start refused: " + (car == null ? "no car is plugged in"
                    : transaction != null ? "a transaction runs" : "there is no connector " + connectorId));
            return Answer.status("Rejected");
        }
        return new Answer(fields("status", "Accepted"), () -> startTransaction(idTag, txProfile));
    }

    private Answer remoteStop(Payload p) throws CallError {
        int id = p.integer("transactionId");
        if (transaction == null || transaction.id == null || transaction.id != id) {
            problem("remote stop refused: transaction " + id + " does not run here");
            return Answer.status("Rejected");
        }
        return new Answer(fields("status", "Accepted"), () -> stopTransaction("Remote"));
    }

    private Answer trigger(Payload p) throws CallError {
        String requested = p.string("requestedMessage");
        Integer connectorId = p.optionalInteger("connectorId");
        if (!TRIGGERABLE.contains(requested)) {
            return Answer.status("NotImplemented");
        }
        if (connectorId != null && (connectorId < 0 || connectorId > 1)) {
            return Answer.status("Rejected");
        }
        Runnable send = switch (requested) {
            case "BootNotification" -> this::boot;
            case "Heartbeat" -> this::heartbeat;
            case "MeterValues" -> () -> meterValues("Trigger");
            default -> () -> {
                if (connectorId == null || connectorId == 0) {
                    statusNotification(0, ConnectorStatus.Available);
                }
                if (connectorId == null || connectorId == 1) {
                    statusNotification(1, status);
                }
            };
        };
        return new Answer(fields("status", "Accepted"), send);
    }

    private Answer getConfiguration(Payload p) throws CallError {
        List<String> asked = new ArrayList<>();
        if (p.has("key")) {
            for (Object key : p.list("key")) {
                if (!(key instanceof String s)) {
                    throw CallError.type("key[]", "a string", key);
                }
                asked.add(s);
            }
        }
        Map<String, String[]> all = configuration();
        List<Object> known = new ArrayList<>();
        List<Object> unknown = new ArrayList<>();
        for (String key : asked.isEmpty() ? new ArrayList<>(all.keySet()) : asked) {
            String[] entry = all.get(key);
            if (entry == null) {
                unknown.add(key);
            } else {
                known.add(fields("key", key, "readonly", Boolean.parseBoolean(entry[1]), "value", entry[0]));
            }
        }
        return Answer.of(fields("configurationKey", known, "unknownKey", unknown.isEmpty() ? null : unknown));
    }

    /** Each key's value and whether it is read-only. */
    private Map<String, String[]> configuration() {
        Map<String, String[]> c = new LinkedHashMap<>();
        c.put("MeterValuesSampledData", new String[] {String.join(",", sampledData), "false"});
        c.put("MeterValuesSampledDataMaxLength", new String[] {"8", "true"});
        c.put("MeterValueSampleInterval", new String[] {Long.toString(sampleInterval.getSeconds()), "false"});
        c.put("HeartbeatInterval", new String[] {Long.toString(heartbeatInterval.getSeconds()), "false"});
        c.put("ChargingScheduleAllowedChargingRateUnit", new String[] {allowedUnits.stream()
                .map(u -> u == Unit.A ? "Current" : "Power").collect(Collectors.joining(",")), "true"});
        c.put("ConnectorSwitch3to1PhaseSupported", new String[] {Boolean.toString(settings.phaseSwitching()), "true"});
        c.put("ChargeProfileMaxStackLevel", new String[] {Integer.toString(MAX_STACK_LEVEL), "true"});
        c.put("NumberOfConnectors", new String[] {"1", "true"});
        c.put("SupportedFeatureProfiles", new String[] {"Core,SmartCharging,RemoteTrigger", "true"});
        c.put("AuthorizeRemoteTxRequests", new String[] {"false", "true"});
        return c;
    }

    private Answer changeConfiguration(Payload p) throws CallError {
        String key = p.string("key");
        String value = p.string("value");
        String[] entry = configuration().get(key);
        if (entry == null) {
            return Answer.status("NotSupported");
        }
        if (Boolean.parseBoolean(entry[1])) {
            problem("configuration key " + key + " is read-only");
            return Answer.status("Rejected");
        }
        switch (key) {
            case "MeterValuesSampledData" -> {
                List<String> measurands = Arrays.stream(value.split(",")).map(String::trim)
                        .filter(s -> !s.isEmpty()).distinct().toList();
                Set<String> supported = settings.reportsSoc()
                        ? Set.of(ENERGY, POWER, CURRENT, CURRENT_OFFERED, POWER_OFFERED, VOLTAGE, SOC)
                        : Set.of(ENERGY, POWER, CURRENT, CURRENT_OFFERED, POWER_OFFERED, VOLTAGE);
                List<String> unsupported = measurands.stream().filter(m -> !supported.contains(m)).toList();
                if (!unsupported.isEmpty() || measurands.size() > 8) {
                    problem("MeterValuesSampledData '" + value + "' refused: " + (unsupported.isEmpty()
                            ? "more than 8 measurands" : "not measured here: " + unsupported));
                    return Answer.status("Rejected");
                }
                sampledData = measurands;
            }
            case "MeterValueSampleInterval", "HeartbeatInterval" -> {
                long seconds;
                try {
                    seconds = Long.parseLong(value.trim());
                } catch (NumberFormatException e) {
                    seconds = -1;
                }
                if (seconds < 0 || seconds > 86_400) {
                    problem(key + " '" + value + "' refused: not 0 to 86400 seconds");
                    return Answer.status("Rejected");
                }
                Instant now = now();
                if (key.equals("HeartbeatInterval")) {
                    heartbeatInterval = Duration.ofSeconds(seconds);
                    nextHeartbeat = now.plus(heartbeatInterval);
                } else {
                    sampleInterval = Duration.ofSeconds(seconds);
                    nextSample = now.plus(sampleInterval);
                }
            }
            default -> {
                return Answer.status("Rejected");
            }
        }
        return Answer.status("Accepted");
    }

    // ---------------------------------------------------------------- OCPP-J framing

    private void received(WebSocket ws, String text) {
        if (ws != socket || closed) {
            return;
        }
        framesReceived++;
        Instant now = now();
        advance(now);
        Object parsed;
        try {
            parsed = Json.parse(text);
        } catch (Json.SyntaxException e) {
            bad("a frame that is not JSON (" + e.getMessage() + "): " + abbreviated(text));
            return;
        }
        if (!(parsed instanceof List<?> frame) || frame.size() < 3 || !(frame.get(0) instanceof BigDecimal type)
                || !(frame.get(1) instanceof String id)) {
            bad("a frame that is not an OCPP-J message [type, id, ...]: " + abbreviated(text));
            return;
        }
        switch (type.intValue()) {
            case 2 -> incomingCall(id, frame, text);
            case 3 -> result(id, frame.get(2));
            case 4 -> error(id, frame);
            default -> bad("a frame of unknown type " + type + ": " + abbreviated(text));
        }
        refresh(now);
        sendNext();
    }

    private void incomingCall(String id, List<?> frame, String text) {
        if (frame.size() != 4 || !(frame.get(2) instanceof String action)) {
            bad("a CALL that is not [2, id, action, payload]: " + abbreviated(text));
            callError(id, "FormationViolation", "a CALL is [2, \"<id>\", \"<action>\", {payload}]");
            return;
        }
        Answer answer;
        try {
            answer = answer(action, Payload.of(action, frame.get(3)));
        } catch (CallError e) {
            problem(action + " answered with " + e.code() + ": " + e.getMessage());
            callError(id, e.code(), e.getMessage());
            return;
        }
        write(List.of(3, id, answer.payload()));
        if (answer.then() != null) {
            answer.then().run();
        }
    }

    private void callError(String id, String code, String description) {
        callErrorsSent++;
        write(List.of(4, id, code, description, Map.of()));
    }

    private void result(String id, Object payload) {
        OutgoingCall c = inFlight;
        if (c == null || !id.equals(c.uniqueId)) {
            bad("an answer to call " + id + ", which is not waiting");
            return;
        }
        inFlight = null;
        cancelTimeout();
        try {
            c.onResult.accept(Payload.of(c.action + ".conf", payload));
        } catch (CallError e) {
            bad("the answer to " + c.action + " is malformed: " + e.getMessage());
            if (c.onFailure != null) {
                c.onFailure.run();
            }
        }
    }

    private void error(String id, List<?> frame) {
        OutgoingCall c = inFlight;
        if (c == null || !id.equals(c.uniqueId)) {
            bad("an error for call " + id + ", which is not waiting");
            return;
        }
        inFlight = null;
        cancelTimeout();
        callErrorsReceived++;
        problem("the central system answered " + c.action + " with " + (frame.size() > 2 ? frame.get(2) : "?")
                + ": " + (frame.size() > 3 ? frame.get(3) : ""));
        if (c.onFailure != null) {
            c.onFailure.run();
        }
    }

    private void call(String action, Supplier<Map<String, Object>> payload, ResultHandler onResult,
                      Runnable onFailure, boolean transactional) {
        if (!transactional && socket == null) {
            return;     // sent afresh after the next boot
        }
        if (queue.size() >= MAX_QUEUED) {
            queue.stream().filter(c -> c.action.equals("MeterValues")).findFirst().ifPresent(queue::remove);
        }
        queue.addLast(new OutgoingCall(action, payload, onResult, onFailure, transactional));
    }

    private void sendNext() {
        while (inFlight == null && socket != null && !queue.isEmpty()) {
            OutgoingCall c = queue.peekFirst();
            if (!booted && !c.action.equals("BootNotification")) {
                return;
            }
            queue.pollFirst();
            Map<String, Object> payload = c.payload.get();
            if (payload == null) {
                continue;
            }
            c.uniqueId = Long.toString(++callNumber);
            c.attempts++;
            inFlight = c;
            try {
                inFlightTimeout = fleet.scheduler().schedule(() -> timedOut(c),
                        fleet.timing().callTimeout().toMillis(), TimeUnit.MILLISECONDS);
            } catch (RejectedExecutionException e) {
                return;     // the fleet is closing
            }
            write(List.of(2, c.uniqueId, c.action, payload));
        }
    }

    private synchronized void timedOut(OutgoingCall c) {
        if (inFlight != c) {
            return;
        }
        timeouts++;
        inFlight = null;
        long ms = fleet.timing().callTimeout().toMillis();
        problem(c.action + " got no answer within " + (ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms"));
        if (c.transactional && c.attempts < TRANSACTION_MESSAGE_ATTEMPTS) {
            queue.addFirst(c);
        } else if (c.onFailure != null) {
            c.onFailure.run();
        }
        sendNext();
    }

    private void cancelTimeout() {
        if (inFlightTimeout != null) {
            inFlightTimeout.cancel(false);
            inFlightTimeout = null;
        }
    }

    private void write(Object frame) {
        WebSocket ws = socket;
        if (ws == null) {
            return;
        }
        String text = Json.write(frame);
        // the JDK's WebSocket takes one message at a time: each waits for the one before
        writes = writes.handle((v, e) -> null)
                .thenCompose(v -> ws.sendText(text, true))
                .whenComplete((w, e) -> {
                    if (e != null) {
                        ws.abort();
                        afterwards(() -> lost(ws, "cannot send: " + e));
                    }
                });
    }

    // ---------------------------------------------------------------- the connection

    private void connect() {
        if (closed || connecting || socket != null) {
            return;
        }
        connecting = true;
        WebSocket.Builder builder = fleet.http().newWebSocketBuilder()
                .subprotocols("ocpp1.6")
                .connectTimeout(Duration.ofSeconds(10));
        if (settings.password() != null) {
            String credentials = settings.id() + ":" + settings.password();
            builder.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)));
        }
        builder.buildAsync(settings.url(), new Listener()).whenComplete((ws, e) -> {
            if (e != null) {
                failedToConnect(e);
            }
        });
    }

    private synchronized void opened(WebSocket ws) {
        connecting = false;
        if (closed) {
            ws.abort();
            return;
        }
        if (!"ocpp1.6".equals(ws.getSubprotocol())) {
            problem("the central system at " + settings.url() + " does not speak ocpp1.6 (it chose '"
                    + ws.getSubprotocol() + "')");
            ws.abort();
            reconnectLater();
            return;
        }
        socket = ws;
        writes = CompletableFuture.completedFuture(null);
        connections++;
        backOff = fleet.timing().firstBackOff();
        log.accept(settings.id() + ": connected to " + settings.url());
        boot();
    }

    private synchronized void failedToConnect(Throwable e) {
        connecting = false;
        Throwable cause = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
        String why = cause instanceof WebSocketHandshakeException refused
                ? "the central system answered HTTP " + refused.getResponse().statusCode()
                : cause.getMessage() != null ? cause.getMessage() : cause.toString();
        problem("cannot connect to " + settings.url() + ": " + why);
        reconnectLater();
    }

    private synchronized void lost(WebSocket ws, String why) {
        if (ws != socket) {
            return;
        }
        socket = null;
        booted = false;
        bootRetryAt = null;
        OutgoingCall c = inFlight;
        inFlight = null;
        cancelTimeout();
        if (c != null && c.transactional && c.attempts < TRANSACTION_MESSAGE_ATTEMPTS) {
            queue.addFirst(c);
        }
        queue.removeIf(q -> !q.transactional);
        problem("connection to " + settings.url() + " lost: " + why);
        reconnectLater();
    }

    private void reconnectLater() {
        if (closed) {
            return;
        }
        Duration wait = backOff;
        backOff = backOff.multipliedBy(2).compareTo(fleet.timing().maxBackOff()) > 0
                ? fleet.timing().maxBackOff() : backOff.multipliedBy(2);
        try {
            fleet.scheduler().schedule(() -> {
                synchronized (this) {
                    connect();
                }
            }, wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // the fleet is closing
        }
    }

    private void afterwards(Runnable r) {
        try {
            fleet.scheduler().execute(() -> {
                synchronized (this) {
                    r.run();
                }
            });
        } catch (RejectedExecutionException e) {
            // the fleet is closing
        }
    }

    private void tickQuietly() {
        try {
            tick();
        } catch (RuntimeException e) {
            // a scheduled task that throws is never run again; the charge point must keep ticking
            synchronized (this) {
                problem("tick failed: " + e);
            }
        }
    }

    private void bad(String what) {
        badFrames++;
        problem("received " + what);
    }

    private void problem(String what) {
        lastProblem = what;
        log.accept(settings.id() + ": " + what);
    }

    private static String abbreviated(String text) {
        return text.length() <= 200 ? text : text.substring(0, 200) + "…";
    }

    /** A map of name-value pairs in order; null values are left out when written. */
    static Map<String, Object> fields(Object... nameValues) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < nameValues.length; i += 2) {
            m.put((String) nameValues[i], nameValues[i + 1]);
        }
        return m;
    }

    /** One connection's callbacks; they come one after the other. */
    private final class Listener implements WebSocket.Listener {
        private final StringBuilder text = new StringBuilder();

        @Override
        public void onOpen(WebSocket ws) {
            opened(ws);
            ws.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
            text.append(data);
            if (last) {
                String frame = text.toString();
                text.setLength(0);
                synchronized (OcppChargePoint.this) {
                    received(ws, frame);
                }
            }
            ws.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
            lost(ws, "closed by the central system (" + statusCode + (reason.isEmpty() ? "" : " " + reason) + ")");
            return null;
        }

        @Override
        public void onError(WebSocket ws, Throwable error) {
            lost(ws, String.valueOf(error));
        }
    }
}
