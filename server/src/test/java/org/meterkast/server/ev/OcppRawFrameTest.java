package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.ChargerPort;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.energy.device.DeviceException;
import org.meterkast.server.TestServer;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import tools.jackson.databind.JsonNode;

/**
 * The central system over a real WebSocket, fed hand-written frames by the JDK's own client: what it answers to
 * frames no OCPP library would send, what it believes of a charger's meter values, and how it treats a charger that
 * never answers, one that reconnects, and a handshake with a wrong password or an unknown id.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "meterkast.ocpp.call-timeout=1s", "meterkast.ocpp.failures-before-error=2",
        "meterkast.ocpp.trigger-boot-delay=300ms"})
class OcppRawFrameTest {
    @TempDir
    static Path folder;

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        TestServer.sqliteWithoutAMeterAtHome(registry, folder.resolve("ocpp-raw.db"));
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;
    @Autowired
    CentralSystem central;

    OcppHousehold household;

    @BeforeEach
    void household() {
        household = OcppHousehold.of(context, "home");
    }

    private RawChargePoint booted(String id) throws DeviceException {
        household.charger(id.toLowerCase(), id);
        RawChargePoint cp = RawChargePoint.connect(port, id, OcppHousehold.PASSWORD);
        assertThat(cp.call("BootNotification", RawChargePoint.boot()).get(2).get("status").stringValue())
                .isEqualTo("Accepted");
        return cp;
    }

    // what is answered to a frame it cannot take; each is counted on the charger
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # case                      | frame as sent                                                            | answer id | error code
          not JSON                  | `[2, "x1", "Heartbeat", {`                                               | -1        | FormationViolation
          not an array              | `{"action":"Heartbeat"}`                                                 | -1        | FormationViolation
          a call without payload    | `[2,"x2","Heartbeat"]`                                                   | x2        | FormationViolation
          payload not an object     | `[2,"x3","Heartbeat",[]]`                                                | x3        | FormationViolation
          unknown message type      | `[7,"x4","Heartbeat",{}]`                                                | x4        | FormationViolation
          unknown action            | `[2,"x5","FlyToTheMoon",{}]`                                             | x5        | NotImplemented
          required field missing    | `[2,"x6","BootNotification",{"chargePointVendor":"ACME"}]`               | x6        | ProtocolError
          field of the wrong type   | `[2,"x7","StatusNotification",{"connectorId":"one","errorCode":"NoError","status":"Available"}]` | x7 | TypeConstraintViolation
          value not allowed         | `[2,"x8","StatusNotification",{"connectorId":1,"errorCode":"NoError","status":"Sleeping"}]`      | x8 | PropertyConstraintViolation
          a value that is no number | `[2,"x9","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2025-03-10T09:00:00Z","sampledValue":[{"value":"lots"}]}]}]` | x9 | TypeConstraintViolation
          kW for an energy register | `[2,"x10","MeterValues",{"connectorId":1,"meterValue":[{"timestamp":"2025-03-10T09:00:00Z","sampledValue":[{"value":"1","unit":"kW"}]}]}]` | x10 | PropertyConstraintViolation
        """)
    void refusesWhatItCannotReadWithTheStandardsCode(String name, String frame, String answerId, String code)
            throws DeviceException {
        try (RawChargePoint cp = booted("CP-BAD")) {
            ChargePointState.Counters before = household.state("CP-BAD").view().counters();
            cp.send(frame);
            JsonNode answer = cp.nextAnswer();
            assertThat(answer.get(0).intValue()).as("a CALLERROR").isEqualTo(4);
            assertThat(answer.get(1).stringValue()).isEqualTo(answerId);
            assertThat(answer.get(2).stringValue()).isEqualTo(code);
            assertThat(answer.get(3).stringValue()).as("the description names what is wrong").isNotBlank();
            ChargePointState.Counters after = household.state("CP-BAD").view().counters();
            assertThat(after.malformed() + after.unknownActions())
                    .isEqualTo(before.malformed() + before.unknownActions() + 1);
            // and the connection goes on: the next call is answered
            assertThat(cp.call("Heartbeat", "{}").get(0).intValue()).isEqualTo(3);
        }
    }

    @Test
    void aMissingFieldIsNamedInTheAnswer() throws DeviceException {
        try (RawChargePoint cp = booted("CP-NAMED")) {
            JsonNode answer = cp.call("StartTransaction", "{\"connectorId\":1,\"idTag\":\"TAG\","
                    + "\"timestamp\":\"2025-03-10T09:00:00Z\"}");
            assertThat(answer.get(2).stringValue()).isEqualTo("ProtocolError");
            assertThat(answer.get(3).stringValue()).isEqualTo("StartTransaction.meterStart is required");
            assertThat(household.state("CP-NAMED").view().counters().lastProblem())
                    .isEqualTo("StartTransaction.meterStart is required");
        }
    }

    @Test
    void dataTransferIsAnsweredUnknownVendor() throws DeviceException {
        try (RawChargePoint cp = booted("CP-DT")) {
            JsonNode answer = cp.call("DataTransfer", "{\"vendorId\":\"com.example\",\"messageId\":\"x\"}");
            assertThat(answer.get(2).get("status").stringValue()).isEqualTo("UnknownVendorId");
        }
    }

    @Test
    void kilowattHoursAndKilowattsAreNormalisedAndAMissingMeasurandIsTheRegister() throws DeviceException {
        try (RawChargePoint cp = booted("CP-UNITS")) {
            cp.call("MeterValues", """
                    {"connectorId":1,"meterValue":[{"timestamp":"2025-03-10T09:00:00Z","sampledValue":[
                      {"value":"12.345","unit":"kWh"},
                      {"value":"7.4","measurand":"Power.Active.Import","unit":"kW"},
                      {"value":"10.6","measurand":"Current.Import","phase":"L1","unit":"A"},
                      {"value":"10.8","measurand":"Current.Import","phase":"L2-N"},
                      {"value":"10.7","measurand":"Current.Import","phase":"L3"},
                      {"value":"16","measurand":"Current.Offered"},
                      {"value":"54","measurand":"SoC","unit":"Percent","location":"EV"}]}]}""");
            ChargePointState.View v = household.state("CP-UNITS").view();
            assertThat(v.registerWh()).isEqualTo(12_345L);
            assertThat(v.powerWatts()).isEqualTo(7_400L);
            assertThat(v.currentAmps()).containsExactly(10.6, 10.8, 10.7);
            assertThat(v.offeredAmps()).isEqualTo(16.0);
            assertThat(v.socPercent()).isEqualTo(54);
            assertThat(v.counters().absurd() + v.counters().backwards()).isZero();
        }
    }

    @Test
    void aRegisterGoingBackAndAbsurdPowerAreFlaggedAndNotBelieved() throws DeviceException {
        try (RawChargePoint cp = booted("CP-ODD")) {
            cp.call("MeterValues", meterValues("2025-03-10T09:00:00Z", "5000", "3000"));
            // 09:01: the register went back (4000 < 5000), the power is absurd (50 kW)
            cp.call("MeterValues", meterValues("2025-03-10T09:01:00Z", "4000", "50000"));
            ChargePointState.View v = household.state("CP-ODD").view();
            assertThat(v.registerWh()).isEqualTo(5_000L);
            assertThat(v.powerWatts()).isEqualTo(3_000L);
            assertThat(v.counters().backwards()).isEqualTo(1);
            assertThat(v.counters().absurd()).isEqualTo(1);
            // 09:02: a jump of 100 MWh in a minute, with a believable power
            cp.call("MeterValues", meterValues("2025-03-10T09:02:00Z", "100005000", "2500"));
            v = household.state("CP-ODD").view();
            assertThat(v.registerWh()).isEqualTo(5_000L);
            assertThat(v.powerWatts()).isEqualTo(2_500L);
            assertThat(v.counters().absurd()).isEqualTo(2);
            assertThat(v.counters().lastProblem()).contains("rose from 5000 to 100005000 Wh");
            // 09:02:30: a negative power
            cp.call("MeterValues", meterValues("2025-03-10T09:02:30Z", "5050", "-5"));
            v = household.state("CP-ODD").view();
            assertThat(v.registerWh()).isEqualTo(5_050L);
            assertThat(v.powerWatts()).isEqualTo(2_500L);
            assertThat(v.counters().absurd()).isEqualTo(3);
            assertThat(v.counters().lastProblem()).isEqualTo("MeterValues Power.Active.Import -5: a charger draws 0 "
                    + "to 24288 W, not believed");
            // 09:03: believable again (+50 Wh in 30 s is 6 kW)
            cp.call("MeterValues", meterValues("2025-03-10T09:03:00Z", "5100", "2000"));
            v = household.state("CP-ODD").view();
            assertThat(v.registerWh()).isEqualTo(5_100L);
            assertThat(v.powerWatts()).isEqualTo(2_000L);
        }
    }

    private static String meterValues(String at, String registerWh, String powerW) {
        return "{\"connectorId\":1,\"meterValue\":[{\"timestamp\":\"" + at + "\",\"sampledValue\":["
                + "{\"value\":\"" + registerWh + "\",\"measurand\":\"Energy.Active.Import.Register\",\"unit\":\"Wh\"},"
                + "{\"value\":\"" + powerW + "\",\"measurand\":\"Power.Active.Import\",\"unit\":\"W\"}]}]}";
    }

    @Test
    void aChargerThatNeverAnswersTimesOutAndIsMarkedInError() throws DeviceException {
        ChargerPort charger = household.charger("cp-silent", "CP-SILENT");
        try (RawChargePoint cp = RawChargePoint.connect(port, "CP-SILENT", OcppHousehold.PASSWORD).silent()) {
            cp.call("BootNotification", RawChargePoint.boot());
            cp.call("StatusNotification", "{\"connectorId\":1,\"errorCode\":\"NoError\",\"status\":\"Available\"}");
            long started = System.nanoTime();
            // the server's own GetConfiguration and ChangeConfiguration after the boot go unanswered too
            assertThatThrownBy(() -> charger.offerCurrent(10)).isInstanceOf(DeviceException.class)
                    .hasMessageContaining("did not answer");
            assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(20));
            await().atMost(10, TimeUnit.SECONDS).until(() -> charger.read().status() == ChargerStatus.ERROR);
            ChargePointState.View v = household.state("CP-SILENT").view();
            assertThat(v.error()).isEqualTo("not-answering");
            assertThat(v.counters().failedCalls()).isGreaterThanOrEqualTo(2);
            // its own messages are still answered while it is in error
            assertThat(cp.call("Heartbeat", "{}").get(0).intValue()).isEqualTo(3);
        }
    }

    @Test
    void aNewConnectionReplacesTheOldOne() throws Exception {
        household.charger("cp-again", "CP-AGAIN");
        RawChargePoint first = RawChargePoint.connect(port, "CP-AGAIN", OcppHousehold.PASSWORD);
        first.call("BootNotification", RawChargePoint.boot());
        try (RawChargePoint second = RawChargePoint.connect(port, "CP-AGAIN", OcppHousehold.PASSWORD)) {
            assertThat(first.closed.get(5, TimeUnit.SECONDS)).as("the old connection is closed").isEqualTo(1000);
            assertThat(second.call("Heartbeat", "{}").get(0).intValue()).isEqualTo(3);
            ChargePointState.View v = household.state("CP-AGAIN").view();
            assertThat(v.online()).isTrue();
            assertThat(v.counters().replacedConnections()).isEqualTo(1);
            // reconnected without booting: asked for a BootNotification and its status
            await().atMost(5, TimeUnit.SECONDS).until(() -> second.callsOf("TriggerMessage").size() == 2);
            assertThat(second.callsOf("TriggerMessage").stream()
                    .map(c -> c.get(3).get("requestedMessage").stringValue()))
                    .containsExactly("BootNotification", "StatusNotification");
        }
        await().atMost(5, TimeUnit.SECONDS).until(() -> !household.state("CP-AGAIN").view().online());
        assertThat(household.state("CP-AGAIN").view().status()).isEqualTo(ChargerStatus.ERROR);
        assertThat(household.state("CP-AGAIN").view().error()).isEqualTo("offline");
    }

    @Test
    void aWrongPasswordAndAnUnknownIdAreRefusedAndCounted() throws DeviceException {
        household.charger("cp-door", "CP-DOOR");
        CentralSystem.Counts before = central.counts();
        assertThat(RawChargePoint.handshakeStatus(port, "CP-DOOR", "not-the-password-at-all")).isEqualTo(401);
        assertThat(RawChargePoint.handshakeStatus(port, "CP-DOOR", null)).isEqualTo(401);
        assertThat(RawChargePoint.handshakeStatus(port, "CP-NOBODY", OcppHousehold.PASSWORD)).isEqualTo(404);
        CentralSystem.Counts after = central.counts();
        assertThat(after.refusedPassword() - before.refusedPassword()).isEqualTo(2);
        assertThat(after.refusedUnknownId() - before.refusedUnknownId()).isEqualTo(1);
        assertThat(household.state("CP-DOOR").view().counters().refusedLogins()).isEqualTo(2);
        assertThat(household.state("CP-DOOR").view().online()).isFalse();
        // the right password is let in
        assertThat(RawChargePoint.handshakeStatus(port, "CP-DOOR", OcppHousehold.PASSWORD)).isEqualTo(101);
    }

    @Test
    void aChargerThatTakesOnlyWattsGetsItsLimitInWatts() throws DeviceException {
        ChargerPort charger = household.charger("cp-watts", "CP-WATTS", "phases", "3");
        try (RawChargePoint cp = RawChargePoint.connect(port, "CP-WATTS", OcppHousehold.PASSWORD).rateUnit("Power")) {
            cp.call("BootNotification", RawChargePoint.boot());
            await().atMost(5, TimeUnit.SECONDS).until(() -> household.state("CP-WATTS").rateUnit() != null);
            charger.offerCurrent(16);
            charger.offerCurrent(0);
            var profiles = cp.callsOf("SetChargingProfile");
            assertThat(profiles).hasSize(2);
            // 16 A × 230 V × 3 phases = 11,040 W; 0 pauses
            JsonNode schedule = profiles.get(0).get(3).get("csChargingProfiles").get("chargingSchedule");
            assertThat(schedule.get("chargingRateUnit").stringValue()).isEqualTo("W");
            assertThat(schedule.get("chargingSchedulePeriod").get(0).get("limit").decimalValue())
                    .isEqualByComparingTo("11040");
            assertThat(profiles.get(1).get(3).get("csChargingProfiles").get("chargingSchedule")
                    .get("chargingSchedulePeriod").get(0).get("limit").decimalValue()).isEqualByComparingTo("0");
            assertThat(profiles.get(0).get(3).get("csChargingProfiles").get("chargingProfilePurpose").stringValue())
                    .isEqualTo("TxDefaultProfile");
        }
    }
}
