package org.meterkast.server.ev;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.server.ev.ChargedQuarters.Charged;
import org.meterkast.server.ev.OcppMessages.BootNotification;
import org.meterkast.server.ev.OcppMessages.MeterValue;
import org.meterkast.server.ev.OcppMessages.StatusNotification;

/**
 * What this server knows of one charge point now: its connection, what it said when it booted, its connectors'
 * statuses, the running session, the latest believed meter values, its errors and its counters. Kept in memory; the
 * sessions and their energy per quarter are stored. Every method is synchronized: the charger's own messages, the
 * control loop and the API read and change it from their threads, each for a few microseconds.
 */
final class ChargePointState {
    /** How far ahead of this server's clock a charger's time stamp may be before the time received is used. */
    static final Duration CLOCK_MARGIN = Duration.ofMinutes(5);
    /** A register rising faster than the most a charger draws, plus this much time's worth, is not believed. */
    private static final long JUMP_SLACK_SECONDS = 60;

    /** Why the charger is in error, for the web app to name (as {@code charger.error.<code>}). */
    enum Problem {
        OFFLINE("offline"), NOT_ANSWERING("not-answering"), FAULTED("faulted"), UNAVAILABLE("unavailable");

        private final String code;

        Problem(String code) {
            this.code = code;
        }

        String code() {
            return code;
        }
    }

    /** A running session as kept in memory. */
    record Session(int transactionId, int connectorId, String idTag, Instant start, long meterStartWh,
                   ChargedQuarters quarters) {
    }

    /** A copy of the state at one instant, for the API and the adapter. */
    record View(String chargePointId, long locationId, String device, int phases, ChargerStatus status,
                boolean online, Instant lastSeen, Instant connectedAt, String connectorStatus, String error,
                String errorDetail, long powerWatts, Long registerWh, long sessionWh, Integer transactionId,
                double[] currentAmps, Double offeredAmps, Double limitAmps, Integer socPercent, String vendor,
                String model, String firmware, Counters counters) {
    }

    /** The charger's counts of what went wrong, since this server started. */
    record Counters(long messages, long malformed, long unknownActions, long backwards, long absurd,
                    long futureTimestamps, long failedCalls, long refusedLogins, long replacedConnections,
                    String lastProblem) {
    }

    private final String chargePointId;
    private final long locationId;
    private final String device;
    private final int failuresBeforeError;
    private final long maxPowerWatts;
    private final double maxAmps;
    private int phases;

    private boolean online;
    private Instant connectedAt;
    private boolean booted;
    private Instant lastSeen;
    private BootNotification boot;
    private final Map<Integer, StatusNotification> connectors = new TreeMap<>();
    private StatusNotification station;
    private Session session;

    private long powerWatts;
    private Long registerWh;
    private Instant registerAt;
    private final double[] currentAmps = new double[3];
    private Double offeredAmps;
    private Double limitAmps;
    private Integer socPercent;
    private String rateUnit;

    private long messages;
    private long malformed;
    private long unknownActions;
    private long backwards;
    private long absurd;
    private long futureTimestamps;
    private long failedCalls;
    private int failuresInARow;
    private long refusedLogins;
    private long replacedConnections;
    private String lastProblem;

    ChargePointState(String chargePointId, long locationId, String device, int phases, OcppSettings settings) {
        this.chargePointId = chargePointId;
        this.locationId = locationId;
        this.device = device;
        this.phases = phases;
        this.failuresBeforeError = settings.failuresBeforeError();
        this.maxPowerWatts = settings.maxPowerWatts();
        this.maxAmps = settings.maxAmpsPerPhase();
    }

    String chargePointId() {
        return chargePointId;
    }

    long locationId() {
        return locationId;
    }

    String device() {
        return device;
    }

    synchronized int phases() {
        return phases;
    }

    synchronized void usePhases(int phases) {
        this.phases = phases;
    }

    synchronized void connected(Instant at, boolean replacing) {
        online = true;
        connectedAt = at;
        lastSeen = at;
        booted = false;
        failuresInARow = 0;
        if (replacing) {
            replacedConnections++;
        }
    }

    synchronized void disconnected(Instant at) {
        online = false;
        lastSeen = at;
    }

    synchronized boolean booted() {
        return booted;
    }

    synchronized void seen(Instant at) {
        lastSeen = at;
        messages++;
    }

    synchronized void booted(BootNotification notification) {
        boot = notification;
        booted = true;
    }

    synchronized void status(StatusNotification notification) {
        if (notification.connectorId() == 0) {
            station = notification;
        } else {
            connectors.put(notification.connectorId(), notification);
        }
    }

    synchronized void malformed(String problem) {
        malformed++;
        lastProblem = problem;
    }

