package org.meterkast.server.fleet;

/**
 * What one upsert changed of one series' boundary rows (a meter's quarters, or its gas or water hours), as the
 * statement returns them, and which boundaries the series' intervals must be computed again around.
 */
final class ChangedRows {
    private int rows;
    /** Changed rows that have a reading at or after their boundary: they close intervals. */
    private long firstClosing = Long.MAX_VALUE;
    private long lastClosing = Long.MIN_VALUE;
    /** Changed rows with no reading after their boundary yet: they only gained one before it. */
    private long firstOpen = Long.MAX_VALUE;
    private long lastOpen = Long.MIN_VALUE;

    /** A row of {@code boundary} changed; {@code closes}: it has a reading at or after the boundary. */
    void changed(long boundary, boolean closes) {
        rows++;
        if (closes) {
            firstClosing = Math.min(firstClosing, boundary);
            lastClosing = Math.max(lastClosing, boundary);
        } else {
            firstOpen = Math.min(firstOpen, boundary);
            lastOpen = Math.max(lastOpen, boundary);
        }
    }

    int rows() {
        return rows;
    }

    /** Whether some changed row only gained a reading before its boundary: then the latest interval made matters. */
    boolean anyOpen() {
        return firstOpen <= lastOpen;
    }

    /**
     * The boundaries to compute again around, {@code [first, last]}; empty (first after last) when none. A row that
     * only gained a reading before its boundary closes nothing, unless intervals were already made past it
     * ({@code latestMade}, the start of the series' last P1 interval, null for none): then it may be the nearest
     * reading before a silence they span.
     */
    long[] toCompute(Long latestMade, long intervalSeconds) {
        long first = firstClosing;
        long last = lastClosing;
        if (anyOpen() && latestMade != null && latestMade + intervalSeconds >= firstOpen) {
            first = Math.min(first, firstOpen);
            last = Math.max(last, lastOpen);
        }
        return new long[] {first, last};
    }
}
