package org.meterkast.server.ev;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.energy.device.Power;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A charger that speaks OCPP 1.6J to this server, as the control loop sees it. Reading costs nothing: it is the
 * state the charger's own messages keep. A current is offered with a TxDefaultProfile (as evcc does: it holds
 * before a session exists too, and 0 pauses without ending the session) in A per phase, or in W for a charger that
 * takes only W; the session is ended with RemoteStopTransaction.
 */
final class OcppCharger implements ChargerPort {
    /** The id of the one charging profile this server sets on a charger; a new one replaces it. */
    static final int PROFILE_ID = 1;

    private final CentralSystem central;
    private final String chargePointId;
    private final CurrentRange range;
    private final boolean phaseSwitching;
    /** Why it is not registered (no address shows its meter yet), or null when it is. */
    private final String unregistered;
    private volatile boolean closed;

    /**
     * @param unregistered why the charge point was not registered, to answer every call with; null when it was
     */
    OcppCharger(CentralSystem central, String chargePointId, CurrentRange range, boolean phaseSwitching,
                String unregistered) {
        this.central = central;
        this.chargePointId = chargePointId;
        this.range = range;
        this.phaseSwitching = phaseSwitching;
        this.unregistered = unregistered;
    }

    @Override
    public String describe() {
        return "OCPP " + chargePointId + (unregistered == null ? "" : " (not registered: " + unregistered + ")");
    }

    private ChargePointState state() throws DeviceException {
        if (closed) {
            throw new DeviceException("OCPP " + chargePointId + " was let go (closed)");
        }
        if (unregistered != null) {
            throw new DeviceException("OCPP " + chargePointId + " is not registered: " + unregistered);
        }
        return central.state(chargePointId)
                .orElseThrow(() -> new DeviceException("OCPP " + chargePointId + " is not registered"));
    }

    @Override
    public ChargerReading read() throws DeviceException {
        ChargePointState.View v = state().view();
        double offered = v.offeredAmps() != null ? v.offeredAmps() : v.limitAmps() != null ? v.limitAmps() : 0;
        return new ChargerReading(central.clock().instant(), v.status(), Power.ofWatts(v.powerWatts()), v.phases(),
                v.sessionWh(), offered);
    }

    @Override
    public void offerCurrent(double amps) throws DeviceException {
        ChargePointState state = state();
        if (amps != 0 && (amps < range.minAmps() || amps > range.maxAmps())) {
            throw new DeviceException(describe() + ": " + amps + " A is outside its range " + range.minAmps()
                    + "–" + range.maxAmps() + " A (0 pauses)");
        }
        String unit = state.rateUnit();
        if (unit == null) {
            ObjectNode keys = central.json().createObjectNode();
            keys.putArray("key").add("ChargingScheduleAllowedChargingRateUnit");
            unit = CentralSystem.rateUnit(await("GetConfiguration", central.call(chargePointId, "GetConfiguration",
                    keys)));
            state.rateUnit(unit);
        }
        JsonNode answer = await("SetChargingProfile", central.call(chargePointId, "SetChargingProfile",
                chargingProfile(amps, state.phases(), unit, central.clock().instant())));
        requireAccepted("SetChargingProfile", answer);
        state.limited(amps);
    }

    /**
     * The TxDefaultProfile for a limit of {@code amps} per phase on connector 1, valid from a minute ago (so a
     * charger whose clock is a little behind applies it at once), in A or in W (230 V × A × phases).
     */
    ObjectNode chargingProfile(double amps, int phases, String unit, Instant now) {
        ObjectNode request = central.json().createObjectNode();
        request.put("connectorId", 1);
        ObjectNode profile = request.putObject("csChargingProfiles");
        profile.put("chargingProfileId", PROFILE_ID);
        profile.put("stackLevel", 0);
        profile.put("chargingProfilePurpose", "TxDefaultProfile");
        profile.put("chargingProfileKind", "Absolute");
        ObjectNode schedule = profile.putObject("chargingSchedule");
        schedule.put("startSchedule", now.minus(1, ChronoUnit.MINUTES).truncatedTo(ChronoUnit.SECONDS).toString());
        schedule.put("chargingRateUnit", unit);
        ObjectNode period = schedule.putArray("chargingSchedulePeriod").addObject();
        period.put("startPeriod", 0);
        BigDecimal limit = unit.equals("W") ? BigDecimal.valueOf(Power.ofAmps(amps, phases).watts())
                : BigDecimal.valueOf(amps).setScale(1, RoundingMode.HALF_UP);
        period.put("limit", limit);
        period.put("numberPhases", phases);
        return request;
    }

    @Override
    public void stopSession() throws DeviceException {
        ChargePointState.Session session = state().session();
        if (session == null) {
            throw new DeviceException("OCPP " + chargePointId + " has no session running");
        }
        ObjectNode request = central.json().createObjectNode();
        request.put("transactionId", session.transactionId());
        requireAccepted("RemoteStopTransaction", await("RemoteStopTransaction",
                central.call(chargePointId, "RemoteStopTransaction", request)));
    }

    @Override
    public CurrentRange currentRange() {
        return range;
    }

    @Override
    public Optional<PhaseSwitch> phaseSwitch() {
        if (!phaseSwitching) {
            return Optional.empty();
        }
        return Optional.of(phases -> {
            if (phases != 1 && phases != 3) {
                throw new IllegalArgumentException(describe() + ": phases must be 1 or 3, not " + phases);
            }
            ChargePointState state = state();
            state.usePhases(phases);
            ChargePointState.View v = state.view();
            if (v.limitAmps() != null) {
                offerCurrent(v.limitAmps());        // the profile's numberPhases is how OCPP 1.6 switches
            }
        });
    }

    @Override
    public Optional<VehicleSoc> vehicleSoc() {
        return Optional.of(() -> Optional.ofNullable(state().view().socPercent()));
    }

    /**
     * Lets go of the charger: this server's charging profile is cleared, so it charges by its own settings; every
     * call after this fails. Its registration stays (a charger of the properties is let in again at the next start).
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (unregistered != null) {
            return;
        }
        ObjectNode request = central.json().createObjectNode();
        request.put("id", PROFILE_ID);
        central.call(chargePointId, "ClearChargingProfile", request);
    }

    private JsonNode await(String action, CompletableFuture<JsonNode> answer) throws DeviceException {
        try {
            // the call fails by itself after the timeout; the margin covers a call still queued behind another
            return answer.get(central.settings().callTimeout().toMillis() * 3, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof DeviceException d) {
                throw d;
            }
            throw new DeviceException(describe() + ": " + action + " failed", e.getCause());
        } catch (TimeoutException e) {
            throw new DeviceException(describe() + " did not answer " + action + " in time");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeviceException(describe() + ": interrupted while waiting for " + action, e);
        }
    }

    private void requireAccepted(String action, JsonNode answer) throws DeviceException {
        String status = answer.path("status").asString("");
        if (!status.equals("Accepted")) {
            throw new DeviceException(describe() + " refused " + action + ": " + (status.isEmpty() ? answer : status));
        }
    }
}
