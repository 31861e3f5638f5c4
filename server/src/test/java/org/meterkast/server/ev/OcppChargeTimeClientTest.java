package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import eu.chargetime.ocpp.ClientEvents;
import eu.chargetime.ocpp.JSONClient;
import eu.chargetime.ocpp.JSONConfiguration;
import eu.chargetime.ocpp.feature.profile.ClientCoreEventHandler;
import eu.chargetime.ocpp.feature.profile.ClientCoreProfile;
import eu.chargetime.ocpp.feature.profile.ClientSmartChargingEventHandler;
import eu.chargetime.ocpp.feature.profile.ClientSmartChargingProfile;
import eu.chargetime.ocpp.model.Confirmation;
import eu.chargetime.ocpp.model.Request;
import eu.chargetime.ocpp.model.core.AuthorizeConfirmation;
import eu.chargetime.ocpp.model.core.AvailabilityStatus;
import eu.chargetime.ocpp.model.core.BootNotificationConfirmation;
import eu.chargetime.ocpp.model.core.ChangeAvailabilityConfirmation;
import eu.chargetime.ocpp.model.core.ChangeAvailabilityRequest;
import eu.chargetime.ocpp.model.core.ChangeConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.ChangeConfigurationRequest;
import eu.chargetime.ocpp.model.core.ChargePointErrorCode;
import eu.chargetime.ocpp.model.core.ChargePointStatus;
import eu.chargetime.ocpp.model.smartcharging.ChargingProfileStatus;
import eu.chargetime.ocpp.model.core.ChargingSchedule;
import eu.chargetime.ocpp.model.core.ChargingSchedulePeriod;
import eu.chargetime.ocpp.model.core.ClearCacheConfirmation;
import eu.chargetime.ocpp.model.core.ClearCacheRequest;
import eu.chargetime.ocpp.model.core.ConfigurationStatus;
import eu.chargetime.ocpp.model.core.DataTransferConfirmation;
import eu.chargetime.ocpp.model.core.DataTransferRequest;
import eu.chargetime.ocpp.model.core.DataTransferStatus;
import eu.chargetime.ocpp.model.core.GetConfigurationConfirmation;
import eu.chargetime.ocpp.model.core.GetConfigurationRequest;
import eu.chargetime.ocpp.model.core.KeyValueType;
import eu.chargetime.ocpp.model.core.MeterValue;
import eu.chargetime.ocpp.model.core.MeterValuesRequest;
import eu.chargetime.ocpp.model.core.Reason;
import eu.chargetime.ocpp.model.core.RemoteStartStopStatus;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStartTransactionRequest;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionConfirmation;
import eu.chargetime.ocpp.model.core.RemoteStopTransactionRequest;
import eu.chargetime.ocpp.model.core.ResetConfirmation;
import eu.chargetime.ocpp.model.core.ResetRequest;
import eu.chargetime.ocpp.model.core.ResetStatus;
import eu.chargetime.ocpp.model.core.SampledValue;
import eu.chargetime.ocpp.model.core.StartTransactionConfirmation;
import eu.chargetime.ocpp.model.core.StopTransactionRequest;
import eu.chargetime.ocpp.model.core.UnlockConnectorConfirmation;
import eu.chargetime.ocpp.model.core.UnlockConnectorRequest;
import eu.chargetime.ocpp.model.core.UnlockStatus;
import eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileConfirmation;
import eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileRequest;
import eu.chargetime.ocpp.model.smartcharging.ClearChargingProfileStatus;
import eu.chargetime.ocpp.model.smartcharging.GetCompositeScheduleConfirmation;
import eu.chargetime.ocpp.model.smartcharging.GetCompositeScheduleRequest;
import eu.chargetime.ocpp.model.smartcharging.GetCompositeScheduleStatus;
import eu.chargetime.ocpp.model.smartcharging.SetChargingProfileConfirmation;
import eu.chargetime.ocpp.model.smartcharging.SetChargingProfileRequest;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.server.TestServer;
import org.meterkast.server.ev.ChargePointRepository.StoredSession;
import org.meterkast.server.ev.ChargedQuarters.Charged;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A whole charging session with an independent OCPP 1.6J charge point, ChargeTimeEU's JSONClient, connected over a
 * real WebSocket to the running server: boot, status, authorize, start, meter values, a limit set through the
 * adapter (the limit and unit the charger received are checked), the session ended through the adapter
 * (RemoteStopTransaction), the stop; then the session and its energy per quarter as stored, to the watt-hour.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class OcppChargeTimeClientTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("ocpp-client.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    ChargePointRepository repository;

    /** What the charge point was told by the central system. */
    final List<SetChargingProfileRequest> profiles = new CopyOnWriteArrayList<>();
    final List<RemoteStopTransactionRequest> remoteStops = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> stopAsked = new CompletableFuture<>();

    private static ZonedDateTime at(String instant) {
        return ZonedDateTime.ofInstant(Instant.parse(instant), ZoneOffset.UTC);
    }

    private static SampledValue sample(String value, String measurand, String unit, String phase) {
        SampledValue v = new SampledValue(value);
        v.setMeasurand(measurand);
        v.setUnit(unit);
        if (phase != null) {
            v.setPhase(phase);
        }
        return v;
    }

    private static MeterValuesRequest meterValues(int transaction, String instant, String registerWh, String watts) {
        MeterValuesRequest request = new MeterValuesRequest(1);
        request.setTransactionId(transaction);
        request.setMeterValue(new MeterValue[] {new MeterValue(at(instant), new SampledValue[] {
                sample(registerWh, "Energy.Active.Import.Register", "Wh", null),
                sample(watts, "Power.Active.Import", "W", null),
                sample("8.7", "Current.Import", "A", "L1"),
                sample("8.7", "Current.Import", "A", "L2"),
                sample("8.6", "Current.Import", "A", "L3")})});
        return request;
    }

    @SuppressWarnings("unchecked")
    private static <T extends Confirmation> T send(JSONClient client, Request request) throws Exception {
        return (T) client.send(request).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aWholeSessionFromBootToStopIsKeptToTheWattHour() throws Exception {
        OcppHousehold household = OcppHousehold.of(context, "home");
        ChargerPort charger = household.charger("carport", "CP-LIB-1", "max-amps", "16", "phases", "3");

        ClientCoreProfile core = new ClientCoreProfile(new Core());
        JSONClient client = new JSONClient(core, "CP-LIB-1", JSONConfiguration.get()
                .setParameter(JSONConfiguration.USERNAME_PARAMETER, "CP-LIB-1")
                .setParameter(JSONConfiguration.PASSWORD_PARAMETER, OcppHousehold.PASSWORD.getBytes()));
        client.addFeatureProfile(new ClientSmartChargingProfile(new SmartCharging()));
        CompletableFuture<Void> opened = new CompletableFuture<>();
        client.connect("ws://127.0.0.1:" + port + "/ocpp", new ClientEvents() {
            @Override
            public void connectionOpened() {
                opened.complete(null);
            }

            @Override
            public void connectionClosed() {
            }
        });
        opened.get(10, TimeUnit.SECONDS);
        try {
            BootNotificationConfirmation boot = send(client, core.createBootNotificationRequest("ACME", "Wallbox"));
            assertThat(boot.getStatus().toString()).isEqualTo("Accepted");
            assertThat(boot.getInterval()).isEqualTo(300);
            send(client, core.createStatusNotificationRequest(1, ChargePointErrorCode.NoError,
                    ChargePointStatus.Available));
            assertThat(charger.read().status()).isEqualTo(ChargerStatus.STANDBY);

            send(client, core.createStatusNotificationRequest(1, ChargePointErrorCode.NoError,
                    ChargePointStatus.Preparing));
            assertThat(charger.read().status()).isEqualTo(ChargerStatus.EV_CONNECTED);
            AuthorizeConfirmation authorized = send(client, core.createAuthorizeRequest("RFID-0042"));
            assertThat(authorized.getIdTagInfo().getStatus().toString()).isEqualTo("Accepted");
            StartTransactionConfirmation started = send(client, core.createStartTransactionRequest(1, "RFID-0042",
                    1_000, at("2025-03-10T09:05:00Z")));
            int transaction = started.getTransactionId();
            assertThat(transaction).isPositive();
            send(client, core.createStatusNotificationRequest(1, ChargePointErrorCode.NoError,
                    ChargePointStatus.Charging));

            // 09:10 at 1,500 Wh; 09:20 at 2,500 Wh (6 kW, 8.7 A on each of three phases)
            send(client, meterValues(transaction, "2025-03-10T09:10:00Z", "1500", "6000"));
            send(client, meterValues(transaction, "2025-03-10T09:20:00Z", "2500", "6000"));
            ChargerReading reading = charger.read();
            assertThat(reading.status()).isEqualTo(ChargerStatus.CHARGING);
            assertThat(reading.power().watts()).isEqualTo(6_000);
            assertThat(reading.sessionWh()).isEqualTo(1_500);
            assertThat(reading.phases()).isEqualTo(3);

            // the adapter offers 10 A: a TxDefaultProfile in A per phase (the charger takes Current)
            await().atMost(5, TimeUnit.SECONDS).until(() -> household.state("CP-LIB-1").rateUnit() != null);
            charger.offerCurrent(10);
            assertThat(profiles).hasSize(1);
            var profile = profiles.get(0).getCsChargingProfiles();
            ChargingSchedule schedule = profile.getChargingSchedule();
            assertThat(profile.getChargingProfilePurpose().toString()).isEqualTo("TxDefaultProfile");
            assertThat(schedule.getChargingRateUnit().toString()).isEqualTo("A");
            ChargingSchedulePeriod period = schedule.getChargingSchedulePeriod()[0];
            assertThat(period.getLimit()).isEqualTo(10.0);
            assertThat(period.getNumberPhases()).isEqualTo(3);
            assertThat(period.getStartPeriod()).isZero();
            assertThat(charger.read().offeredAmps()).isEqualTo(10.0);

            // the adapter stops the session (the charger page's "Stop charging" goes through it, as the loop holds
            // it: OcppChargingEndToEndTest)
            charger.stopSession();
            assertThat(stopAsked.get(5, TimeUnit.SECONDS)).isEqualTo(transaction);

            StopTransactionRequest stopped = new StopTransactionRequest(4_000, at("2025-03-10T09:35:00Z"),
                    transaction);
            stopped.setReason(Reason.Remote);
            stopped.setIdTag("RFID-0042");
            send(client, stopped);
            send(client, core.createStatusNotificationRequest(1, ChargePointErrorCode.NoError,
                    ChargePointStatus.Finishing));
            assertThat(charger.read().status()).isEqualTo(ChargerStatus.EV_CONNECTED);
        } finally {
            client.disconnect();
        }

        StoredSession session = repository.openSession("CP-LIB-1").orElse(null);
        assertThat(session).as("no session left open").isNull();
        StoredSession stored = repository.sessions("CP-LIB-1", 0, 10).get(0);
        assertThat(stored.idTag()).isEqualTo("RFID-0042");
        assertThat(stored.start()).isEqualTo(Instant.parse("2025-03-10T09:05:00Z"));
        assertThat(stored.stop()).isEqualTo(Instant.parse("2025-03-10T09:35:00Z"));
        assertThat(stored.meterStartWh()).isEqualTo(1_000);
        assertThat(stored.meterStopWh()).isEqualTo(4_000);
        assertThat(stored.stopReason()).isEqualTo("Remote");
        // By hand: the register at 09:15 lies halfway between 09:10 (1,500) and 09:20 (2,500): 2,000 Wh; at 09:30,
        // two thirds of the way from 09:20 (2,500) to the stop at 09:35 (4,000): 3,500 Wh. So the quarters hold
        // 2,000 − 1,000, 3,500 − 2,000 and 4,000 − 3,500 Wh, together the session's 3,000 Wh.
        await().atMost(5, TimeUnit.SECONDS).until(() -> repository.quarters(stored.transactionId()).size() == 3);
        assertThat(repository.quarters(stored.transactionId())).containsExactly(
                new Charged(Instant.parse("2025-03-10T09:00:00Z"), 1_000, 2_000),
                new Charged(Instant.parse("2025-03-10T09:15:00Z"), 1_500, 3_500),
                new Charged(Instant.parse("2025-03-10T09:30:00Z"), 500, 4_000));
        assertThat(stored.chargedWh()).isEqualTo(3_000);

        await().atMost(5, TimeUnit.SECONDS).until(() -> charger.read().status() == ChargerStatus.ERROR);
        assertThat(household.state("CP-LIB-1").view().error()).isEqualTo("offline");
    }

    /** A charge point's core: answers the central system's configuration calls as a charger taking amps. */
    private final class Core implements ClientCoreEventHandler {
        @Override
        public ChangeAvailabilityConfirmation handleChangeAvailabilityRequest(ChangeAvailabilityRequest request) {
            return new ChangeAvailabilityConfirmation(AvailabilityStatus.Accepted);
        }

        @Override
        public GetConfigurationConfirmation handleGetConfigurationRequest(GetConfigurationRequest request) {
            KeyValueType unit = new KeyValueType("ChargingScheduleAllowedChargingRateUnit", true);
            unit.setValue("Current");
            GetConfigurationConfirmation answer = new GetConfigurationConfirmation();
            answer.setConfigurationKey(new KeyValueType[] {unit});
            return answer;
        }

        @Override
        public ChangeConfigurationConfirmation handleChangeConfigurationRequest(ChangeConfigurationRequest request) {
            return new ChangeConfigurationConfirmation(ConfigurationStatus.Accepted);
        }

        @Override
        public ClearCacheConfirmation handleClearCacheRequest(ClearCacheRequest request) {
            return new ClearCacheConfirmation();
        }

        @Override
        public DataTransferConfirmation handleDataTransferRequest(DataTransferRequest request) {
            return new DataTransferConfirmation(DataTransferStatus.UnknownVendorId);
        }

        @Override
        public RemoteStartTransactionConfirmation handleRemoteStartTransactionRequest(
                RemoteStartTransactionRequest request) {
            return new RemoteStartTransactionConfirmation(RemoteStartStopStatus.Rejected);
        }

        @Override
        public RemoteStopTransactionConfirmation handleRemoteStopTransactionRequest(
                RemoteStopTransactionRequest request) {
            remoteStops.add(request);
            stopAsked.complete(request.getTransactionId());
            return new RemoteStopTransactionConfirmation(RemoteStartStopStatus.Accepted);
        }

        @Override
        public ResetConfirmation handleResetRequest(ResetRequest request) {
            return new ResetConfirmation(ResetStatus.Rejected);
        }

        @Override
        public UnlockConnectorConfirmation handleUnlockConnectorRequest(UnlockConnectorRequest request) {
            return new UnlockConnectorConfirmation(UnlockStatus.NotSupported);
        }
    }

    private final class SmartCharging implements ClientSmartChargingEventHandler {
        @Override
        public SetChargingProfileConfirmation handleSetChargingProfileRequest(SetChargingProfileRequest request) {
            profiles.add(request);
            return new SetChargingProfileConfirmation(ChargingProfileStatus.Accepted);
        }

        @Override
        public ClearChargingProfileConfirmation handleClearChargingProfileRequest(ClearChargingProfileRequest request) {
            return new ClearChargingProfileConfirmation(ClearChargingProfileStatus.Accepted);
        }

        @Override
        public GetCompositeScheduleConfirmation handleGetCompositeScheduleRequest(GetCompositeScheduleRequest request) {
            return new GetCompositeScheduleConfirmation(GetCompositeScheduleStatus.Rejected);
        }
    }
}
