package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides which of one meter's readings, as one node receives them, must be stored around a quarter boundary
 * ({@link BoundaryReading}) for {@link BoundaryQuarters} to find the nearest reading on each side of every boundary,
 * whichever node receives which reading and in whatever order:
 * <ol>
 * <li>a reading within {@code window} of a boundary, on either side: the nearest ones are among these whenever the
 *     meter sends at least once per window;</li>
 * <li>when a reading comes after a boundary that the node's newest reading of the meter was before (a silence, or
 *     simply the next quarter), that newest reading as the one before that boundary, and this one as the one after
 *     the last boundary it passed: the two edges of a silence, which are the pair of every boundary inside it;</li>
 * <li>the node's first reading of the meter, as the one after the boundary before it (the node cannot know what came
 *     before), and a reading older than the node's newest (late, or delivered again), on both sides of its quarter;</li>
 * <li>{@link #silent}: the newest reading, once it has stayed the newest for longer than {@code window}, as the one
 *     before the next boundary: the meter may have gone silent, or gone to another node.</li>
 * </ol>
 * Rules 1 and 3 are what a message's acknowledgement waits for; the readings of rule 2 and 4 are older messages,
 * already acknowledged, so a node that dies can lose them: they lie further than {@code window} from the boundary, and
 * with a window at least the builder's largest gap the quarters around them are estimates anyway.
 *
 * <p>One instance per meter and node; not thread-safe. The common case (a reading far from any boundary, in order)
 * allocates nothing.
 */
public final class BoundaryCandidates {
    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    /** Receives each pair a reading must be stored in. */
    @FunctionalInterface
    public interface Sink {
        void store(BoundaryReading pair);
    }

    private final long windowSeconds;
    private RegisterSnapshot newest;
    private long newestAt;
    /** Whether the newest reading was already handed on as the one before the boundary after it. */
    private boolean newestOffered;

    public BoundaryCandidates(Duration window) {
        if (window.isNegative() || window.isZero() || window.toSeconds() >= QUARTER_SECONDS) {
            throw new IllegalArgumentException("the window around a boundary must be longer than zero and shorter "
                    + "than a quarter hour, not " + window);
        }
        this.windowSeconds = window.toSeconds();
    }

    /**
     * Takes a reading, handing {@code sink} every pair it must be stored in.
     *
     * @return how many pairs it handed on; 0 when the reading need not be stored
     */
    public int offer(RegisterSnapshot reading, Sink sink) {
        long at = reading.at().getEpochSecond();
        long start = Math.floorDiv(at, QUARTER_SECONDS) * QUARTER_SECONDS;
        long end = start + QUARTER_SECONDS;
        boolean after = at - start <= windowSeconds;
        boolean before = end - at <= windowSeconds;
        int offered = 0;
        if (newest == null || at > newestAt) {
            if (newest == null) {
                after = true;
            } else if (start > newestAt) {
                if (!newestOffered) {
                    sink.store(new BoundaryReading(nextBoundary(newestAt), newest, null));
                    offered++;
                }
                after = true;
            }
            newest = reading;
            newestAt = at;
            newestOffered = before;
        } else if (at < newestAt) {
            after = true;
            before = true;
        }
        if (after) {
            sink.store(new BoundaryReading(Instant.ofEpochSecond(start), null, reading));
            offered++;
        }
        if (before) {
            sink.store(new BoundaryReading(Instant.ofEpochSecond(end), reading, null));
            offered++;
        }
        return offered;
    }

    /**
     * The node's newest reading of the meter as the one before the next boundary, once, when it has been the newest
     * for longer than the window at {@code now} and was not handed on so yet; null otherwise.
     */
    public BoundaryReading silent(Instant now) {
        if (newest == null || newestOffered || now.getEpochSecond() - newestAt <= windowSeconds) {
            return null;
        }
        newestOffered = true;
        return new BoundaryReading(nextBoundary(newestAt), newest, null);
    }

    /** The time of the newest reading this node has of the meter, in epoch seconds; {@code Long.MIN_VALUE} if none. */
    public long newestEpochSecond() {
        return newest == null ? Long.MIN_VALUE : newestAt;
    }

    private static Instant nextBoundary(long at) {
        return Instant.ofEpochSecond(Math.floorDiv(at, QUARTER_SECONDS) * QUARTER_SECONDS + QUARTER_SECONDS);
    }
}