    synchronized void unknownAction(String problem) {
        unknownActions++;
        lastProblem = problem;
    }

    /** Something the charger sent that is flagged without being refused (an answer to no call, a lost session). */
    synchronized void problem(String problem) {
        lastProblem = problem;
    }

    synchronized void refusedLogin() {
        refusedLogins++;
    }

    /** A call to the charger was answered; {@code ok} false when it failed (no answer, an error, a refusal). */
    synchronized void callAnswered(boolean ok) {
        if (ok) {
            failuresInARow = 0;
        } else {
            failedCalls++;
            failuresInARow++;
        }
    }

    synchronized String rateUnit() {
        return rateUnit;
    }

    synchronized void rateUnit(String unit) {
        rateUnit = unit;
    }

    synchronized void limited(double amps) {
        limitAmps = amps;
    }

    synchronized Session session() {
        return session;
    }

    /** A session begins (StartTransaction answered, or one still open found in the store). */
    synchronized void sessionStarted(Session started) {
        session = started;
        if (registerWh == null || started.quarters().lastWh() > registerWh) {
            registerWh = started.quarters().lastWh();
            registerAt = started.quarters().lastAt();
        }
    }

    /**
     * The session with this transaction id stops: the quarters its stop closes (the last one included); empty when
     * no such session is kept here. A meter stop below the register already believed is not believed: the session
     * ends at that register.
     */
    synchronized List<Charged> sessionStopped(int transactionId, Instant at, long meterStopWh) {
        if (session == null || session.transactionId() != transactionId) {
            return List.of();
        }
        ChargedQuarters quarters = session.quarters();
        long stop = meterStopWh;
        if (stop < quarters.lastWh()) {
            backwards++;
            lastProblem = "StopTransaction.meterStop " + meterStopWh + " Wh is below the register already read, "
                    + quarters.lastWh() + " Wh: not believed";
            stop = quarters.lastWh();
        }
        List<Charged> closed = quarters.stop(at, stop);
        session = null;
        powerWatts = 0;
        if (registerWh == null || stop > registerWh) {
            registerWh = stop;
            registerAt = at;
        }
        return closed;
    }

    /**
     * Takes the samples of one MeterValues message, each checked: an energy register going back or rising faster
     * than a charger can, a power or a current above what a charger can carry or below zero, a state of charge
     * outside 0–100 % are not believed, counted and named in the last problem. A time stamp far in the future is
     * replaced by the time received. Returns the quarters the believed register closed in the running session.
     */
    synchronized List<Charged> meterValues(List<MeterValue> values, Instant received) {
        List<Charged> closed = new ArrayList<>(0);
        for (MeterValue value : values) {
            Instant at = value.timestamp();
            if (at.isAfter(received.plus(CLOCK_MARGIN))) {
                futureTimestamps++;
                lastProblem = "MeterValues time stamp " + at + " is ahead of this server's clock (" + received
                        + "): the time received is used";
                at = received;
            }
            Long totalPower = null;
            long phasePower = 0;
            boolean anyPhasePower = false;
            for (MeterSample s : value.samples()) {
                switch (s.measurand()) {
                    case ENERGY_ACTIVE_IMPORT_REGISTER -> {
                        if (s.phase() == 0) {
                            register(s.value(), at, closed);
                        }
                    }
                    case POWER_ACTIVE_IMPORT -> {
                        if (believablePower(s)) {
                            if (s.phase() == 0) {
                                totalPower = s.whole();
                            } else {
                                phasePower += s.whole();
                                anyPhasePower = true;
                            }
                        }
                    }
                    case CURRENT_IMPORT -> {
                        if (believableCurrent(s)) {
                            currentAmps[Math.max(1, s.phase()) - 1] = s.approximate();
                        }
                    }
                    case CURRENT_OFFERED -> {
                        if (believableCurrent(s)) {
                            offeredAmps = s.approximate();
                        }
                    }
                    case SOC -> {
                        if (s.value().signum() < 0 || s.value().compareTo(BigDecimal.valueOf(100)) > 0) {
                            flagAbsurd(s, "a state of charge is 0 to 100 %");
                        } else {
                            socPercent = s.value().intValue();
                        }
                    }
                    default -> {
                        // voltage, frequency, temperature…: not used here
                    }
                }
            }
            if (totalPower != null) {
                powerWatts = totalPower;
            } else if (anyPhasePower) {
                if (phasePower > maxPowerWatts) {
                    absurd++;
                    lastProblem = "MeterValues Power.Active.Import per phase adds up to " + phasePower
                            + " W, above the " + maxPowerWatts + " W a charger can draw: not believed";
                } else {
                    powerWatts = phasePower;
                }
            }
        }
        return closed;
    }

