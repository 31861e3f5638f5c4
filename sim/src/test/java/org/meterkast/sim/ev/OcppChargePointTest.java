package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.meterkast.sim.ev.ForeignCentralSystem.until;

import eu.chargetime.ocpp.CallErrorException;
import eu.chargetime.ocpp.model.core.AuthorizeRequest;
import eu.chargetime.ocpp.model.core.BootNotificationRequest;
import eu.chargetime.ocpp.model.core.ChangeConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.ChangeConfigurationRequest;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.core.ChargingProfile;
import eu.chargetime.ocpp.model.core.ChargingProfileKindType;
import eu.chargetime.ocpp.model.core.ChargingProfilePurposeType;
import eu.chargetime.ocpp.model.core.ChargingRateUnitType;
import eu.chargetime.ocpp.model.core.ChargingSchedule;
import eu.chargetime.ocpp.model.core.ChargingSchedulePeriod;
import eu.chargetime.ocpp.model.core.ConfigurationStatus;
import eu.chargetime.ocpp.model.core.GetConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.GetConfigurationRequest;
import eu.chargetime.ocpp.model.core.HeartbeatRequest;
import eu.chargetime.ocpp.model.core.KeyValueType;
import eu.chargetime.ocpp.model.core.MeterValuesRequest;
import eu.chargetime.ocpp.model.core.Reason;
import eu.chargetime.ocpp.model.core.RemoteStartStopStatus;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionRequest;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionRequest;
import eu.chargetime.ocpp.model.core.SampledValue;
import eu.chargetime.ocpp.model.core.StartTransactionRequest;
import eu.chargetime.ocpp.model.core.StatusNotificationRequest;
import eu.chargetime.ocpp.model.core.StopTransactionRequest;
import eu.chargetime.ocpp.model.remotetrigger.TriggerMessageConfirmation;
import eu.chargetime.ocpp.model.remotetrigger.TriggerMessageRequest;
import eu.chargetime.ocpp.model.remotetrigger.TriggerMessageRequestType;
import eu.chargetime.ocpp.model.remotetrigger.TriggerMessageStatus;
import eu.chargetime.ocpp.model.reservation.ReserveNowConfirmation;
import eu.chargetime.ocpp.model.reservation.ReserveNowRequest;
import eu.chargetime.ocpp.model.smartcharging.ChargingProfileStatus;
import eu.chargetime.ocpp.model.smartcharging.SetChargingProfileConfirmation;
import eu.chargetime.ocpp.model.smartcharging.SetChargingProfileRequest;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.sim.EvSettings;
import org.meterkast.sim.Household;
import org.meterkast.sim.HouseholdSettings;
import org.meterkast.sim.ManualClock;

/**
 * The simulated charge point against a central system that is not ours (ChargeTimeEU's Java-OCA-OCPP server),
 * over a real WebSocket on loopback. The charge point's clock stands still until the test moves it, so every
 * figure is known in advance.
 */
class OcppChargePointTest {
    private static final String ID = "CP-1";
    private static final Instant T0 = Instant.parse("2026-03-02T18:00:00Z");

    private ForeignCentralSystem cs;
    private ChargePointFleet fleet;
    private ManualClock clock;
    private final List<String> log = new CopyOnWriteArrayList<>();

    @BeforeEach
    void start() throws Exception {
        cs = new ForeignCentralSystem(60);
        fleet = new ChargePointFleet(new ChargePointFleet.Timing(Duration.ofMillis(20), Duration.ofSeconds(5),
                Duration.ofMillis(100), Duration.ofSeconds(1)));
        clock = new ManualClock(T0);
    }

    @AfterEach
    void stop() {
        fleet.close();
        cs.close();
    }

    private ChargePointSettings settings() {
        return ChargePointSettings.of(cs.address(), ID, ForeignCentralSystem.PASSWORD);
    }

    /** Connects and waits until it has booted and told its connector's status. */
    private OcppChargePoint connect(ChargePointSettings settings) {
        OcppChargePoint cp = fleet.connect(settings, clock, log::add);
        cs.await(StatusNotificationRequest.class, 0, r -> r.getConnectorId() == 1);
        return cp;
    }

    private OcppChargePoint charging(ChargePointSettings settings, Car car) {
        OcppChargePoint cp = connect(settings);
        cp.plugIn(car);
        until(() -> cp.transactionId().isPresent(), "a transaction id");
        return cp;
    }

