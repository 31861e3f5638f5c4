package org.meterkast.server.fleet;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A real intake for the carrier's tests: writes down each message it is handed (meter and text) and answers it as
 * the test says: at once, after a while on another thread, never (held until the test lets go), or with a failure.
 */
final class RecordingIntake implements TelegramIntake {
    record Got(String meter, String text) {
    }

    final List<Got> got = new CopyOnWriteArrayList<>();
    private final Queue<CompletableFuture<Void>> held = new ConcurrentLinkedQueue<>();
    private final ScheduledExecutorService later = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "intake-store");
        t.setDaemon(true);
        return t;
    });
    private volatile boolean hold;
    private volatile long delayMs;
    /** Messages that fail (once each): the test's stand-in for a store that failed. */
    private volatile Predicate<Got> failing = g -> false;
    private final List<Got> failed = new CopyOnWriteArrayList<>();

    @Override
    public CompletableFuture<Void> accept(String meter, byte[] payload) {
        Got g = new Got(meter, new String(payload, StandardCharsets.US_ASCII));
        got.add(g);
        if (failing.test(g) && !failed.contains(g)) {
            failed.add(g);
            return CompletableFuture.failedFuture(new IllegalStateException("the store is away"));
        }
        CompletableFuture<Void> answer = new CompletableFuture<>();
        if (hold) {
            held.add(answer);
        } else if (delayMs > 0) {
            // completed on another thread, as a store's flush does
            later.schedule(() -> answer.complete(null), delayMs, TimeUnit.MILLISECONDS);
        } else {
            answer.complete(null);
        }
        return answer;
    }

    /** From now on, answers nothing until {@link #failHeld()}. */
    RecordingIntake holding() {
        hold = true;
        return this;
    }

    RecordingIntake answeringAfter(long millis) {
        delayMs = millis;
        return this;
    }

    RecordingIntake failingOnce(Predicate<Got> which) {
        failing = which;
        return this;
    }

    List<Got> failed() {
        return failed;
    }

    /** The held messages fail, as in a node killed before it stored them: none is acknowledged. */
    void failHeld() {
        hold = false;
        for (CompletableFuture<Void> f; (f = held.poll()) != null; ) {
            f.completeExceptionally(new IllegalStateException("killed"));
        }
    }

    List<String> texts() {
        return got.stream().map(Got::text).toList();
    }
}