    private void register(BigDecimal value, Instant at, List<Charged> closed) {
        long wh = value.setScale(0, java.math.RoundingMode.HALF_UP).longValue();
        if (wh < 0) {
            absurd++;
            lastProblem = "MeterValues Energy.Active.Import.Register " + value + " Wh is negative: not believed";
            return;
        }
        if (registerWh != null && registerAt != null && !at.isAfter(registerAt)) {
            return;     // older than what is known (sent late): the live values have moved on
        }
        if (registerWh != null && wh < registerWh) {
            backwards++;
            lastProblem = "MeterValues Energy.Active.Import.Register went back from " + registerWh + " to " + wh
                    + " Wh: not believed";
            return;
        }
        if (registerWh != null && registerAt != null) {
            long seconds = Math.max(0, at.getEpochSecond() - registerAt.getEpochSecond());
            long most = maxPowerWatts * (seconds + JUMP_SLACK_SECONDS) / 3600;
            if (wh - registerWh > most) {
                absurd++;
                lastProblem = "MeterValues Energy.Active.Import.Register rose from " + registerWh + " to " + wh
                        + " Wh in " + seconds + " s, more than " + maxPowerWatts + " W can: not believed";
                return;
            }
        }
        registerWh = wh;
        registerAt = at;
        if (session != null && !at.isBefore(session.start())) {
            closed.addAll(session.quarters().accept(at, wh));
        }
    }

    private boolean believablePower(MeterSample s) {
        if (s.value().signum() < 0 || s.value().compareTo(BigDecimal.valueOf(maxPowerWatts)) > 0) {
            flagAbsurd(s, "a charger draws 0 to " + maxPowerWatts + " W");
            return false;
        }
        return true;
    }

    private boolean believableCurrent(MeterSample s) {
        if (s.value().signum() < 0 || s.value().doubleValue() > maxAmps) {
            flagAbsurd(s, "a phase carries 0 to " + Math.round(maxAmps) + " A");
            return false;
        }
        return true;
    }

    private void flagAbsurd(MeterSample s, String why) {
        absurd++;
        lastProblem = "MeterValues " + s.measurand().wire() + s.phaseName().map(p -> " " + p).orElse("") + " "
                + s.value().toPlainString() + ": " + why + ", not believed";
    }

    /** The connector the user cares about: the one with the session, else the lowest that reported. */
    private StatusNotification mainConnector() {
        if (session != null && connectors.containsKey(session.connectorId())) {
            return connectors.get(session.connectorId());
        }
        return connectors.isEmpty() ? null : connectors.values().iterator().next();
    }

    private Problem problem() {
        if (!online) {
            return Problem.OFFLINE;
        }
        if (failuresInARow >= failuresBeforeError) {
            return Problem.NOT_ANSWERING;
        }
        StatusNotification main = mainConnector();
        for (StatusNotification s : new StatusNotification[] {station, main}) {
            if (s != null && s.status() == ConnectorStatus.FAULTED) {
                return Problem.FAULTED;
            }
            if (s != null && s.status() == ConnectorStatus.UNAVAILABLE) {
                return Problem.UNAVAILABLE;
            }
        }
        return null;
    }

    synchronized ChargerStatus status() {
        if (problem() != null) {
            return ChargerStatus.ERROR;
        }
        StatusNotification main = mainConnector();
        return main == null ? ChargerStatus.STARTING : main.status().toChargerStatus(session != null);
    }

    synchronized View view() {
        Problem problem = problem();
        String detail = null;
        if (problem == Problem.FAULTED) {
            StatusNotification faulted = station != null && station.status() == ConnectorStatus.FAULTED ? station
                    : mainConnector();
            detail = faulted.errorCode() + (faulted.vendorErrorCode() == null ? "" : " " + faulted.vendorErrorCode())
                    + (faulted.info() == null ? "" : ": " + faulted.info());
        }
        StatusNotification main = mainConnector();
        long sessionWh = session == null ? 0 : Math.max(0, session.quarters().lastWh() - session.meterStartWh());
        return new View(chargePointId, locationId, device, phases, status(), online, lastSeen, connectedAt,
                main == null ? null : main.status().wire(), problem == null ? null : problem.code(), detail,
                powerWatts, registerWh, sessionWh,
                session == null ? null : session.transactionId(), currentAmps.clone(), offeredAmps, limitAmps,
                socPercent, boot == null ? null : boot.vendor(), boot == null ? null : boot.model(),
                boot == null ? null : boot.firmware(),
                new Counters(messages, malformed, unknownActions, backwards, absurd, futureTimestamps, failedCalls, refusedLogins,
                        replacedConnections, lastProblem));
    }
}
