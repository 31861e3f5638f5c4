package org.meterkast.server.ev;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.device.ChargerStatus;
import org.meterkast.server.ev.ChargePointState.Session;
import org.meterkast.server.ev.OcppMessages.StatusNotification;

/** How an OCPP 1.6 connector status (and the connection) becomes the manual's charger status. */
class OcppStatusMappingTest {
    private static final Instant T = Instant.parse("2025-03-10T09:00:00Z");
    private static final OcppSettings SETTINGS = new OcppSettings(java.time.Duration.ofSeconds(10), 3,
            java.time.Duration.ofSeconds(300), java.time.Duration.ofSeconds(5), true,
            java.time.Duration.ofSeconds(10), 24_288);

    @ParameterizedTest(name = "{0}, session {1} → {2}")
    @CsvSource(delimiter = '|', textBlock = """
        # OCPP status   | session running | the manual's status
          Available     | false           | STANDBY
          Preparing     | false           | EV_CONNECTED
          Charging      | true            | CHARGING
          SuspendedEVSE | true            | PAUSED
          SuspendedEV   | true            | PAUSED
          SuspendedEVSE | false           | EV_CONNECTED
          SuspendedEV   | false           | EV_CONNECTED
          Finishing     | false           | EV_CONNECTED
          Reserved      | false           | STANDBY
          Unavailable   | false           | ERROR
          Faulted       | false           | ERROR
          Faulted       | true            | ERROR
        """)
    void connectorStatusBecomesTheManualsStatus(String ocpp, boolean session, ChargerStatus expected) {
        ChargePointState state = connected();
        if (session) {
            state.sessionStarted(new Session(7, 1, "TAG", T, 1000, ChargedQuarters.startingAt(T, 1000)));
        }
        state.status(new StatusNotification(1, status(ocpp), "NoError", null, null, T));
        assertThat(state.status()).isEqualTo(expected);
        assertThat(status(ocpp).toChargerStatus(session)).isEqualTo(expected);
    }

    @Test
    void aChargerJustConnectedIsStartingAndOneDisconnectedIsOffline() {
        ChargePointState state = new ChargePointState("CP", 1, "carport", 3, SETTINGS);
        assertThat(state.status()).as("never connected").isEqualTo(ChargerStatus.ERROR);
        assertThat(state.view().error()).isEqualTo("offline");
        state.connected(T, false);
        assertThat(state.status()).as("connected, no status yet").isEqualTo(ChargerStatus.STARTING);
        state.status(new StatusNotification(1, ConnectorStatus.AVAILABLE, "NoError", null, null, T));
        assertThat(state.status()).isEqualTo(ChargerStatus.STANDBY);
        state.disconnected(T.plusSeconds(60));
        assertThat(state.status()).isEqualTo(ChargerStatus.ERROR);
        assertThat(state.view().error()).isEqualTo("offline");
    }

    @Test
    void aFaultOfTheWholeChargePointIsAnErrorWithItsCode() {
        ChargePointState state = connected();
        state.status(new StatusNotification(1, ConnectorStatus.AVAILABLE, "NoError", null, null, T));
        state.status(new StatusNotification(0, ConnectorStatus.FAULTED, "GroundFailure", "RCD tripped", "E12", T));
        assertThat(state.status()).isEqualTo(ChargerStatus.ERROR);
        assertThat(state.view().error()).isEqualTo("faulted");
        assertThat(state.view().errorDetail()).isEqualTo("GroundFailure E12: RCD tripped");
    }

    @Test
    void callsFailingInARowMarkItNotAnswering() {
        ChargePointState state = connected();
        state.status(new StatusNotification(1, ConnectorStatus.AVAILABLE, "NoError", null, null, T));
        state.callAnswered(false);
        state.callAnswered(false);
        assertThat(state.status()).as("2 of 3").isEqualTo(ChargerStatus.STANDBY);
        state.callAnswered(false);
        assertThat(state.status()).isEqualTo(ChargerStatus.ERROR);
        assertThat(state.view().error()).isEqualTo("not-answering");
        state.callAnswered(true);
        assertThat(state.status()).isEqualTo(ChargerStatus.STANDBY);
    }

    private static ChargePointState connected() {
        ChargePointState state = new ChargePointState("CP", 1, "carport", 3, SETTINGS);
        state.connected(T, false);
        return state;
    }

    private static ConnectorStatus status(String wire) {
        for (ConnectorStatus s : ConnectorStatus.values()) {
            if (s.wire().equals(wire)) {
                return s;
            }
        }
        throw new IllegalArgumentException(wire);
    }
}
