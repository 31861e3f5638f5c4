package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The quarters of a run of quarter boundaries, made from the readings stored around them ({@link BoundaryReading})
 * instead of from every reading: what a fleet of nodes that each saw part of a meter's telegrams computes
 * (docs/CLUSTER.md).
 *
 * <p>Every reading the run holds, on either side of any of its boundaries, is a real reading of the meter, so the run
 * is read as one stream, oldest first, and given to a {@link QuarterBuilder}: a boundary's registers are then
 * interpolated between the nearest readings known on either side of it, with the builder's own arithmetic, rounding,
 * {@code estimated} flag (readings around it further apart than {@code maxGap}), segment on a register that went down
 * and {@link ConnectionLimit} check of each quarter. Where the run holds the nearest reading on each side of every
 * boundary a quarter needs (the readings that {@link BoundaryCandidates} offers), the quarter is bit for bit the one a
 * builder makes from all readings; a boundary inside a long silence needs no row of its own, as the readings on either
 * side of the silence are the pair of every boundary in it.
 *
 * <p>Where it cannot be the same:
 * <ul>
 * <li>{@link #QUARANTINED_STEP}: a step above the connection's limit is judged by the builder against the readings
 *     after it (a glitch that comes back, or a new level confirmed over a quarter hour); from the run it is judged
 *     against the stored readings only, which may decide otherwise. Such steps are put in quarantine either way and
 *     the quarters around them are not billed, but which quarters, and the segment numbers after, may differ.</li>
 * <li>{@link #HIDDEN_SEGMENT}: a register that went down between two readings far from any boundary is seen only if
 *     it is still lower at the next stored reading; a meter swapped twice within one quarter hour, or one whose new
 *     register passed the old value within the same quarter, counts fewer segments.</li>
 * </ul>
 * Segments are counted from the run's first reading (segment 0); the caller adds the segment it was in.
 */
public final class BoundaryQuarters {
    /** Name of the first case that cannot come out the same as {@link QuarterBuilder}: see the class comment. */
    public static final String QUARANTINED_STEP = "quarantined step";
    /** Name of the second case that cannot come out the same as {@link QuarterBuilder}: see the class comment. */
    public static final String HIDDEN_SEGMENT = "segment hidden between stored readings";

    private static final Comparator<RegisterSnapshot> OLDEST_FIRST = Comparator.comparing(RegisterSnapshot::at)
            .thenComparing(RegisterSnapshot::registers, BoundaryReading::compare);

    private final Duration maxGap;
    private final ConnectionLimit limit;

    public BoundaryQuarters() {
        this(QuarterBuilder.DEFAULT_MAX_GAP, ConnectionLimit.MAIN_FUSE);
    }

    public BoundaryQuarters(Duration maxGap, ConnectionLimit limit) {
        this.maxGap = Objects.requireNonNull(maxGap, "maxGap");
        this.limit = Objects.requireNonNull(limit, "limit");
    }

    /** The quarters of a run and the steps it put in quarantine. */
    public record Closed(List<ClosedQuarter> quarters, List<Quarantine> quarantined, int segment) {
        public Closed {
            quarters = List.copyOf(quarters);
            quarantined = List.copyOf(quarantined);
        }
    }

    /**
     * The quarters that start at or after the run's first boundary and end at or before its last, oldest first, with
     * the steps put in quarantine in them; {@code segment} of the result is the segment the run ends in, counted
     * like the quarters' from 0.
     *
     * @param run the boundaries' pairs, in any order, each boundary at most once
     */
    public Closed close(List<BoundaryReading> run) {
        if (run.isEmpty()) {
            return new Closed(List.of(), List.of(), 0);
        }
        Instant first = null;
        Instant last = null;
        List<RegisterSnapshot> readings = new ArrayList<>(run.size() * 2);
        for (BoundaryReading pair : run) {
            if (first == null || pair.boundary().isBefore(first)) {
                first = pair.boundary();
            }
            if (last == null || pair.boundary().isAfter(last)) {
                last = pair.boundary();
            }
            if (pair.before() != null) {
                readings.add(pair.before());
            }
            if (pair.after() != null) {
                readings.add(pair.after());
            }
        }
        readings.sort(OLDEST_FIRST);
        QuarterBuilder builder = new QuarterBuilder(maxGap, limit);
        List<ClosedQuarter> quarters = new ArrayList<>();
        List<Quarantine> quarantined = new ArrayList<>();
        Instant previous = null;
        for (RegisterSnapshot reading : readings) {
            // of two readings of one second, the lower is the one a pair keeps (BoundaryReading.nearer)
            if (reading.at().equals(previous)) {
                continue;
            }
            previous = reading.at();
            for (ClosedQuarter q : builder.accept(reading)) {
                if (within(q.quarter(), first, last)) {
                    quarters.add(q);
                }
            }
            for (Quarantine q : builder.takeQuarantined()) {
                if (within(q.quarter(), first, last)) {
                    quarantined.add(q);
                }
            }
        }
        return new Closed(quarters, quarantined, builder.segment());
    }

    private static boolean within(Quarter q, Instant first, Instant last) {
        return !q.start().isBefore(first) && !q.end().isAfter(last);
    }
}