    private List<ChargePointStatus> statuses() {
        return cs.all(StatusNotificationRequest.class).stream().filter(r -> r.getConnectorId() == 1)
                .map(StatusNotificationRequest::getStatus).toList();
    }

    private void awaitStatus(ChargePointStatus status) {
        // one copy of the list per look: the charge point's notifications keep arriving while it is read
        until(() -> {
            List<ChargePointStatus> seen = statuses();
            return !seen.isEmpty() && seen.get(seen.size() - 1) == status;
        }, "status " + status + "; statuses so far " + statuses());
    }

    private MeterValuesRequest awaitMeterValuesAt(Instant at) {
        return cs.await(MeterValuesRequest.class, 0,
                r -> r.getMeterValue()[0].getTimestamp().toInstant().equals(at));
    }

    /** Each sample's value by measurand, with the phase after a slash where there is one. */
    private static Map<String, String> values(MeterValuesRequest r) {
        return Arrays.stream(r.getMeterValue()[0].getSampledValue()).collect(Collectors.toMap(
                v -> v.getMeasurand() + (v.getPhase() == null ? "" : "/" + v.getPhase()), SampledValue::getValue));
    }

    private static ChargingProfile profile(int id, int stackLevel, ChargingProfilePurposeType purpose,
                                           ChargingRateUnitType unit, double limit, Integer transactionId) {
        ChargingSchedule schedule = new ChargingSchedule(unit,
                new ChargingSchedulePeriod[] {new ChargingSchedulePeriod(0, limit)});
        ChargingProfile p = new ChargingProfile(id, stackLevel, purpose, ChargingProfileKindType.Relative, schedule);
        p.setTransactionId(transactionId);
        return p;
    }

    private ChargingProfileStatus set(int connectorId, ChargingProfile profile) throws Exception {
        return cs.send(ID, new SetChargingProfileRequest(connectorId, profile), SetChargingProfileConfirmation.class)
                .getStatus();
    }

    @Test
    void bootsWithItsIdentityAndPasswordAndReportsItsConnectorsAvailable() {
        OcppChargePoint cp = connect(settings());
        BootNotificationRequest boot = cs.await(BootNotificationRequest.class, 0, r -> true);
        assertThat(boot.getChargePointVendor()).isEqualTo("Meterkast");
        assertThat(boot.getChargePointModel()).isEqualTo("SimulatedWallbox");
        cs.await(StatusNotificationRequest.class, 0,
                r -> r.getConnectorId() == 0 && r.getStatus() == ChargePointStatus.Available);
        assertThat(statuses()).containsExactly(ChargePointStatus.Available);
        assertThat(cs.refusals()).isEmpty();
        assertThat(cs.isConnected(ID)).isTrue();
        assertThat(cp.isBooted()).isTrue();
        assertThat(cp.status()).isEqualTo(ConnectorStatus.Available);
    }

    @Test
    void aHeartbeatGoesOutAtTheIntervalTheCentralSystemGave() {
        connect(settings());
        assertThat(cs.all(HeartbeatRequest.class)).isEmpty();
        clock.advance(Duration.ofSeconds(60));
        cs.await(HeartbeatRequest.class, 0, r -> true);
    }

    @Test
    void plugInAuthorizesStartsATransactionAndCharges() {
        OcppChargePoint cp = connect(settings());
        cp.plugIn(Car.typical(50));
        awaitStatus(ChargePointStatus.Charging);
        assertThat(statuses()).containsExactly(ChargePointStatus.Available, ChargePointStatus.Preparing,
                ChargePointStatus.Charging);
        assertThat(cs.await(AuthorizeRequest.class, 0, r -> true).getIdTag()).isEqualTo("SIM-TAG-1");
        StartTransactionRequest start = cs.await(StartTransactionRequest.class, 0, r -> true);
        assertThat(start.getConnectorId()).isEqualTo(1);
        assertThat(start.getIdTag()).isEqualTo("SIM-TAG-1");
        assertThat(start.getMeterStart()).isZero();
        assertThat(start.getTimestamp().toInstant()).isEqualTo(T0);
        until(() -> cp.transactionId().isPresent(), "the transaction id from the answer");
        assertThat(cp.transactionId().getAsInt()).isEqualTo(ForeignCentralSystem.FIRST_TRANSACTION_ID);
        // 16 A × 230 V × 3 = 11,040 W on offer; the car's on-board charger takes 11,000
        assertThat(cp.offeredWatts()).isEqualTo(11_040);
        assertThat(cp.powerWatts()).isEqualTo(11_000);
    }

