package org.meterkast.energy.quarter;

import java.util.Arrays;

/**
 * The arithmetic shared by the quarter-hour (electricity) and hourly (gas, water) builders: cuts cumulative
 * registers into fixed clock intervals by straight-line interpolation at each boundary, rounding down so the
 * pieces of any span add up exactly to its difference. Intervals are aligned on UTC, which for whole-hour
 * offsets such as Brussels' are also local boundaries.
 */
final class IntervalCutter {
    /** Receives each interval closed, oldest first. */
    interface Sink {
        void closed(long startEpochSecond, long[] delta, long[] atEnd, boolean estimated, int segment);
    }

    private final long intervalSeconds;
    private final long maxGapSeconds;
    private long lastAt;
    private long[] last;
    private long currentStart;
    private long[] currentRegisters;
    private boolean currentKnown;
    private boolean currentEstimated;
    private int segment;
    private long ignored;
    private long segmentBreaks;
    /** Grows whenever the interval in progress, its start registers or the segment change. */
    private long currentChanges;

    IntervalCutter(long intervalSeconds, long maxGapSeconds) {
        if (maxGapSeconds <= 0) {
            throw new IllegalArgumentException("the largest gap must be positive, not " + maxGapSeconds + " s");
        }
        this.intervalSeconds = intervalSeconds;
        this.maxGapSeconds = maxGapSeconds;
    }

    void accept(long at, long[] registers, Sink sink) {
        for (long r : registers) {
            if (r < 0) {
                throw new IllegalArgumentException("registers cannot be negative: " + Arrays.toString(registers));
            }
        }
        if (last == null) {
            begin(at, registers);
            return;
        }
        if (registers.length != last.length) {
            throw new IllegalArgumentException("expected " + last.length + " registers, not " + registers.length);
        }
        if (at <= lastAt) {
            ignored++;
            return;
        }
        for (int i = 0; i < registers.length; i++) {
            if (registers[i] < last[i]) {
                segment++;
                segmentBreaks++;
                begin(at, registers);
                return;
            }
        }
        long span = at - lastAt;
        boolean longGap = span > maxGapSeconds;
        for (long boundary = currentStart + intervalSeconds; boundary <= at; boundary = currentStart + intervalSeconds) {
            long elapsed = boundary - lastAt;
            long[] atBoundary = new long[registers.length];
            long[] delta = new long[registers.length];
            for (int i = 0; i < registers.length; i++) {
                atBoundary[i] = last[i] + Math.floorDiv(Math.multiplyExact(registers[i] - last[i], elapsed), span);
                delta[i] = atBoundary[i] - currentRegisters[i];
            }
            if (currentKnown) {
                sink.closed(currentStart, delta, atBoundary, currentEstimated || longGap, segment);
            }
            currentStart = boundary;
            currentRegisters = atBoundary;
            currentKnown = true;
            currentEstimated = longGap;
            currentChanges++;
        }
        lastAt = at;
        last = registers.clone();
    }

    void begin(long at, long[] registers) {
        lastAt = at;
        last = registers.clone();
        currentStart = Math.floorDiv(at, intervalSeconds) * intervalSeconds;
        currentKnown = currentStart == at;
        currentRegisters = last;
        currentEstimated = false;
        currentChanges++;
    }

    /** Goes on from a reading at a new level as a new segment, as after a register that went down. */
    void restart(long at, long[] registers) {
        segment++;
        begin(at, registers);
    }

    void resume(long boundary, long[] registers, int segment) {
        if (Math.floorMod(boundary, intervalSeconds) != 0) {
            throw new IllegalArgumentException("resume at an interval boundary, not at " + java.time.Instant.ofEpochSecond(boundary));
        }
        this.segment = segment;
        begin(boundary, registers);
    }

    boolean started() {
        return last != null;
    }

    boolean currentKnown() {
        return currentKnown;
    }

    long currentStart() {
        return currentStart;
    }

    long[] currentRegisters() {
        return currentRegisters.clone();
    }

    int segment() {
        return segment;
    }

    /**
     * A number that changes whenever {@link #started()}, {@link #currentKnown()}, {@link #currentStart()},
     * {@link #currentRegisters()} or {@link #segment()} may have: what a builder's boundary is made of, which stays
     * the same for every reading of an interval.
     */
    long currentChanges() {
        return currentChanges;
    }

    long ignored() {
        return ignored;
    }

    long segmentBreaks() {
        return segmentBreaks;
    }
}
