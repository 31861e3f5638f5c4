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
 * <li>A step up larger than the connection can carry ({@link ConnectionLimit}, over the time between the
 *     readings or one quarter hour, whichever is longer) is held until the readings after it decide:
 *     <ul>
 *     <li>a reading back within the limit of the last good one (the registers returned to their trajectory)
 *         makes the held readings a glitch: they are dropped and the quarters made from the good readings around
 *         them, estimated only where that span is longer than {@code maxGap};</li>
 *     <li>readings that stay at the new level, at least {@value #CONFIRMING_READINGS} after the step and over at
 *         least a quarter hour, make it real (a replaced meter, a register set anew): the quarters of the step are
 *         never billed, and the meter goes on from the new level as a new segment.</li>
 *     </ul>
 *     Either way the step is reported as a {@link Quarantine}, with the readings on either side. A quarter whose
 *     steps were each within the limit but together above it is reported the same way instead of closed.</li>
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
    /**
     * Readings after a step that must agree with its new level before it is taken as real: one reading could be
     * the same glitch repeated, three over a quarter hour are a meter that counts from there.
     */
    public static final int CONFIRMING_READINGS = 3;
    /** How long the readings after a step must stay at its level before it is taken as real. */
    public static final Duration CONFIRMING_SPAN = Quarter.LENGTH;
    /** Readings held at most while a step is undecided: a meter sending faster than one a second is decided sooner. */
    static final int MOST_HELD = 4096;

    private final IntervalCutter cutter;
    private final ConnectionLimit limit;
    /** The last reading given to the cutter: the trajectory a step is judged against. */
    private RegisterSnapshot lastGood;
    /** Readings from a step above the limit on, until the readings after it decide. */
    private final List<RegisterSnapshot> held = new ArrayList<>();
    private List<Quarantine> quarantined = new ArrayList<>(1);
    private long quarantines;
    private long ignoredWhileHeld;
    /**
     * Where the quarters closed by the reading being cut go, null until one is: one sink for every reading, as most
     * close none and a list and a sink each would be made for nothing.
     */
    private List<ClosedQuarter> cutInto;
    private final IntervalCutter.Sink sink = this::closed;
    /** {@link #lastBoundary()} as last made, and the cutter's {@link IntervalCutter#currentChanges()} it was made at. */
    private Optional<RegisterSnapshot> boundary = Optional.empty();
    private long boundaryOf = -1;

    public QuarterBuilder() {
        this(DEFAULT_MAX_GAP, ConnectionLimit.MAIN_FUSE);
    }

    public QuarterBuilder(Duration maxGap) {
        this(maxGap, ConnectionLimit.MAIN_FUSE);
    }

    public QuarterBuilder(Duration maxGap, ConnectionLimit limit) {
        this.cutter = new IntervalCutter(Quarter.LENGTH.toSeconds(), maxGap.toSeconds());
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /**
     * A builder that continues after a restart from the registers at the end of the last quarter it closed
     * (see {@link #lastBoundary()}), in that meter segment, under the main fuse's limit.
     */
    public static QuarterBuilder resumeAt(RegisterSnapshot boundary, int segment, Duration maxGap) {
        return resumeAt(boundary, segment, maxGap, ConnectionLimit.MAIN_FUSE);
    }

    /**
     * A builder that continues after a restart from the registers at the end of the last quarter it closed
     * (see {@link #lastBoundary()}), in that meter segment.
     */
    public static QuarterBuilder resumeAt(RegisterSnapshot boundary, int segment, Duration maxGap,
                                          ConnectionLimit limit) {
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.at().getNano() != 0) {
            throw new IllegalArgumentException("resume at a quarter boundary, not at " + boundary.at());
        }
        QuarterBuilder builder = new QuarterBuilder(maxGap, limit);
        try {
            builder.cutter.resume(boundary.at().getEpochSecond(), array(boundary.registers()), segment);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("resume at a quarter boundary, not at " + boundary.at(), e);
        }
        builder.lastGood = boundary;
        return builder;
    }

    /**
     * Takes a reading; returns the quarters it closed, oldest first (often none, at most many after a gap or when
     * a step is decided). What it put in quarantine is then in {@link #takeQuarantined()}.
     */
    public List<ClosedQuarter> accept(RegisterSnapshot reading) {
        Objects.requireNonNull(reading, "reading");
        Registers registers = reading.registers();
        if (held.isEmpty()) {
            if (lastGood != null && reading.at().isAfter(lastGood.at()) && !registers.anyBelow(lastGood.registers())
                    && !limit.carries(lastGood, reading)) {
                held.add(reading);
                return List.of();
            }
            return cut(reading, null);
        }
        RegisterSnapshot last = held.get(held.size() - 1);
        if (!reading.at().isAfter(last.at())) {
            ignoredWhileHeld++;
            return List.of();
        }
        if (registers.anyBelow(lastGood.registers()) || limit.carries(lastGood, reading)) {
            // back on the trajectory from before the step (or a register below it, a new segment as ever)
            quarantine(held.get(0), Quarantine.Resolution.SPIKE_DISCARDED);
            held.clear();
            return cut(reading, null);
        }
        if (registers.anyBelow(last.registers()) || !limit.carries(last, reading)) {
            // neither the old level nor the held one: the held readings were a glitch, this one a step of its own
            quarantine(held.get(0), Quarantine.Resolution.SPIKE_DISCARDED);
            held.clear();
            held.add(reading);
            return List.of();
        }
        held.add(reading);
        RegisterSnapshot step = held.get(0);
        boolean confirmed = held.size() > CONFIRMING_READINGS
                && Duration.between(step.at(), reading.at()).compareTo(CONFIRMING_SPAN) >= 0;
        if (!confirmed && held.size() < MOST_HELD) {
            return List.of();
        }
        quarantine(step, Quarantine.Resolution.NEW_LEVEL);
        cutter.restart(step.at().getEpochSecond(), array(step.registers()));
        lastGood = step;
        // one list for all: a reading that closes none answers List.of(), which the next could not add to
        List<ClosedQuarter> closed = new ArrayList<>();
        for (int i = 1; i < held.size(); i++) {
            cut(held.get(i), closed);
        }
        held.clear();
        return closed.isEmpty() ? List.of() : closed;
    }

    /** Gives the reading to the cutter, adding the quarters it closed to {@code closed} (made when null). */
    private List<ClosedQuarter> cut(RegisterSnapshot reading, List<ClosedQuarter> closed) {
        cutInto = closed;
        cutter.accept(reading.at().getEpochSecond(), array(reading.registers()), sink);
        List<ClosedQuarter> out = cutInto;
        cutInto = null;
        if (lastGood == null || reading.at().isAfter(lastGood.at())) {
            lastGood = reading;
        }
        return out != null ? out : List.of();
    }

    /** The cutter closed a quarter of the reading being cut. */
    private void closed(long start, long[] delta, long[] atEnd, boolean estimated, int segment) {
        QuarterEnergy energy = new QuarterEnergy(delta[0], delta[1], delta[2], delta[3]);
        Quarter quarter = new Quarter(Instant.ofEpochSecond(start));
        if (limit.carries(energy)) {
            if (cutInto == null) {
                cutInto = new ArrayList<>(1);
            }
            cutInto.add(new ClosedQuarter(quarter, segment, energy, estimated));
        } else {
            Registers end = new Registers(atEnd[0], atEnd[1], atEnd[2], atEnd[3]);
            Registers begin = new Registers(atEnd[0] - delta[0], atEnd[1] - delta[1],
                    atEnd[2] - delta[2], atEnd[3] - delta[3]);
            add(new Quarantine(quarter, new RegisterSnapshot(quarter.start(), begin),
                    new RegisterSnapshot(quarter.end(), end), energy, limit.watts(),
                    Quarantine.Resolution.OVER_LIMIT));
        }
    }

    private void quarantine(RegisterSnapshot step, Quarantine.Resolution resolution) {
        Quarter first = new Quarter(Instant.ofEpochSecond(cutter.currentStart()));
        add(new Quarantine(first, lastGood, step, step.registers().minus(lastGood.registers()), limit.watts(),
                resolution));
    }

    private void add(Quarantine q) {
        quarantined.add(q);
        quarantines++;
    }

    /** The steps put in quarantine since the last call, oldest first; each is returned once. */
    public List<Quarantine> takeQuarantined() {
        if (quarantined.isEmpty()) {
            return List.of();
        }
        List<Quarantine> taken = quarantined;
        quarantined = new ArrayList<>(1);
        return taken;
    }

    private static long[] array(Registers r) {
        return new long[] {r.importDay(), r.importNight(), r.exportDay(), r.exportNight()};
    }

    /**
     * The registers at the start of the quarter in progress, to persist for {@link #resumeAt}; empty if unknown. The
     * same object for every reading of a quarter, as the meter's pipeline asks after each one.
     */
    public Optional<RegisterSnapshot> lastBoundary() {
        if (boundaryOf != cutter.currentChanges()) {
            boundaryOf = cutter.currentChanges();
            if (!cutter.started() || !cutter.currentKnown()) {
                boundary = Optional.empty();
            } else {
                long[] r = cutter.currentRegisters();
                boundary = Optional.of(new RegisterSnapshot(Instant.ofEpochSecond(cutter.currentStart()),
                        new Registers(r[0], r[1], r[2], r[3])));
            }
        }
        return boundary;
    }

    /** The limit steps and quarters are held to. */
    public ConnectionLimit limit() {
        return limit;
    }

    /** The meter segment readings now belong to; it grows by one each time a register goes down or steps to a new level. */
    public int segment() {
        return cutter.segment();
    }

    /** Readings ignored because they were not later than the one before. */
    public long ignoredReadings() {
        return cutter.ignored() + ignoredWhileHeld;
    }

    /** Times a register went down. */
    public long segmentBreaks() {
        return cutter.segmentBreaks();
    }

    /** Steps and quarters put in quarantine so far, whatever their resolution. */
    public long quarantines() {
        return quarantines;
    }

    /** Whether readings are held while a step above the limit is undecided. */
    public boolean holding() {
        return !held.isEmpty();
    }
}