    @Test
    void meterValuesGrowExactlyAsTheCarModelSays() throws Exception {
        OcppChargePoint cp = connect(settings().withMeterStartWh(12_345));
        assertThat(set(1, profile(1, 0, ChargingProfilePurposeType.TxDefaultProfile, ChargingRateUnitType.A, 10.0,
                null))).isEqualTo(ChargingProfileStatus.Accepted);
        cp.plugIn(Car.typical(50));
        until(() -> cp.transactionId().isPresent(), "a transaction");
        assertThat(cs.await(StartTransactionRequest.class, 0, r -> true).getMeterStart()).isEqualTo(12_345);

        clock.advance(Duration.ofSeconds(60));
        Map<String, String> v = values(awaitMeterValuesAt(T0.plusSeconds(60)));
        // what the same car takes at 10 A × 230 V × 3 phases for a minute: 6,900 W × 60 s = 414,000 J = 115 Wh
        long expectedWh = 12_345 + Car.typical(50).accept(6_900, Duration.ofSeconds(60)) / 3_600;
        assertThat(expectedWh).isEqualTo(12_460);
        assertThat(v).containsEntry("Energy.Active.Import.Register", Long.toString(expectedWh))
                .containsEntry("Power.Active.Import", "6900")
                .containsEntry("Current.Import/L1", "10.0").containsEntry("Current.Import/L2", "10.0")
                .containsEntry("Current.Import/L3", "10.0").containsEntry("Current.Offered", "10.0")
                .doesNotContainKey("SoC");
        assertThat(awaitMeterValuesAt(T0.plusSeconds(60)).getTransactionId())
                .isEqualTo(ForeignCentralSystem.FIRST_TRANSACTION_ID);

        // another half hour: 6,900 W × 1,800 s = 3,450 Wh more
        clock.advance(Duration.ofMinutes(30));
        assertThat(values(awaitMeterValuesAt(T0.plusSeconds(60 + 1_800))))
                .containsEntry("Energy.Active.Import.Register", "15910");
        assertThat(cp.registerWh()).isEqualTo(15_910);
        assertThat(cp.car().orElseThrow().socPercent()).isEqualTo(55);   // 30,000 + 3,565 × 0.9 Wh of 60,000
    }

    @Test
    void zeroAmpsSuspendsTenAmpsResumesAndRemoteStopEndsTheTransaction() throws Exception {
        OcppChargePoint cp = charging(settings(), Car.typical(50));
        int tx = cp.transactionId().getAsInt();
        awaitStatus(ChargePointStatus.Charging);

        assertThat(set(1, profile(7, 1, ChargingProfilePurposeType.TxProfile, ChargingRateUnitType.A, 0.0, tx)))
                .isEqualTo(ChargingProfileStatus.Accepted);
        awaitStatus(ChargePointStatus.SuspendedEVSE);
        assertThat(cp.powerWatts()).isZero();
        clock.advance(Duration.ofSeconds(60));
        assertThat(values(awaitMeterValuesAt(T0.plusSeconds(60)))).containsEntry("Power.Active.Import", "0")
                .containsEntry("Energy.Active.Import.Register", "0").containsEntry("Current.Offered", "0.0");

        // the same purpose and stack level replaces the pause
        assertThat(set(1, profile(8, 1, ChargingProfilePurposeType.TxProfile, ChargingRateUnitType.A, 10.0, tx)))
                .isEqualTo(ChargingProfileStatus.Accepted);
        awaitStatus(ChargePointStatus.Charging);
        assertThat(cp.powerWatts()).isEqualTo(10 * 230 * 3);
        clock.advance(Duration.ofSeconds(120));
        // 6,900 W × 120 s = 828,000 J = 230 Wh
        assertThat(values(awaitMeterValuesAt(T0.plusSeconds(180)))).containsEntry("Power.Active.Import", "6900")
                .containsEntry("Energy.Active.Import.Register", "230");

        RemoteStopTransactionConfirmation stop = cs.send(ID, new RemoteStopTransactionRequest(tx),
                RemoteStopTransactionConfirmation.class);
        assertThat(stop.getStatus()).isEqualTo(RemoteStartStopStatus.Accepted);
        StopTransactionRequest stopped = cs.await(StopTransactionRequest.class, 0, r -> true);
        assertThat(stopped.getTransactionId()).isEqualTo(tx);
        assertThat(stopped.getMeterStop()).isEqualTo(230);
        assertThat(stopped.getReason()).isEqualTo(Reason.Remote);
        assertThat(stopped.getTimestamp().toInstant()).isEqualTo(T0.plusSeconds(180));
        awaitStatus(ChargePointStatus.Finishing);

        cp.unplug();
        awaitStatus(ChargePointStatus.Available);
        assertThat(statuses()).containsExactly(ChargePointStatus.Available, ChargePointStatus.Preparing,
                ChargePointStatus.Charging, ChargePointStatus.SuspendedEVSE, ChargePointStatus.Charging,
                ChargePointStatus.Finishing, ChargePointStatus.Available);
        assertThat(cs.all(StopTransactionRequest.class)).hasSize(1);
        // a stop for a transaction that no longer runs is refused
        assertThat(cs.send(ID, new RemoteStopTransactionRequest(tx), RemoteStopTransactionConfirmation.class)
                .getStatus()).isEqualTo(RemoteStartStopStatus.Rejected);
    }

