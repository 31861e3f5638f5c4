package org.meterkast.server.ev;

import jakarta.annotation.PreDestroy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.control.ChargerPreferenceService;
import org.meterkast.server.control.ChargerPreferences;
import org.meterkast.server.ev.ChargePointRepository.Goal;
import org.meterkast.server.ev.ChargePointRepository.Registration;
import org.meterkast.server.ev.ChargePointRepository.StoredSession;
import org.meterkast.server.ev.ChargePointState.Session;
import org.meterkast.server.ev.ChargedQuarters.Charged;
import org.meterkast.server.ev.OcppFrame.Call;
import org.meterkast.server.ev.OcppMessages.BootNotification;
import org.meterkast.server.ev.OcppMessages.MeterValues;
import org.meterkast.server.ev.OcppMessages.StartTransaction;
import org.meterkast.server.ev.OcppMessages.StatusNotification;
import org.meterkast.server.ev.OcppMessages.StopTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Component;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.SubProtocolCapable;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import org.springframework.web.socket.handler.ConcurrentWebSocketSessionDecorator;
import org.springframework.web.socket.handler.TextWebSocketHandler;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * This server as an OCPP 1.6J central system: the WebSocket end of every charger's connection at
 * {@code /ocpp/{chargePointId}}. It answers the charger's calls from the state it keeps (and the store, for
 * sessions), refuses what it cannot read with the error code the standard names, and makes this server's calls to
 * the chargers, each with a timeout. A charger's message is handled on the thread it arrived on, without ever
 * waiting for another charger or for an answer to a call.
 */
@Component
class CentralSystem extends TextWebSocketHandler implements SubProtocolCapable {
    static final String SUBPROTOCOL = "ocpp1.6";
    static final String CHARGE_POINT = "ocpp.chargePoint";
    private static final String LINK = "ocpp.link";
    private static final Logger log = LoggerFactory.getLogger(CentralSystem.class);
    /** the longest text frame taken, in characters: a longer one closes the connection as too big (1009) */
    static final int MAX_FRAME_CHARS = 8 * 1024;

    /** Server-wide counts: refused handshakes (they have no charger to count on, or a wrong password) and timing. */
    record Counts(long refusedUnknownId, long refusedPassword, long refusedProtocol, long connected,
                  long registered, HandlingTimer.Summary handling) {
    }

    private final ChargePointRepository repository;
    private final JsonMapper json;
    private final Clock clock;
    private final OcppSettings settings;
    private final PasswordEncoder passwords;
    private final ChargerPreferenceService preferences;
    private final ScheduledExecutorService timers;
    private final ThreadPoolExecutor writer;
    private final ConcurrentMap<String, ChargePointState> states = new ConcurrentHashMap<>();
    private final ConcurrentMap<String, ChargePointLink> links = new ConcurrentHashMap<>();
    /** a password verified once per registration, so a reconnect costs a hash, not bcrypt */
    private final ConcurrentMap<String, String> verified = new ConcurrentHashMap<>();
    private final HandlingTimer timer = new HandlingTimer();
    private final AtomicLong refusedUnknownId = new AtomicLong();
    private final AtomicLong refusedPassword = new AtomicLong();
    private final AtomicLong refusedProtocol = new AtomicLong();

