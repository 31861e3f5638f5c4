package org.meterkast.server.live;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Pushes each telegram's summary (event {@code telegram}) and each inverter reading ({@code solar}) to the
 * browsers watching that meter. Sending happens on a thread of its own, so a slow browser never holds up the
 * meter's reading thread.
 */
@Component
class LiveBroadcast implements DisposableBean {
    private final Map<String, List<SseEmitter>> watchers = new ConcurrentHashMap<>();
    private final ExecutorService sender = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "live-sse");
        t.setDaemon(true);
        return t;
    });

    /** A new stream for the meter; it lasts until the browser leaves or the server stops. */
    SseEmitter watch(String meter) {
        SseEmitter emitter = new SseEmitter(0L);
        List<SseEmitter> list = watchers.computeIfAbsent(meter, m -> new CopyOnWriteArrayList<>());
        list.add(emitter);
        emitter.onCompletion(() -> list.remove(emitter));
        emitter.onTimeout(() -> list.remove(emitter));
        emitter.onError(e -> list.remove(emitter));
        return emitter;
    }

    void send(String meter, LiveSummary summary) {
        send(meter, "telegram", summary);
    }

    /** The inverter's reading, as event {@code solar} on the same stream. */
    void sendSolar(String meter, SolarSummary summary) {
        send(meter, "solar", summary);
    }

    private void send(String meter, String event, Object summary) {
        List<SseEmitter> list = watchers.get(meter);
        if (list == null || list.isEmpty()) {
            return;
        }
        try {
            sender.execute(() -> {
                for (SseEmitter emitter : list) {
                    try {
                        emitter.send(SseEmitter.event().name(event).data(summary, MediaType.APPLICATION_JSON));
                    } catch (IOException | IllegalStateException e) {
                        // the browser went away: forget it, the others still get the summary
                        list.remove(emitter);
                    }
                }
            });
        } catch (RejectedExecutionException e) {
            // shutting down: no one to tell
        }
    }

    @Override
    public void destroy() {
        sender.shutdownNow();
        watchers.values().forEach(list -> list.forEach(SseEmitter::complete));
    }
}