    @Test
    void unpluggingEndsTheTransactionAsEvDisconnected() {
        OcppChargePoint cp = charging(settings(), Car.typical(50));
        clock.advance(Duration.ofSeconds(36));
        cp.unplug();
        StopTransactionRequest stopped = cs.await(StopTransactionRequest.class, 0, r -> true);
        // 11,000 W × 36 s = 396,000 J = 110 Wh
        assertThat(stopped.getMeterStop()).isEqualTo(110);
        assertThat(stopped.getReason()).isEqualTo(Reason.EVDisconnected);
        awaitStatus(ChargePointStatus.Available);
        assertThat(statuses()).doesNotContain(ChargePointStatus.Finishing);
    }

    @Test
    void limitsInWattsAndTheChargePointMaximumMakeTheComposite() throws Exception {
        OcppChargePoint cp = charging(settings(), Car.typical(50));
        // 4,140 W on 3 phases is 6 A a phase: the least a car charges with
        assertThat(set(1, profile(1, 0, ChargingProfilePurposeType.TxDefaultProfile, ChargingRateUnitType.W, 4140.0,
                null))).isEqualTo(ChargingProfileStatus.Accepted);
        until(() -> cp.powerWatts() == 4_140, "4,140 W");
        // 4,000 W is 5.8 A a phase: too little, so the charger pauses
        assertThat(set(1, profile(1, 0, ChargingProfilePurposeType.TxDefaultProfile, ChargingRateUnitType.W, 4000.0,
                null))).isEqualTo(ChargingProfileStatus.Accepted);
        awaitStatus(ChargePointStatus.SuspendedEVSE);
        // a higher stack level wins within the purpose: 10 A
        assertThat(set(1, profile(2, 1, ChargingProfilePurposeType.TxDefaultProfile, ChargingRateUnitType.A, 10.0,
                null))).isEqualTo(ChargingProfileStatus.Accepted);
        awaitStatus(ChargePointStatus.Charging);
        assertThat(cp.powerWatts()).isEqualTo(6_900);
        // the charge point's maximum, 8 A, is lower still: 8 × 230 × 3 = 5,520 W
        assertThat(set(0, profile(3, 0, ChargingProfilePurposeType.ChargePointMaxProfile, ChargingRateUnitType.A, 8.0,
                null))).isEqualTo(ChargingProfileStatus.Accepted);
        until(() -> cp.powerWatts() == 5_520, "5,520 W");
        // a TxProfile for another transaction, and a maximum on a connector, are refused
        assertThat(set(1, profile(4, 0, ChargingProfilePurposeType.TxProfile, ChargingRateUnitType.A, 16.0, 999)))
                .isEqualTo(ChargingProfileStatus.Rejected);
        assertThat(set(1, profile(5, 0, ChargingProfilePurposeType.ChargePointMaxProfile, ChargingRateUnitType.A, 16.0,
                null))).isEqualTo(ChargingProfileStatus.Rejected);
        // cleared, the charger's own 16 A returns and the car takes its 11 kW
        var clear = new eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileRequest();
        assertThat(cs.send(ID, clear, eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileConfirmation.class)
                .getStatus().toString()).isEqualTo("Accepted");
        until(() -> cp.powerWatts() == 11_000, "11 kW");
        assertThat(cs.send(ID, clear, eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileConfirmation.class)
                .getStatus().toString()).isEqualTo("Unknown");
    }

