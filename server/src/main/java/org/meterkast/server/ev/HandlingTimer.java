package org.meterkast.server.ev;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * How long this server takes to handle a charger's message, from its text received to its answer handed to the
 * socket, in buckets of 5 µs up to 10 ms (one more bucket above), so percentiles cost no allocation per message
 * and no lock. Read for the counters and the load test.
 */
final class HandlingTimer {
    static final long BUCKET_NANOS = 5_000;
    private static final int BUCKETS = 2_000;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS + 1);
    private final AtomicLong max = new AtomicLong();

    void record(long nanos) {
        int bucket = (int) Math.min(BUCKETS, Math.max(0, nanos) / BUCKET_NANOS);
        counts.incrementAndGet(bucket);
        max.accumulateAndGet(nanos, Math::max);
    }

    /** The messages timed, and their p50, p99 and maximum, µs (a percentile is its bucket's upper edge). */
    record Summary(long messages, double p50Micros, double p99Micros, double p999Micros, double maxMicros) {
    }

    Summary summary() {
        long[] snapshot = new long[BUCKETS + 1];
        long total = 0;
        for (int i = 0; i <= BUCKETS; i++) {
            snapshot[i] = counts.get(i);
            total += snapshot[i];
        }
        double maxMicros = max.get() / 1000.0;
        return new Summary(total, percentile(snapshot, total, 0.50, maxMicros),
                percentile(snapshot, total, 0.99, maxMicros), percentile(snapshot, total, 0.999, maxMicros), maxMicros);
    }

    private static double percentile(long[] counts, long total, double p, double maxMicros) {
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(p * total);
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return i == BUCKETS ? maxMicros : Math.min(maxMicros, (i + 1) * BUCKET_NANOS / 1000.0);
            }
        }
        return maxMicros;
    }

    void reset() {
        for (int i = 0; i <= BUCKETS; i++) {
            counts.set(i, 0);
        }
        max.set(0);
    }
}
