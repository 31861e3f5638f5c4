package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    private final IntervalCutter cutter;

    public QuarterBuilder() {
        this(DEFAULT_MAX_GAP);
    }

    public QuarterBuilder(Duration maxGap) {
        this.cutter = new IntervalCutter(Quarter.LENGTH.toSeconds(), maxGap.toSeconds());
    }

    /**
     * A builder that continues after a restart from the registers at the end of the last quarter it closed
     * (see {@link #lastBoundary()}), in that meter segment.
     */
    public static QuarterBuilder resumeAt(RegisterSnapshot boundary, int segment, Duration maxGap) {
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.at().getNano() != 0) {
            throw new IllegalArgumentException("resume at a quarter boundary, not at " + boundary.at());
        }
        QuarterBuilder builder = new QuarterBuilder(maxGap);
        try {
            builder.cutter.resume(boundary.at().getEpochSecond(), array(boundary.registers()), segment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume at a quarter boundary, not at " + boundary.at(), e);
        }
        return builder;
    }

    /** Takes a reading; returns the quarters it closed, oldest first (often none, at most many after a gap). */
    public List<ClosedQuarter> accept(RegisterSnapshot reading) {
        Objects.requireNonNull(reading, "reading");
        List<ClosedQuarter> closed = new ArrayList<>(1);
        cutter.accept(reading.at().getEpochSecond(), array(reading.registers()),
                (start, delta, estimated, segment) -> closed.add(new ClosedQuarter(
                        new Quarter(Instant.ofEpochSecond(start)),
                        segment, new QuarterEnergy(delta[0], delta[1], delta[2], delta[3]), estimated)));
        return closed.isEmpty() ? List.of() : closed;
    }

    private static long[] array(Registers r) {
        return new long[] {r.importDay(), r.importNight(), r.exportDay(), r.exportNight()};
    }

    /** The registers at the start of the quarter in progress, to persist for {@link #resumeAt}; empty if unknown. */
    public Optional<RegisterSnapshot> lastBoundary() {
        if (!cutter.started() || !cutter.currentKnown()) {
            return Optional.empty();
        }
        long[] r = cutter.currentRegisters();
        return Optional.of(new RegisterSnapshot(Instant.ofEpochSecond(cutter.currentStart()),
                new Registers(r[0], r[1], r[2], r[3])));
    }

    /** The meter segment readings now belong to; it grows by one each time a register goes down. */
    public int segment() {
        return cutter.segment();
    }

    /** Readings ignored because they were not later than the one before. */
    public long ignoredReadings() {
        return cutter.ignored();
    }

    /** Times a register went down. */
    public long segmentBreaks() {
        return cutter.segmentBreaks();
    }
}
