package org.meterkast.server.storage;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One device's readings turned into quarter hours: a signed power integrated over time by the trapezoid rule between
 * consecutive readings (a power that changes sign between two readings is split where the straight line crosses
 * zero), and a level (a battery's state of charge, a boiler's temperature) averaged over time the same way, with its
 * lowest, highest and last value. A pair of readings that straddles a quarter's boundary is cut there, the power and
 * level interpolated at the boundary. Readings further apart than {@link #MAX_GAP_MS} are not integrated: nothing is
 * known of what happened between them, and the quarter's {@code measuredMs} says how much of it was seen. A quarter
 * that no pair of readings covered (a single reading in it) is not given out: it holds no energy and no average.
 *
 * <p>The trapezoid rather than the left rectangle: readings are instants of a power that ramps (a battery following
 * the household's load, a modulated element), and the trapezoid is exact for a ramp and for a steady power alike.
 * Not thread-safe: its owner holds it under a lock.
 */
final class QuarterAccumulator {
    /** Readings further apart than this are not integrated (the loop reads every few seconds). */
    static final long MAX_GAP_MS = 120_000;
    static final long QUARTER_MS = 900_000;
    private static final double WS_PER_WH = 3600.0;

    /**
     * A closed (or, on a flush, partial) quarter.
     *
     * @param startMs        the quarter's start, epoch ms
     * @param positiveWh     the energy that flowed in (power above zero), Wh
     * @param negativeWh     the energy that flowed out (power below zero), as a positive figure, Wh
     * @param levelAverage   the level averaged over {@code levelMs}; NaN when no level was known
     * @param levelMs        the time with a level known on both sides
     * @param levelEnd       the last level known in the quarter (interpolated at its end where readings straddle
     *                       it); NaN when none
     * @param levelMin       the lowest level seen; NaN when none
     * @param levelMax       the highest level seen; NaN when none
     * @param measuredMs     the time covered by pairs of readings no further apart than {@link #MAX_GAP_MS}
     * @param firstMs        the first instant of the quarter a reading covered
     * @param lastMs         the last
     */
    record Closed(long startMs, double positiveWh, double negativeWh, double levelAverage, long levelMs,
                  double levelEnd, double levelMin, double levelMax, long measuredMs, long firstMs, long lastMs) {
    }

    /** A reading: when, the power (W, signed as {@code Power}) and the level (NaN when not known). */
    record Sample(long atMs, double watts, double level) {
    }

    private Sample last;
    private long quarterStart = Long.MIN_VALUE;
    private double positiveWs;
    private double negativeWs;
    private double levelIntegral;
    private long levelMs;
    private double levelEnd = Double.NaN;
    private double levelMin = Double.NaN;
    private double levelMax = Double.NaN;
    private long measuredMs;
    private long firstMs;
    private long lastMs;
    private long ignored;

    /** Adds a reading; returns the quarters it closed, oldest first. A reading older than the last is ignored. */
    List<Closed> add(Sample s) {
        List<Closed> closed = new ArrayList<>(1);
        if (last != null && s.atMs() <= last.atMs()) {
            ignored++;
            return closed;
        }
        if (last == null || s.atMs() - last.atMs() > MAX_GAP_MS) {
            // no integration over the gap: close what was open and start afresh at this reading
            if (last != null && startOf(s.atMs()) != quarterStart && measuredMs > 0) {
                closed.add(close());
            }
            if (quarterStart != startOf(s.atMs())) {
                open(startOf(s.atMs()), s.atMs());
            }
            seeLevel(s.level());
            lastMs = Math.max(lastMs, s.atMs());
            last = s;
            return closed;
        }
        Sample from = last;
        while (startOf(s.atMs()) != quarterStart) {
            long boundary = quarterStart + QUARTER_MS;
            Sample cut = between(from, s, boundary);
            integrate(from, cut);
            if (measuredMs > 0) {
                closed.add(close());
            }
            open(boundary, boundary);
            seeLevel(cut.level());
            from = cut;
        }
        integrate(from, s);
        last = s;
        return closed;
    }

    /**
     * The quarter open, closed when {@code nowMs} is past its end by more than {@link #MAX_GAP_MS} (no reading can
     * add to it any more); else empty.
     */
    Optional<Closed> closeIfOver(long nowMs) {
        if (last == null || quarterStart == Long.MIN_VALUE || nowMs <= quarterStart + QUARTER_MS + MAX_GAP_MS) {
            return Optional.empty();
        }
        Closed c = close();
        quarterStart = Long.MIN_VALUE;
        last = null;
        return c.measuredMs() > 0 ? Optional.of(c) : Optional.empty();
    }

    /** What the open quarter holds so far (at a shutdown), without closing it; empty when nothing is open. */
    Optional<Closed> partial() {
        if (last == null || quarterStart == Long.MIN_VALUE || measuredMs == 0) {
            return Optional.empty();
        }
        return Optional.of(snapshot());
    }

    /** How many readings came out of order and were left out. */
    long ignored() {
        return ignored;
    }

    static long startOf(long ms) {
        return Math.floorDiv(ms, QUARTER_MS) * QUARTER_MS;
    }

    private void open(long start, long firstAt) {
        quarterStart = start;
        positiveWs = 0;
        negativeWs = 0;
        levelIntegral = 0;
        levelMs = 0;
        levelEnd = Double.NaN;
        levelMin = Double.NaN;
        levelMax = Double.NaN;
        measuredMs = 0;
        firstMs = firstAt;
        lastMs = firstAt;
    }

    private Closed close() {
        return snapshot();
    }

    private Closed snapshot() {
        return new Closed(quarterStart, positiveWs / WS_PER_WH, negativeWs / WS_PER_WH,
                levelMs == 0 ? (Double.isNaN(levelEnd) ? Double.NaN : levelEnd) : levelIntegral / levelMs, levelMs,
                levelEnd, levelMin, levelMax, measuredMs, firstMs, lastMs);
    }

    private void seeLevel(double level) {
        if (Double.isNaN(level)) {
            return;
        }
        levelEnd = level;
        levelMin = Double.isNaN(levelMin) ? level : Math.min(levelMin, level);
        levelMax = Double.isNaN(levelMax) ? level : Math.max(levelMax, level);
    }

    /** The straight line between two readings at {@code atMs}. */
    private static Sample between(Sample a, Sample b, long atMs) {
        double f = (double) (atMs - a.atMs()) / (b.atMs() - a.atMs());
        double level = Double.isNaN(a.level()) || Double.isNaN(b.level()) ? Double.NaN
                : a.level() + f * (b.level() - a.level());
        return new Sample(atMs, a.watts() + f * (b.watts() - a.watts()), level);
    }

    /** Adds the trapezoid between two readings inside the open quarter. */
    private void integrate(Sample a, Sample b) {
        long ms = b.atMs() - a.atMs();
        double seconds = ms / 1000.0;
        double p0 = a.watts();
        double p1 = b.watts();
        if (p0 >= 0 && p1 >= 0) {
            positiveWs += (p0 + p1) / 2 * seconds;
        } else if (p0 <= 0 && p1 <= 0) {
            negativeWs -= (p0 + p1) / 2 * seconds;
        } else {
            // the line crosses zero at f: a triangle on each side
            double f = p0 / (p0 - p1);
            double before = p0 / 2 * seconds * f;
            double after = p1 / 2 * seconds * (1 - f);
            if (before > 0) {
                positiveWs += before;
                negativeWs -= after;
            } else {
                negativeWs -= before;
                positiveWs += after;
            }
        }
        if (!Double.isNaN(a.level()) && !Double.isNaN(b.level())) {
            levelIntegral += (a.level() + b.level()) / 2 * ms;
            levelMs += ms;
        }
        seeLevel(b.level());
        measuredMs += ms;
        lastMs = b.atMs();
    }
}
