package org.meterkast.sim.ev;

import static org.assertj.core.api.Assertions.assertThat;
import static org.meterkast.sim.ev.ForeignCentralSystem.until;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.java_websocket.WebSocket;
import org.java_websocket.drafts.Draft_6455;
import org.java_websocket.handshake.ClientHandshake;
import org.java_websocket.protocols.Protocol;
import org.java_websocket.server.WebSocketServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.sim.ManualClock;

/**
 * What the charge point does with frames a well-behaved central system never sends, and with silence: a peer
 * at frame level (Java-WebSocket's server) that answers the boot and status, and otherwise sends what the test
 * writes.
 */
class BadFramesTest {
    /** The actions the peer answers by itself; everything else it leaves unanswered. */
    private static final Set<String> ANSWERED = Set.of("BootNotification", "StatusNotification");

    private RawPeer peer;
    private ChargePointFleet fleet;
    private OcppChargePoint cp;

    private static final class RawPeer extends WebSocketServer {
        final List<String> received = new CopyOnWriteArrayList<>();
        volatile WebSocket connection;

        RawPeer(int port) {
            super(new InetSocketAddress("127.0.0.1", port),
                    List.of(new Draft_6455(Collections.emptyList(), List.of(new Protocol("ocpp1.6")))));
            setReuseAddr(true);
        }

        @Override
        public void onOpen(WebSocket conn, ClientHandshake handshake) {
            connection = conn;
        }

        @Override
        public void onMessage(WebSocket conn, String message) {
            received.add(message);
            List<?> frame = (List<?>) Json.parse(message);
            if (frame.get(0).toString().equals("2") && ANSWERED.contains(frame.get(2))) {
                String payload = frame.get(2).equals("BootNotification")
                        ? "{\"status\":\"Accepted\",\"interval\":300,\"currentTime\":\"2026-03-02T18:00:00Z\"}" : "{}";
                conn.send("[3,\"" + frame.get(1) + "\"," + payload + "]");
            }
        }

        @Override
        public void onClose(WebSocket conn, int code, String reason, boolean remote) {
        }

        @Override
        public void onError(WebSocket conn, Exception ex) {
        }

        @Override
        public void onStart() {
        }

        /** The first frame received after {@code skip} frames that holds {@code part}. */
        String await(int skip, String part) {
            until(() -> received.stream().skip(skip).anyMatch(f -> f.contains(part)),
                    "a frame with " + part + "; received " + received);
            return received.stream().skip(skip).filter(f -> f.contains(part)).findFirst().orElseThrow();
        }
    }

