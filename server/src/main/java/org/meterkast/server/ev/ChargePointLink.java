package org.meterkast.server.ev;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.energy.device.DeviceException;
import org.springframework.web.socket.CloseStatus;
import org.springframework.web.socket.TextMessage;
import org.springframework.web.socket.WebSocketSession;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * One charge point's WebSocket connection as the central system uses it: sends answers and calls, and keeps the
 * calls this server makes in order. OCPP allows one call outstanding per direction, so further calls wait in a
 * queue; each is sent when the one before is answered or has timed out, and fails with a DeviceException when no
 * answer comes within the timeout. Nothing here waits: a caller gets a future.
 */
final class ChargePointLink {
    private static final AtomicLong NEXT_ID = new AtomicLong();

    /** A call this server made, waiting for its answer. */
    private static final class Outgoing {
        final String uniqueId;
        final String action;
        final JsonNode payload;
        final CompletableFuture<JsonNode> answer = new CompletableFuture<>();
        ScheduledFuture<?> timeout;

        Outgoing(String uniqueId, String action, JsonNode payload) {
            this.uniqueId = uniqueId;
            this.action = action;
            this.payload = payload;
        }
    }

    /** Told the outcome of each call: answered, or failed (an error, no answer, the connection gone). */
    interface Outcomes {
        void answered(String action, boolean ok);
    }

    private final String chargePointId;
    private final WebSocketSession socket;
    private final JsonMapper json;
    private final ScheduledExecutorService timers;
    private final Duration timeout;
    private final Outcomes outcomes;
    private final Deque<Outgoing> waiting = new ArrayDeque<>();
    private Outgoing current;
    private boolean closed;

    ChargePointLink(String chargePointId, WebSocketSession socket, JsonMapper json, ScheduledExecutorService timers,
                    Duration timeout, Outcomes outcomes) {
        this.chargePointId = chargePointId;
        this.socket = socket;
        this.json = json;
        this.timers = timers;
        this.timeout = timeout;
        this.outcomes = outcomes;
    }

    String chargePointId() {
        return chargePointId;
    }

    WebSocketSession socket() {
        return socket;
    }

    /** Sends a frame's text (an answer to the charger's call); the socket's decorator makes this thread-safe. */
    void send(String text) throws IOException {
        socket.sendMessage(new TextMessage(text));
    }

    /** Calls the charger; the future completes with the answer's payload, or with a DeviceException. */
    CompletableFuture<JsonNode> call(String action, JsonNode payload) {
        Outgoing call = new Outgoing(Long.toString(NEXT_ID.incrementAndGet(), 36), action, payload);
        boolean sendNow;
        synchronized (this) {
            if (closed) {
                call.answer.completeExceptionally(new DeviceException("OCPP " + chargePointId + " is not connected"));
                return call.answer;
            }
            sendNow = current == null;
            if (sendNow) {
                current = call;
            } else {
                waiting.add(call);
            }
        }
        if (sendNow) {
            transmit(call);
        }
        return call.answer;
    }

    private void transmit(Outgoing call) {
        call.timeout = timers.schedule(() -> finish(call, null, new DeviceException("OCPP " + chargePointId
                + " did not answer " + call.action + " within " + timeout.toSeconds() + " s")),
                timeout.toMillis(), TimeUnit.MILLISECONDS);
        try {
            send(OcppFrame.call(json, call.uniqueId, call.action, call.payload));
        } catch (IOException | IllegalStateException e) {
            finish(call, null, new DeviceException("OCPP " + chargePointId + ": " + call.action + " could not be sent",
                    e));
        }
    }

    /**
     * An answer (result or error) the charger sent: completes the call it answers. Returns false when it answers
     * no call outstanding (a late answer to a call that timed out, or an id never used).
     */
    boolean answered(OcppFrame answer) {
        Outgoing call;
        synchronized (this) {
            call = current;
        }
        if (call == null || !call.uniqueId.equals(answer.uniqueId())) {
            return false;
        }
        if (answer instanceof OcppFrame.CallResult result) {
            finish(call, result.payload(), null);
        } else if (answer instanceof OcppFrame.CallError error) {
            finish(call, null, new DeviceException("OCPP " + chargePointId + " answered " + call.action + " with "
                    + error.code() + (error.description().isBlank() ? "" : ": " + error.description())));
        }
        return true;
    }

    private void finish(Outgoing call, JsonNode result, DeviceException failure) {
        Outgoing next;
        synchronized (this) {
            if (current != call) {
                return;         // already finished: answered and timed out at the same moment
            }
            current = closed ? null : waiting.poll();
            next = current;
        }
        if (call.timeout != null) {
            call.timeout.cancel(false);
        }
        outcomes.answered(call.action, failure == null);
        if (failure == null) {
            call.answer.complete(result);
        } else {
            call.answer.completeExceptionally(failure);
        }
        if (next != null) {
            transmit(next);
        }
    }

    /** The connection is gone (closed, or replaced by a new one): every call still open fails. */
    void closed(String why) {
        Outgoing open;
        Deque<Outgoing> queued;
        synchronized (this) {
            closed = true;
            open = current;
            current = null;
            queued = new ArrayDeque<>(waiting);
            waiting.clear();
        }
        DeviceException failure = new DeviceException("OCPP " + chargePointId + " " + why);
        if (open != null) {
            if (open.timeout != null) {
                open.timeout.cancel(false);
            }
            open.answer.completeExceptionally(failure);
        }
        for (Outgoing q : queued) {
            q.answer.completeExceptionally(failure);
        }
    }

    /** Closes the socket, e.g. when a newer connection of the same charger replaces it. */
    void close(CloseStatus status, String why) {
        closed(why);
        try {
            socket.close(status);
        } catch (IOException e) {
            // it is gone either way
        }
    }
}
