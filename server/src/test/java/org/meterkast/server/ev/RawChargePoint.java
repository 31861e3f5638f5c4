package org.meterkast.server.ev;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A charge point made of the JDK's own WebSocket client and hand-written OCPP-J frames: no OCPP library between
 * the test and the wire, so it can send what a real library never would. It answers the server's calls as a
 * charger that accepts everything (GetConfiguration with the rate unit it was given), or stays silent.
 */
final class RawChargePoint implements AutoCloseable {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> answers = new LinkedBlockingQueue<>();
    /** every call the server made, in order */
    final List<JsonNode> serverCalls = new CopyOnWriteArrayList<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final AtomicInteger nextId = new AtomicInteger();
    private volatile boolean silent;
    private volatile String rateUnit = "Current";
    private WebSocket socket;

    /** Connects to {@code ws://127.0.0.1:port/ocpp/id} with Basic auth; fails with the refusal's HTTP status. */
    static RawChargePoint connect(int port, String id, String password) {
        RawChargePoint cp = new RawChargePoint();
        WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder().subprotocols("ocpp1.6")
                .connectTimeout(Duration.ofSeconds(5));
        if (password != null) {
            builder.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((id + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        cp.socket = builder.buildAsync(URI.create("ws://127.0.0.1:" + port + "/ocpp/" + id), cp.listener()).join();
        return cp;
    }

    /** The HTTP status with which the handshake was refused, or 101 when it was not. */
    static int handshakeStatus(int port, String id, String password) {
        try (RawChargePoint cp = connect(port, id, password)) {
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException refused) {
                return refused.getResponse().statusCode();
            }
            throw e;
        }
    }

    RawChargePoint silent() {
        silent = true;
        return this;
    }

    RawChargePoint rateUnit(String unit) {
        rateUnit = unit;
        return this;
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            private final StringBuilder text = new StringBuilder();

            @Override
            public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
                text.append(data);
                if (last) {
                    received(text.toString());
                    text.setLength(0);
                }
                ws.request(1);
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket ws, int statusCode, String reason) {
                closed.complete(statusCode);
                return null;
            }

            @Override
            public void onError(WebSocket ws, Throwable error) {
                closed.complete(-1);
            }
        };
    }

    private void received(String text) {
        JsonNode frame = JSON.readTree(text);
        if (frame.get(0).intValue() != 2) {
            answers.add(frame);
            return;
        }
        serverCalls.add(frame);
        if (silent) {
            return;
        }
        String id = frame.get(1).stringValue();
        String answer = switch (frame.get(2).stringValue()) {
            case "GetConfiguration" -> "{\"configurationKey\":[{\"key\":\"ChargingScheduleAllowedChargingRateUnit\","
                    + "\"readonly\":true,\"value\":\"" + rateUnit + "\"}]}";
            default -> "{\"status\":\"Accepted\"}";
        };
        send("[3,\"" + id + "\"," + answer + "]");
    }

    /** Sends a frame exactly as written; one at a time, as the JDK's client allows one send pending. */
    synchronized void send(String frame) {
        socket.sendText(frame, true).join();
    }

    /** Makes a call and returns the server's answer (a result or an error frame). */
    JsonNode call(String action, String payload) {
        String id = "c" + nextId.incrementAndGet();
        send("[2,\"" + id + "\",\"" + action + "\"," + payload + "]");
        return answerTo(id);
    }

    /** The server's next answer, which must carry this id. */
    JsonNode answerTo(String id) {
        JsonNode answer = nextAnswer();
        if (!answer.get(1).stringValue().equals(id)) {
            throw new AssertionError("expected the answer to " + id + ", got " + answer);
        }
        return answer;
    }

    JsonNode nextAnswer() {
        try {
            JsonNode answer = answers.poll(10, TimeUnit.SECONDS);
            if (answer == null) {
                throw new AssertionError("no answer within 10 s");
            }
            return answer;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** The server's calls of this action so far. */
    List<JsonNode> callsOf(String action) {
        return serverCalls.stream().filter(c -> c.get(2).stringValue().equals(action)).toList();
    }

    boolean isOpen() {
        return !socket.isOutputClosed() && !closed.isDone();
    }

    @Override
    public void close() {
        if (socket != null && !socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
    }

    static String boot() {
        return "{\"chargePointVendor\":\"Raw\",\"chargePointModel\":\"Frames\",\"firmwareVersion\":\"1.0\"}";
    }
}