    @Test
    void aFullCarIsSuspendedByTheCar() {
        OcppChargePoint cp = connect(settings());
        cp.plugIn(Car.typical(100));
        awaitStatus(ChargePointStatus.SuspendedEV);
        assertThat(statuses()).containsExactly(ChargePointStatus.Available, ChargePointStatus.Preparing,
                ChargePointStatus.SuspendedEV);
        assertThat(cp.offeredWatts()).isEqualTo(11_040);
        assertThat(cp.powerWatts()).isZero();
    }

    @Test
    void withoutAuthorisationOnPlugInItWaitsForARemoteStart() throws Exception {
        OcppChargePoint cp = connect(settings().withAuthorizeOnPlugIn(false));
        RemoteStartTransactionRequest remote = new RemoteStartTransactionRequest("REMOTE-1");
        assertThat(cs.send(ID, remote, RemoteStartTransactionConfirmation.class).getStatus())
                .as("no car yet").isEqualTo(RemoteStartStopStatus.Rejected);
        cp.plugIn(Car.typical(40));
        awaitStatus(ChargePointStatus.Preparing);
        assertThat(cs.all(AuthorizeRequest.class)).isEmpty();
        assertThat(cs.all(StartTransactionRequest.class)).isEmpty();

        remote.setChargingProfile(profile(9, 0, ChargingProfilePurposeType.TxProfile, ChargingRateUnitType.A, 6.0,
                null));
        assertThat(cs.send(ID, remote, RemoteStartTransactionConfirmation.class).getStatus())
                .isEqualTo(RemoteStartStopStatus.Accepted);
        assertThat(cs.await(StartTransactionRequest.class, 0, r -> true).getIdTag()).isEqualTo("REMOTE-1");
        awaitStatus(ChargePointStatus.Charging);
        // the profile that came with the start: 6 A × 230 V × 3 = 4,140 W
        assertThat(cp.powerWatts()).isEqualTo(4_140);
        assertThat(cs.send(ID, remote, RemoteStartTransactionConfirmation.class).getStatus())
                .as("a transaction runs").isEqualTo(RemoteStartStopStatus.Rejected);
    }

    @Test
    void reportsTheCarsChargeOnlyWhereTheChargerKnowsIt() {
        charging(settings().withReportsSoc(true), Car.typical(50));
        clock.advance(Duration.ofSeconds(10));
        assertThat(values(awaitMeterValuesAt(T0.plusSeconds(10)))).containsEntry("SoC", "50");
    }

    @Test
    void triggeredMessagesAreSentAfterTheAnswer() throws Exception {
        charging(settings(), Car.typical(50));
        int statusesBefore = cs.all(StatusNotificationRequest.class).size();
        TriggerMessageRequest status = new TriggerMessageRequest(TriggerMessageRequestType.StatusNotification);
        status.setConnectorId(1);
        assertThat(cs.send(ID, status, TriggerMessageConfirmation.class).getStatus())
                .isEqualTo(TriggerMessageStatus.Accepted);
        assertThat(cs.await(StatusNotificationRequest.class, statusesBefore, r -> true).getStatus())
                .isEqualTo(ChargePointStatus.Charging);

        assertThat(cs.send(ID, new TriggerMessageRequest(TriggerMessageRequestType.MeterValues),
                TriggerMessageConfirmation.class).getStatus()).isEqualTo(TriggerMessageStatus.Accepted);
        MeterValuesRequest triggered = cs.await(MeterValuesRequest.class, 0, r -> true);
        assertThat(triggered.getMeterValue()[0].getSampledValue()[0].getContext()).isEqualTo("Trigger");

        assertThat(cs.send(ID, new TriggerMessageRequest(TriggerMessageRequestType.BootNotification),
                TriggerMessageConfirmation.class).getStatus()).isEqualTo(TriggerMessageStatus.Accepted);
        cs.await(BootNotificationRequest.class, 1, r -> true);

        assertThat(cs.send(ID, new TriggerMessageRequest(TriggerMessageRequestType.DiagnosticsStatusNotification),
                TriggerMessageConfirmation.class).getStatus()).isEqualTo(TriggerMessageStatus.NotImplemented);
    }