    CentralSystem(ChargePointRepository repository, JsonMapper json, Clock clock, OcppSettings settings,
                  PasswordEncoder passwords, ChargerPreferenceService preferences) {
        this.repository = repository;
        this.preferences = preferences;
        this.json = json;
        this.clock = clock;
        this.settings = settings;
        this.passwords = passwords;
        this.timers = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "ocpp-timers"));
        // one writer of the quarters sessions close; a full queue makes the charger's thread write itself
        this.writer = new ThreadPoolExecutor(1, 1, 0, TimeUnit.SECONDS, new LinkedBlockingQueue<>(10_000),
                r -> daemon(r, "ocpp-quarter-writer"), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * At the server's stop, while the database is still there (this handler goes before the repository it uses): each
     * charge point still connected is taken as seen now, and forgotten, so its connection's close, which the web
     * server reports later, writes nothing.
     */
    @PreDestroy
    void stop() throws InterruptedException {
        timers.shutdownNow();
        writer.shutdown();
        writer.awaitTermination(10, TimeUnit.SECONDS);
        Instant now = clock.instant();
        for (String id : List.copyOf(links.keySet())) {
            if (links.remove(id) != null) {
                state(id).ifPresent(s -> s.disconnected(now));
                try {
                    repository.seen(id, now);
                } catch (RuntimeException e) {
                    log.warn("OCPP {}: last seen not stored at the stop: {}", id, e.toString());
                }
            }
        }
    }

    @Override
    public List<String> getSubProtocols() {
        return List.of(SUBPROTOCOL);
    }

    // ---- registration and the handshake

    /**
     * Registers a charge point for a device at an address with its password (kept hashed); the handshake then
     * accepts it. Fails, naming the id, when another device already has it.
     *
     * @param password the password, or its hash as the PasswordEncoder writes it ({@code {bcrypt}…}), which is what
     *                 the device layer hands an adapter
     */
    void register(String chargePointId, long locationId, String device, String password, int phases)
            throws DeviceException {
        Optional<Registration> existing = repository.find(chargePointId);
        String hash = isHash(password) ? password : existing.filter(r -> passwords.matches(password, r.passwordHash()))
                .map(Registration::passwordHash).orElseGet(() -> passwords.encode(password));
        Optional<String> before = repository.idOf(locationId, device).filter(id -> !id.equals(chargePointId));
        if (!repository.register(chargePointId, locationId, device, hash, phases)) {
            throw new DeviceException("charge point id '" + chargePointId + "' is already another charger's");
        }
        before.ifPresent(this::letGo);      // the device's former charge point id, given up with its registration
        verified.remove(chargePointId);
        states.compute(chargePointId, (id, state) -> state != null && state.locationId() == locationId
                && state.device().equals(device) ? state : new ChargePointState(id, locationId, device, phases,
                settings)).usePhases(phases);
    }

    /** Whether a password setting holds the PasswordEncoder's hash ({@code {bcrypt}…}) rather than the password. */
    static boolean isHash(String password) {
        return password.startsWith("{");
    }

    /** Fails, naming the id, when {@link #register} would refuse it: another device's, here or at another address. */
    void checkFree(String chargePointId, long locationId, String device) throws DeviceException {
        if (!repository.isFree(chargePointId, locationId, device)) {
            throw new DeviceException("charge point id '" + chargePointId + "' is already another charger's");
        }
    }

    /**
     * A charger taken off its address: its registration is withdrawn (its sessions kept) or, {@code forGood} (its
     * device was deleted, or its address), deleted with its sessions. Either way it is no longer let in, and a
     * connection it has is closed once this server's charging profile is cleared, so that it charges by its own
     * settings again. Nothing happens to an id registered for another device.
     */
    void release(String chargePointId, long locationId, String device, boolean forGood) {
        boolean registered = registeredAt(chargePointId, locationId, device);
        if (registered && forGood) {
            repository.delete(chargePointId);
        } else if (registered) {
            repository.withdraw(chargePointId, clock.instant());
        }
        ChargePointState state = states.get(chargePointId);
        if (registered || state != null && state.locationId() == locationId && state.device().equals(device)) {
            letGo(chargePointId);
            log.info("OCPP {} was {} its address", chargePointId, forGood ? "removed with its sessions from"
                    : "withdrawn from");
        }
    }

    /** Whether the charge point is registered (or withdrawn) for this device at this address. */
    boolean registeredAt(String chargePointId, long locationId, String device) {
        return repository.find(chargePointId).filter(r -> r.locationId() == locationId && r.device().equals(device))
                .isPresent();
    }

    /** Forgets what is kept of a charge point in memory and lets its connection go. */
    private void letGo(String chargePointId) {
        verified.remove(chargePointId);
        states.remove(chargePointId);
        ChargePointLink link = links.remove(chargePointId);
        if (link != null) {
            ObjectNode clear = json.createObjectNode();
            clear.put("id", OcppCharger.PROFILE_ID);
            link.call("ClearChargingProfile", clear).whenComplete((answer, failure) -> link.close(
                    CloseStatus.NORMAL.withReason("removed from its address"), "removed from its address"));
        }
    }

    /** What the handshake makes of a charge point id and the password it sent. */
    enum Admission { ADMITTED, UNKNOWN_ID, WRONG_PASSWORD }

    /** Checks a charge point's id and Basic-auth password, counting a refusal. */
    Admission admit(String chargePointId, String password) {
        Optional<Registration> registration = repository.registered(chargePointId);
        if (registration.isEmpty()) {
            refusedUnknownId.incrementAndGet();
            return Admission.UNKNOWN_ID;
        }
        String hash = registration.get().passwordHash();
        String memo = hash + "\n" + sha256(password == null ? "" : password);
        if (password != null && (memo.equals(verified.get(chargePointId)) || passwords.matches(password, hash))) {
            verified.put(chargePointId, memo);
            return Admission.ADMITTED;
        }
        refusedPassword.incrementAndGet();
        state(chargePointId).ifPresent(ChargePointState::refusedLogin);
        return Admission.WRONG_PASSWORD;
    }

    /** A handshake refused before its id could be looked up (an id no charger can have). */
    void countUnknownId() {
        refusedUnknownId.incrementAndGet();
    }

    private static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The state kept of a registered charge point (made from its registration the first time it is asked). */
    Optional<ChargePointState> state(String chargePointId) {
        ChargePointState state = states.get(chargePointId);
        if (state != null) {
            return Optional.of(state);
        }
        return repository.registered(chargePointId).map(r -> states.computeIfAbsent(chargePointId,
                id -> new ChargePointState(id, r.locationId(), r.device(), r.phases(), settings)));
    }

    Counts counts() {
        return new Counts(refusedUnknownId.get(), refusedPassword.get(), refusedProtocol.get(), links.size(),
                states.size(), timer.summary());
    }

    void resetTimer() {
        timer.reset();
    }

    // ---- connections

    @Override
    public void afterConnectionEstablished(WebSocketSession raw) throws IOException {
        String chargePointId = (String) raw.getAttributes().get(CHARGE_POINT);
        if (!SUBPROTOCOL.equals(raw.getAcceptedProtocol())) {
            // the standard's answer to a client that did not offer ocpp1.6: a handshake without it, then close
            refusedProtocol.incrementAndGet();
            raw.close(CloseStatus.PROTOCOL_ERROR.withReason("subprotocol ocpp1.6 required"));
            return;
        }
        ChargePointState state = state(chargePointId).orElse(null);
        if (state == null) {
            raw.close(CloseStatus.POLICY_VIOLATION.withReason("unknown charge point"));
            return;
        }
        WebSocketSession socket = new ConcurrentWebSocketSessionDecorator(raw,
                (int) settings.callTimeout().toMillis(), 256 * 1024);
        ChargePointLink link = new ChargePointLink(chargePointId, socket, json, timers, settings.callTimeout(),
                (action, ok) -> state.callAnswered(ok));
        raw.getAttributes().put(LINK, link);
        ChargePointLink old = links.put(chargePointId, link);
        if (old != null) {
            old.close(CloseStatus.NORMAL.withReason("replaced by a new connection"), "reconnected: this call was lost");
        }
        Instant now = clock.instant();
        state.connected(now, old != null);
        if (state.session() == null) {
            repository.openSession(chargePointId).ifPresent(s -> resume(state, s));
        }
        repository.seen(chargePointId, now);
        log.info("OCPP {} connected from {}{}", chargePointId, raw.getRemoteAddress(),
                old != null ? ", replacing its earlier connection" : "");
        timers.schedule(() -> triggerBoot(link, state), settings.triggerBootDelay().toMillis(), TimeUnit.MILLISECONDS);
    }

    /** A charger that reconnects without booting is asked to, and for its status, so its state is known. */
    private void triggerBoot(ChargePointLink link, ChargePointState state) {
        if (links.get(link.chargePointId()) != link || state.booted()) {
            return;
        }
        link.call("TriggerMessage", object("requestedMessage", "BootNotification"));
        link.call("TriggerMessage", object("requestedMessage", "StatusNotification"));
    }

    @Override
    public void afterConnectionClosed(WebSocketSession raw, CloseStatus status) {
        ChargePointLink link = (ChargePointLink) raw.getAttributes().get(LINK);
        if (link == null) {
            return;
        }
        link.closed("disconnected before answering");
        if (links.remove(link.chargePointId(), link)) {
            Instant now = clock.instant();
            state(link.chargePointId()).ifPresent(s -> s.disconnected(now));
            repository.seen(link.chargePointId(), now);
            log.info("OCPP {} disconnected ({})", link.chargePointId(), status);
        }
    }

    @Override
    public void handleTransportError(WebSocketSession session, Throwable exception) throws IOException {
        log.debug("OCPP {}: {}", session.getAttributes().get(CHARGE_POINT), exception.toString());
        if (session.isOpen()) {
            session.close(CloseStatus.SERVER_ERROR);
        }
    }

    @Override
    public boolean supportsPartialMessages() {
        return false;
    }

    // ---- the charger's messages

    @Override
    protected void handleTextMessage(WebSocketSession raw, TextMessage message) throws IOException {
        long started = System.nanoTime();
        ChargePointLink link = (ChargePointLink) raw.getAttributes().get(LINK);
        ChargePointState state = link == null ? null : states.get(link.chargePointId());
        if (state == null) {
            if (link != null) {
                answerOnly(link, message.getPayload());
            }
            return;
        }
        Instant now = clock.instant();
        state.seen(now);
        String text = message.getPayload();
        OcppFrame frame;
        try {
            frame = OcppFrame.parse(text, json);
        } catch (OcppFrame.ParseFailure f) {
            state.malformed(f.getMessage());
            link.send(OcppFrame.error(json, f.uniqueId() == null ? "-1" : f.uniqueId(), OcppError.FORMATION_VIOLATION,
                    f.getMessage()));
            timer.record(System.nanoTime() - started);
            return;
        }
        Runnable after = null;
        if (frame instanceof Call call) {
            String answer;
            try {
                Handled handled = handle(link, state, call, now);
                answer = OcppFrame.result(json, call.uniqueId(), handled.payload());
                after = handled.after();
            } catch (OcppException e) {
                if (e.error() == OcppError.NOT_IMPLEMENTED) {
                    state.unknownAction(e.getMessage());
                } else {
                    state.malformed(e.getMessage());
                }
                answer = OcppFrame.error(json, call.uniqueId(), e.error(), e.getMessage());
            } catch (RuntimeException e) {
                log.warn("OCPP {}: {} failed", link.chargePointId(), call.action(), e);
                answer = OcppFrame.error(json, call.uniqueId(), OcppError.INTERNAL_ERROR,
                        call.action() + " could not be handled");
            }
            link.send(answer);
        } else if (!link.answered(frame)) {
            state.problem("an answer with id '" + frame.uniqueId() + "' to no call outstanding (late, or never made)");
        }
        timer.record(System.nanoTime() - started);
        if (after != null) {
            timers.execute(after);
        }
    }

    /** A connection being let go takes only the answers to this server's last calls (the profile cleared). */
    private void answerOnly(ChargePointLink link, String text) {
        try {
            OcppFrame frame = OcppFrame.parse(text, json);
            if (!(frame instanceof Call)) {
                link.answered(frame);
            }
        } catch (OcppFrame.ParseFailure ignored) {
            // it is being let go: nothing more is read from it
        }
    }

    /** A call's answer, and what to do once it is sent. */
    private record Handled(JsonNode payload, Runnable after) {
        Handled(JsonNode payload) {
            this(payload, null);
        }
    }

    private Handled handle(ChargePointLink link, ChargePointState state, Call call, Instant now)
            throws OcppException {
        OcppPayload payload = OcppPayload.of(call.payload(), call.action());
        return switch (call.action()) {
            case "BootNotification" -> {
                BootNotification boot = BootNotification.read(payload);
                state.booted(boot);
                repository.booted(state.chargePointId(), boot, now);
                ObjectNode answer = json.createObjectNode();
                answer.put("status", "Accepted");
                answer.put("currentTime", now.truncatedTo(ChronoUnit.MILLIS).toString());
                answer.put("interval", (int) settings.heartbeatInterval().toSeconds());
                yield new Handled(answer, settings.configureMetering() ? () -> configure(link, state) : null);
            }
            case "Heartbeat" -> new Handled(object("currentTime", now.truncatedTo(ChronoUnit.MILLIS).toString()));
            case "StatusNotification" -> {
                state.status(StatusNotification.read(payload));
                yield new Handled(json.createObjectNode());
            }
            case "Authorize" -> {
                OcppMessages.Authorize.read(payload);
                yield new Handled(accepted());
            }
            case "StartTransaction" -> new Handled(start(state, StartTransaction.read(payload)));
            case "StopTransaction" -> new Handled(stop(state, StopTransaction.read(payload), now));
            case "MeterValues" -> {
                MeterValues values = MeterValues.read(payload);
                if (values.transactionId() != null) {
                    ensureSession(state, values.transactionId());
                }
                save(state, values.transactionId(), state.meterValues(values.meterValues(), now));
                yield new Handled(json.createObjectNode());
            }
            case "DataTransfer" -> {
                payload.text("vendorId", 255);
                yield new Handled(object("status", "UnknownVendorId"));
            }
            case "DiagnosticsStatusNotification", "FirmwareStatusNotification" -> {
                payload.text("status", 50);
                yield new Handled(json.createObjectNode());
            }
            default -> throw new OcppException(OcppError.NOT_IMPLEMENTED, "action '" + call.action()
                    + "' is not implemented by this central system");
        };
    }

    private ObjectNode accepted() {
        ObjectNode answer = json.createObjectNode();
        answer.putObject("idTagInfo").put("status", "Accepted");
        return answer;
    }

    private ObjectNode object(String field, String value) {
        ObjectNode node = json.createObjectNode();
        node.put(field, value);
        return node;
    }

    private ObjectNode start(ChargePointState state, StartTransaction start) {
        Session running = state.session();
        if (running != null) {
            // the charger began anew without stopping the session before (a reboot): it ends at its last reading
            ChargedQuarters q = running.quarters();
            List<Charged> closed = state.sessionStopped(running.transactionId(), q.lastAt(), q.lastWh());
            repository.stopSession(running.transactionId(), q.lastAt(), q.lastWh(), "Other", closed, goal(state));
            state.problem("StartTransaction while transaction " + running.transactionId() + " was still open: "
                    + "that one was closed at its last reading, " + q.lastWh() + " Wh");
        }
        int id = repository.startSession(state.chargePointId(), start.connectorId(), start.idTag(), start.timestamp(),
                start.meterStartWh());
        state.sessionStarted(new Session(id, start.connectorId(), start.idTag(), start.timestamp(),
                start.meterStartWh(), ChargedQuarters.startingAt(start.timestamp(), start.meterStartWh())));
        ObjectNode answer = accepted();
        answer.put("transactionId", id);
        return answer;
    }

    private ObjectNode stop(ChargePointState state, StopTransaction stop, Instant now) {
        ensureSession(state, stop.transactionId());
        Session running = state.session();
        if (running == null || running.transactionId() != stop.transactionId()) {
            // answered all the same, or the charger sends it again and again
            state.problem("StopTransaction of transaction " + stop.transactionId() + ", which is not open here");
            return accepted();
        }
        save(state, running.transactionId(), state.meterValues(stop.transactionData(), now));
        List<Charged> closed = state.sessionStopped(stop.transactionId(), stop.timestamp(), stop.meterStopWh());
        long meterStop = closed.isEmpty() ? stop.meterStopWh() : closed.get(closed.size() - 1).endRegisterWh();
        repository.stopSession(stop.transactionId(), stop.timestamp(), meterStop, stop.reason(), closed,
                goal(state));
        return accepted();
    }

    /** Takes up a session still open in the store (after a restart) when the charger names it. */
    private void ensureSession(ChargePointState state, int transactionId) {
        Session running = state.session();
        if (running != null && running.transactionId() == transactionId) {
            return;
        }
        repository.session(transactionId)
                .filter(s -> s.chargePointId().equals(state.chargePointId()) && s.stop() == null)
                .ifPresent(s -> resume(state, s));
    }

    private void resume(ChargePointState state, StoredSession s) {
        ChargedQuarters quarters = repository.lastQuarter(s.transactionId())
                .map(q -> ChargedQuarters.resumedAt(q.start().plus(org.meterkast.energy.quarter.Quarter.LENGTH),
                        q.endRegisterWh()))
                .orElseGet(() -> ChargedQuarters.startingAt(s.start(), s.meterStartWh()));
        state.sessionStarted(new Session(s.transactionId(), s.connectorId(), s.idTag(), s.start(), s.meterStartWh(),
                quarters));
    }

    private void save(ChargePointState state, Integer transactionId, List<Charged> closed) {
        if (closed.isEmpty()) {
            return;
        }
        Session running = state.session();
        int id = running != null ? running.transactionId() : transactionId;
        Goal goal = goal(state);    // what it is set to do now, as the quarters close, not when they are written
        writer.execute(() -> {
            try {
                repository.saveQuarters(id, closed, goal);
            } catch (RuntimeException e) {
                log.error("OCPP {}: the quarters {} of transaction {} could not be stored", state.chargePointId(),
                        closed, id, e);
            }
        });
    }

    /**
     * What the charger is set to do as a quarter of its session is written: its mode and plan goal, which the
     * smart-charging discount reads back. Null when the preferences cannot be read: the quarter is kept all the same.
     */
    private Goal goal(ChargePointState state) {
        try {
            ChargerPreferences p = preferences.of(state.locationId(), state.device());
            return new Goal(p.mode().name().toLowerCase(Locale.ROOT), p.normalUpTo(), p.targetSoc());
        } catch (RuntimeException e) {
            log.warn("OCPP {}: its charging mode could not be read; its quarter is stored without it",
                    state.chargePointId(), e);
            return null;
        }
    }

    // ---- this server's calls

    /** Calls a connected charger; fails at once when it is not connected. */
    CompletableFuture<JsonNode> call(String chargePointId, String action, JsonNode payload) {
        ChargePointLink link = links.get(chargePointId);
        if (link == null) {
            return CompletableFuture.failedFuture(new DeviceException("OCPP " + chargePointId + " is not connected"));
        }
        return link.call(action, payload);
    }

    boolean connected(String chargePointId) {
        return links.containsKey(chargePointId);
    }

    /**
     * After a boot: which units the charger takes in a charging profile, and the measurands and sample interval
     * it is asked to send. A measurand list the charger refuses is tried again shorter, as chargers differ.
     */
    private void configure(ChargePointLink link, ChargePointState state) {
        ObjectNode keys = json.createObjectNode();
        keys.putArray("key").add("ChargingScheduleAllowedChargingRateUnit");
        link.call("GetConfiguration", keys).thenAccept(answer -> state.rateUnit(rateUnit(answer)));
        changeMeasurands(link, List.of(
                "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Current.Offered,SoC",
                "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Current.Offered",
                "Energy.Active.Import.Register,Power.Active.Import"));
        ObjectNode interval = json.createObjectNode();
        interval.put("key", "MeterValueSampleInterval");
        interval.put("value", Long.toString(settings.meterValueInterval().toSeconds()));
        link.call("ChangeConfiguration", interval);
    }

    private void changeMeasurands(ChargePointLink link, List<String> lists) {
        if (lists.isEmpty()) {
            return;
        }
        ObjectNode change = json.createObjectNode();
        change.put("key", "MeterValuesSampledData");
        change.put("value", lists.get(0));
        link.call("ChangeConfiguration", change).thenAccept(answer -> {
            String status = answer.path("status").asString("");
            if (!status.equals("Accepted") && !status.equals("RebootRequired")) {
                changeMeasurands(link, lists.subList(1, lists.size()));
            }
        });
    }

    /**
     * The unit to send charging limits in, from GetConfiguration's ChargingScheduleAllowedChargingRateUnit
     * ("Current", "Power" or both): W only when the charger takes power alone, else A.
     */
    static String rateUnit(JsonNode getConfigurationAnswer) {
        for (JsonNode key : getConfigurationAnswer.path("configurationKey")) {
            if ("ChargingScheduleAllowedChargingRateUnit".equals(key.path("key").asString(""))) {
                String value = key.path("value").asString("");
                boolean current = value.contains("Current") || value.contains("A");
                boolean power = value.contains("Power") || value.contains("W");
                return power && !current ? "W" : "A";
            }
        }
        return "A";
    }

    JsonMapper json() {
        return json;
    }

    Clock clock() {
        return clock;
    }

    OcppSettings settings() {
        return settings;
    }
}
