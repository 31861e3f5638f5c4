package org.meterkast.server.account;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * At most {@code limit} attempts per key (a client address, an e-mail) within a sliding window. Kept in memory per
 * node, with a bounded number of keys so a flood of distinct keys cannot fill the heap.
 */
final class AttemptLimit {
    private static final int MAX_KEYS = 10_000;

    private final int limit;
    private final Duration window;
    private final Clock clock;
    private final Map<String, Deque<Instant>> attempts = new ConcurrentHashMap<>();

    AttemptLimit(int limit, Duration window, Clock clock) {
        this.limit = limit;
        this.window = window;
        this.clock = clock;
    }

    /** Counts an attempt and answers empty when it may be made now; else how long until one may, counting nothing. */
    Optional<Duration> attempt(String key) {
        if (attempts.size() > MAX_KEYS) {
            attempts.clear();
        }
        Instant now = clock.instant();
        Deque<Instant> times = attempts.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            while (!times.isEmpty() && !times.peekFirst().plus(window).isAfter(now)) {
                times.removeFirst();
            }
            if (times.size() >= limit) {
                Instant freed = times.stream().skip(times.size() - limit).findFirst().orElseThrow().plus(window);
                return Optional.of(Duration.between(now, freed));
            }
            times.addLast(now);
            return Optional.empty();
        }
    }

    Duration window() {
        return window;
    }
}
