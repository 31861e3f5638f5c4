package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a meter's register readings into closed quarter hours. The energy of a quarter is the registers at its
 * end minus at its start, each boundary found by straight-line interpolation between the readings around it;
 * registers, not power samples, carry the energy, so a lost telegram or a day offline loses nothing.
 *
 * <ul>
 * <li>Quarters spanned by a gap longer than {@code maxGap} get the gap's energy spread evenly over them, exactly
 *     (the pieces add up to the registers' difference), and are marked estimated.</li>
 * <li>A register that goes down (meter swap, reset) starts a new segment; the quarter in progress is dropped
 *     rather than stored with a wrong value, and no energy is ever negative.</li>
 * <li>The first reading of a segment falls inside a quarter whose start is unknown: that quarter is not emitted.
 *     After a restart, {@link #resumeAt} continues from the last boundary stored, so the quarter in which the
 *     restart happened still closes with its whole energy.</li>
 * <li>A reading not later than the previous one is ignored and counted.</li>
 * </ul>
 * One builder serves one meter, from one thread.
 */
public final class QuarterBuilder {
    /** Readings further apart than this make the quarter boundaries between them estimates. */
    public static final Duration DEFAULT_MAX_GAP = Duration.ofMinutes(2);

    private final long maxGapSeconds;
    private RegisterSnapshot last;
    private Quarter current;
    private Registers currentStart;
    private boolean currentKnown;
    private boolean currentEstimated;
    private int segment;
    private long ignored;
    private long segmentBreaks;

    public QuarterBuilder() {
        this(DEFAULT_MAX_GAP);
    }

    public QuarterBuilder(Duration maxGap) {
        if (maxGap.isNegative() || maxGap.isZero()) {
            throw new IllegalArgumentException("maxGap must be positive, not " + maxGap);
        }
        this.maxGapSeconds = maxGap.toSeconds();
    }

    /**
     * A builder that continues after a restart from the registers at the end of the last quarter it closed
     * (see {@link #lastBoundary()}), in that meter segment.
     */
    public static QuarterBuilder resumeAt(RegisterSnapshot boundary, int segment, Duration maxGap) {
        Objects.requireNonNull(boundary, "boundary");
        Quarter quarter = Quarter.containing(boundary.at());
        if (!quarter.start().equals(boundary.at())) {
            throw new IllegalArgumentException("resume at a quarter boundary, not at " + boundary.at());
        }
        QuarterBuilder builder = new QuarterBuilder(maxGap);
        builder.segment = segment;
        builder.begin(boundary);
        return builder;
    }

    /** Takes a reading; returns the quarters it closed, oldest first (often none, at most many after a gap). */
    public List<ClosedQuarter> accept(RegisterSnapshot reading) {
        Objects.requireNonNull(reading, "reading");
        if (last == null) {
            begin(reading);
            return List.of();
        }
        if (!reading.at().isAfter(last.at())) {
            ignored++;
            return List.of();
        }
        if (reading.registers().anyBelow(last.registers())) {
            segment++;
            segmentBreaks++;
            begin(reading);
            return List.of();
        }
        long span = reading.at().getEpochSecond() - last.at().getEpochSecond();
        boolean longGap = span > maxGapSeconds;
        List<ClosedQuarter> closed = List.of();
        for (Instant boundary = current.end(); !boundary.isAfter(reading.at()); boundary = current.end()) {
            long elapsed = boundary.getEpochSecond() - last.at().getEpochSecond();
            Registers atBoundary = last.registers().interpolate(reading.registers(), elapsed, span);
            if (currentKnown) {
                if (closed.isEmpty()) {
                    closed = new ArrayList<>(2);
                }
                closed.add(new ClosedQuarter(current, segment, atBoundary.minus(currentStart),
                        currentEstimated || longGap));
            }
            current = current.plus(1);
            currentStart = atBoundary;
            currentKnown = true;
            currentEstimated = longGap;
        }
        last = reading;
        return closed;
    }

    private void begin(RegisterSnapshot reading) {
        last = reading;
        current = Quarter.containing(reading.at());
        currentKnown = current.start().equals(reading.at());
        currentStart = reading.registers();
        currentEstimated = false;
    }

    /** The registers at the start of the quarter in progress, to persist for {@link #resumeAt}; empty if unknown. */
    public java.util.Optional<RegisterSnapshot> lastBoundary() {
        return currentKnown
                ? java.util.Optional.of(new RegisterSnapshot(current.start(), currentStart))
                : java.util.Optional.empty();
    }

    /** The meter segment readings now belong to; it grows by one each time a register goes down. */
    public int segment() {
        return segment;
    }

    /** Readings ignored because they were not later than the one before. */
    public long ignoredReadings() {
        return ignored;
    }

    /** Times a register went down. */
    public long segmentBreaks() {
        return segmentBreaks;
    }
}