    @Test
    void anActionItDoesNotKnowIsAnsweredNotImplemented() {
        OcppChargePoint cp = connect(settings());
        ReserveNowRequest reserve = new ReserveNowRequest(1, ZonedDateTime.ofInstant(T0.plusSeconds(600),
                ZoneOffset.UTC), "TAG", 3);
        assertThatThrownBy(() -> cs.send(ID, reserve, ReserveNowConfirmation.class))
                .isInstanceOf(ExecutionException.class).cause().isInstanceOf(CallErrorException.class)
                .satisfies(e -> assertThat(((CallErrorException) e).getErrorCode()).isEqualTo("NotImplemented"));
        assertThat(cp.counts().callErrorsSent()).isEqualTo(1);
        assertThat(cp.lastProblem()).contains("does not implement the action 'ReserveNow'");
    }

    @Test
    void itsConfigurationCanBeReadAndTheWritableKeysChanged() throws Exception {
        OcppChargePoint cp = charging(settings(), Car.typical(50));
        GetConfigurationRequest get = new GetConfigurationRequest();
        get.setKey(new String[] {"MeterValuesSampledData", "MeterValueSampleInterval",
                "ChargingScheduleAllowedChargingRateUnit", "ConnectorSwitch3to1PhaseSupported", "NoSuchKey"});
        GetConfigurationConfirmation conf = cs.send(ID, get, GetConfigurationConfirmation.class);
        assertThat(Arrays.stream(conf.getConfigurationKey())
                .collect(Collectors.toMap(KeyValueType::getKey, k -> k.getValue() + (k.getReadonly() ? " (ro)" : ""))))
                .containsExactlyInAnyOrderEntriesOf(Map.of(
                        "MeterValuesSampledData",
                        "Energy.Active.Import.Register,Power.Active.Import,Current.Import,Current.Offered",
                        "MeterValueSampleInterval", "10",
                        "ChargingScheduleAllowedChargingRateUnit", "Current,Power (ro)",
                        "ConnectorSwitch3to1PhaseSupported", "false (ro)"));
        assertThat(conf.getUnknownKey()).containsExactly("NoSuchKey");

        assertThat(change("MeterValueSampleInterval", "30")).isEqualTo(ConfigurationStatus.Accepted);
        assertThat(change("MeterValuesSampledData", "Energy.Active.Import.Register,Power.Offered"))
                .isEqualTo(ConfigurationStatus.Accepted);
        assertThat(change("MeterValuesSampledData", "SoC")).as("an AC charger does not know the SoC")
                .isEqualTo(ConfigurationStatus.Rejected);
        assertThat(change("MeterValueSampleInterval", "soon")).isEqualTo(ConfigurationStatus.Rejected);
        assertThat(change("ConnectorSwitch3to1PhaseSupported", "true")).isEqualTo(ConfigurationStatus.Rejected);
        assertThat(change("NoSuchKey", "1")).isEqualTo(ConfigurationStatus.NotSupported);

        clock.advance(Duration.ofSeconds(30));
        assertThat(values(awaitMeterValuesAt(T0.plusSeconds(30)))).containsOnlyKeys(
                "Energy.Active.Import.Register", "Power.Offered").containsEntry("Power.Offered", "11040");
        assertThat(cp.counts().callErrorsSent()).isZero();
    }

    private ConfigurationStatus change(String key, String value) throws Exception {
        return cs.send(ID, new ChangeConfigurationRequest(key, value), ChangeConfigurationConfirmation.class)
                .getStatus();
    }

    @Test
    void aThreePhaseChargerThatMaySwitchChargesOnOnePhaseWhenAProfileAsks() throws Exception {
        OcppChargePoint cp = charging(settings().withPhases(3, true), Car.typical(50));
        ChargingProfile onePhase = profile(1, 0, ChargingProfilePurposeType.TxDefaultProfile, ChargingRateUnitType.A,
                16.0, null);
        onePhase.getChargingSchedule().getChargingSchedulePeriod()[0].setNumberPhases(1);
        assertThat(set(1, onePhase)).isEqualTo(ChargingProfileStatus.Accepted);
        // 16 A × 230 V on one phase = 3,680 W; the 11 kW car takes a third of its power there: 3,666 W
        until(() -> cp.phasesInUse() == 1, "one phase");
        assertThat(cp.offeredWatts()).isEqualTo(3_680);
        assertThat(cp.powerWatts()).isEqualTo(3_666);
        clock.advance(Duration.ofSeconds(10));
        assertThat(values(awaitMeterValuesAt(T0.plusSeconds(10)))).containsEntry("Current.Import/L1", "15.9")
                .containsEntry("Current.Import/L2", "0.0").containsEntry("Current.Import/L3", "0.0");
    }