    @BeforeEach
    void start() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        peer = new RawPeer(port);
        peer.start();
        fleet = new ChargePointFleet(new ChargePointFleet.Timing(Duration.ofMillis(20), Duration.ofMillis(300),
                Duration.ofMillis(100), Duration.ofSeconds(1)));
        ManualClock clock = new ManualClock(Instant.parse("2026-03-02T18:00:00Z"));
        cp = fleet.connect(ChargePointSettings.of(URI.create("ws://127.0.0.1:" + port + "/ocpp"), "CP-RAW", null),
                clock, s -> { });
        until(cp::isBooted, "a boot");
        peer.await(0, "[2,\"3\",\"StatusNotification\"");
    }

    @AfterEach
    void stop() throws Exception {
        fleet.close();
        peer.stop(1_000);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', textBlock = """
        # case                    | frame sent                                                   | answer
          a call without a payload | [2,"a1","Reset"]                                             | [4,"a1","FormationViolation","a CALL is [2, \\"<id>\\", \\"<action>\\", {payload}]",{}]
          an action that is a number | [2,"a2",5,{}]                                              | [4,"a2","FormationViolation",
          an action it does not know | [2,"a3","Reset",{"type":"Soft"}]                          | [4,"a3","NotImplemented","charge point CP-RAW does not implement the action 'Reset'",{}]
          a missing field           | [2,"a4","SetChargingProfile",{"connectorId":1}]              | [4,"a4","PropertyConstraintViolation","'SetChargingProfile.csChargingProfiles' is missing",{}]
          a field of the wrong type | [2,"a5","RemoteStopTransaction",{"transactionId":"seven"}]   | [4,"a5","TypeConstraintViolation","'RemoteStopTransaction.transactionId' must be an integer, not \\"seven\\"",{}]
          a limit below zero        | [2,"a6","SetChargingProfile",{"connectorId":1,"csChargingProfiles":{"chargingProfileId":1,"stackLevel":0,"chargingProfilePurpose":"TxDefaultProfile","chargingProfileKind":"Relative","chargingSchedule":{"chargingRateUnit":"A","chargingSchedulePeriod":[{"startPeriod":0,"limit":-6}]}}}] | [4,"a6","PropertyConstraintViolation","'SetChargingProfile.csChargingProfiles.chargingSchedule.chargingSchedulePeriod[0].limit' must not be negative, not -6",{}]
          a purpose OCPP has not    | [2,"a7","ClearChargingProfile",{"chargingProfilePurpose":"Cheap"}] | [4,"a7","PropertyConstraintViolation","'ClearChargingProfile.chargingProfilePurpose' must be one of [ChargePointMaxProfile, TxDefaultProfile, TxProfile], not \\"Cheap\\"",{}]
        """)
    void aCallItCannotTakeIsAnsweredWithACallErrorThatSaysWhy(String name, String frame, String answer) {
        int before = peer.received.size();
        peer.connection.send(frame);
        assertThat(peer.await(before, "[4,\"a")).startsWith(answer);
        assertThat(cp.counts().callErrorsSent()).isEqualTo(1);
        assertThat(cp.isBooted()).isTrue();
    }

    @Test
    void framesThatAreNotOcppAreCountedAndLeftUnanswered() {
        int before = peer.received.size();
        peer.connection.send("this is not JSON");
        peer.connection.send("{\"an\":\"object\"}");
        peer.connection.send("[3,\"no-such-call\",{}]");
        peer.connection.send("[9,\"x\",{}]");
        until(() -> cp.counts().badFrames() == 4, "four bad frames counted, not " + cp.counts());
        assertThat(cp.lastProblem()).isEqualTo("received a frame of unknown type 9: [9,\"x\",{}]");
        // still answering: a good call after the bad ones
        peer.connection.send("[2,\"ok\",\"GetConfiguration\",{\"key\":[\"NumberOfConnectors\"]}]");
        assertThat(peer.await(before, "[3,\"ok\""))
                .isEqualTo("[3,\"ok\",{\"configurationKey\":[{\"key\":\"NumberOfConnectors\",\"readonly\":true,"
                        + "\"value\":\"1\"}]}]");
    }

    @Test
    void anUnansweredTransactionMessageIsSentAgainAndThenGivenUp() {
        int before = peer.received.size();
        cp.plugIn(Car.typical(50));
        // Authorize goes unanswered: after the call timeout it is dropped, and the charge point waits in Preparing
        peer.await(before, "\"Authorize\",{\"idTag\":\"SIM-TAG-1\"}");
        until(() -> cp.counts().timeouts() == 1, "a timeout");
        assertThat(cp.status()).isEqualTo(ConnectorStatus.Preparing);
        assertThat(cp.lastProblem()).isEqualTo("Authorize got no answer within 300 ms");
        // a remote start begins a transaction whose StartTransaction is tried three times
        peer.connection.send("[2,\"rs\",\"RemoteStartTransaction\",{\"idTag\":\"T1\"}]");
        peer.await(before, "[3,\"rs\",{\"status\":\"Accepted\"}]");
        until(() -> peer.received.stream().filter(f -> f.contains("\"StartTransaction\"")).count() == 3
                && cp.counts().timeouts() == 4, "three attempts");
        assertThat(cp.transactionId()).isEmpty();
    }
}
