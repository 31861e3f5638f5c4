package org.meterkast.server.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.stereotype.Component;

/**
 * Slows password guessing: after 5 failed logins for one e-mail, or 20 from one address, within 15 minutes, further
 * attempts are refused until the oldest failure is 15 minutes old. Kept in memory per node: a cluster of N nodes
 * allows at most N times as many, which still stops guessing.
 */
@Component
public class LoginThrottle {
    static final Duration WINDOW = Duration.ofMinutes(15);
    static final int PER_EMAIL = 5;
    static final int PER_ADDRESS = 20;
    /** Beyond this many remembered keys the oldest-looking ones are dropped, so a flood cannot fill the heap. */
    private static final int MAX_KEYS = 10_000;

    private final Clock clock;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();
    private final AtomicLong refused = new AtomicLong();

    LoginThrottle(Clock clock) {
        this.clock = clock;
    }

    /** How long to wait before trying again, or empty when an attempt may be made now. */
    public Optional<Duration> wait(String email, String address) {
        Instant now = clock.instant();
        Optional<Duration> wait = longest(waitFor("e:" + email, PER_EMAIL, now), waitFor("a:" + address, PER_ADDRESS, now));
        wait.ifPresent(w -> refused.incrementAndGet());
        return wait;
    }

    public void failed(String email, String address) {
        if (failures.size() > MAX_KEYS) {
            failures.clear();
        }
        Instant now = clock.instant();
        record("e:" + email, now);
        record("a:" + address, now);
    }

    public void succeeded(String email) {
        failures.remove("e:" + email);
    }

    /** Attempts refused since the start, for the logs and metrics. */
    public long refused() {
        return refused.get();
    }

    private void record(String key, Instant now) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(now);
            prune(times, now);
        }
    }

    private Optional<Duration> waitFor(String key, int limit, Instant now) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return Optional.empty();
        }
        synchronized (times) {
            prune(times, now);
            if (times.size() < limit) {
                return Optional.empty();
            }
            // the attempt that frees a place is when the failure `limit` back from the newest leaves the window
            Instant freed = times.stream().skip(times.size() - limit).findFirst().orElseThrow().plus(WINDOW);
            return Optional.of(Duration.between(now, freed));
        }
    }

    private static void prune(Deque<Instant> times, Instant now) {
        while (!times.isEmpty() && !times.peekFirst().plus(WINDOW).isAfter(now)) {
            times.removeFirst();
        }
    }

    private static Optional<Duration> longest(Optional<Duration> a, Optional<Duration> b) {
        if (a.isEmpty()) {
            return b;
        }
        if (b.isEmpty()) {
            return a;
        }
        return a.get().compareTo(b.get()) >= 0 ? a : b;
    }
}