    @Test
    void reconnectsAndBootsAgainWhenTheCentralSystemDropsTheSocket() {
        OcppChargePoint cp = charging(settings(), Car.typical(50));
        int tx = cp.transactionId().getAsInt();
        cs.drop(ID);
        cs.await(BootNotificationRequest.class, 1, r -> true);
        until(() -> cp.counts().connections() == 2 && cp.isBooted(), "a second connection");
        assertThat(cs.sessionsOpened()).isEqualTo(2);
        // after the boot the status is told afresh, and the transaction goes on under its id
        awaitStatus(ChargePointStatus.Charging);
        clock.advance(Duration.ofSeconds(10));
        MeterValuesRequest after = awaitMeterValuesAt(T0.plusSeconds(10));
        assertThat(after.getTransactionId()).isEqualTo(tx);
        // 11,000 W × 10 s = 110,000 J = 30 Wh (30.6 rounded down)
        assertThat(values(after)).containsEntry("Energy.Active.Import.Register", "30");
        assertThat(cp.lastProblem()).contains("lost");
    }

    @Test
    void theCarComesAndGoesByTheHouseholdsHabits() {
        Household household = new Household(HouseholdSettings.defaults(5).withEv(EvSettings.DEFAULT));
        DepartureHabits habits = new DepartureHabits(household, 60_000, 80);
        DepartureHabits.Visit visit = Stream.iterate(LocalDate.of(2026, 3, 2), d -> d.plusDays(1)).limit(7)
                .flatMap(d -> habits.visitOn(d).stream()).findFirst().orElseThrow();
        clock.set(visit.arrival().minusSeconds(60));
        OcppChargePoint cp = connect(settings());
        Car car = Car.typical(0);
        cp.follow(habits, car);
        assertThat(cp.car()).isEmpty();

        clock.set(visit.arrival());
        awaitStatus(ChargePointStatus.Charging);
        assertThat(cs.await(StartTransactionRequest.class, 0, r -> true).getTimestamp().toInstant())
                .isEqualTo(visit.arrival());
        assertThat(car.socPercent()).isEqualTo(visit.socPercent());

        clock.set(visit.departure());
        StopTransactionRequest stop = cs.await(StopTransactionRequest.class, 0, r -> true);
        assertThat(stop.getReason()).isEqualTo(Reason.EVDisconnected);
        assertThat(stop.getTimestamp().toInstant()).isEqualTo(visit.departure());
        // the night in one step: what the same car takes at 11 kW from its arrival charge until it leaves
        long expected = Car.typical(visit.socPercent())
                .accept(11_000, Duration.between(visit.arrival(), visit.departure())) / 3_600;
        assertThat(stop.getMeterStop()).isEqualTo((int) expected);
        assertThat(car.isFull()).isTrue();
        awaitStatus(ChargePointStatus.Available);
        assertThat(cp.car()).isEmpty();
    }

    @Test
    void aWrongPasswordIsRefusedAndRetriedWithBackOff() {
        // 16 to 20 characters: the library refuses other lengths before it asks who is calling
        OcppChargePoint cp = fleet.connect(ChargePointSettings.of(cs.address(), ID, "not-the-password"),
                clock, log::add);
        until(() -> cs.refusals().size() >= 2, "two refused attempts");
        assertThat(cs.refusals().get(0)).isEqualTo("CP-1 as CP-1");
        assertThat(cp.isBooted()).isFalse();
        assertThat(cs.all(BootNotificationRequest.class)).isEmpty();
        // Java-WebSocket 1.5.2 turns the refusal into a 404 whatever the code asked for
        assertThat(cp.lastProblem()).startsWith("cannot connect to ws://127.0.0.1:")
                .containsPattern("/ocpp/CP-1: the central system answered HTTP 40[14]$");
    }
}
