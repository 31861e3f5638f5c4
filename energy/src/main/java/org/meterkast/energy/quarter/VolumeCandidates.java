package org.meterkast.energy.quarter;

import java.time.Instant;
import org.meterkast.p1.Medium;

/**
 * Decides which of one gas or water meter's readings, as one node receives them, must be stored around an hour
 * boundary ({@link HourBoundaryReading}) for {@link BoundaryVolumes} to find the nearest reading on each side of every
 * boundary, whichever node receives which telegram and in whatever order.
 *
 * <p>Simpler than {@link BoundaryCandidates}: the meter takes a reading every 5 minutes and repeats it in every
 * telegram until the next, so there are only about twelve readings an hour, and each new one is stored at once, as
 * the reading before the next boundary (every later one of the hour replaces it) and, when it is the first of its
 * hour this node has, as the reading after its hour's start. Nothing waits for a later telegram, so a node that dies
 * loses nothing it acknowledged. A reading older than the node's newest (late, or delivered again) goes to both sides.
 * The telegrams that repeat the newest reading, nearly all of them, or the one before it (telegrams delivered again
 * after a node died), store nothing and allocate nothing.
 *
 * <p>One instance per meter, medium and node; not thread-safe.
 */
public final class VolumeCandidates {
    /** Receives each pair a reading must be stored in. */
    @FunctionalInterface
    public interface Sink {
        void store(Medium medium, HourBoundaryReading pair);
    }

    private static final long HOUR_SECONDS = HourBoundaryReading.HOUR_SECONDS;

    private final Medium medium;
    private long newestAt = Long.MIN_VALUE;
    /** The reading before the newest: telegrams delivered again after a node died repeat it too. */
    private long previousAt = Long.MIN_VALUE;

    public VolumeCandidates(Medium medium) {
        if (medium != Medium.GAS && medium != Medium.WATER) {
            throw new IllegalArgumentException("hourly volumes are kept of gas and water, not " + medium);
        }
        this.medium = medium;
    }

    public Medium medium() {
        return medium;
    }

    /**
     * Takes a reading taken at {@code atEpochSecond} with the index {@code litres}, handing {@code sink} every pair it
     * must be stored in.
     *
     * @return how many pairs it handed on; 0 when the reading need not be stored
     */
    public int offer(long atEpochSecond, long litres, Sink sink) {
        if (atEpochSecond == newestAt || atEpochSecond == previousAt) {
            return 0;
        }
        long start = Math.floorDiv(atEpochSecond, HOUR_SECONDS) * HOUR_SECONDS;
        boolean after = atEpochSecond < newestAt || newestAt < start;
        if (atEpochSecond > newestAt) {
            previousAt = newestAt;
            newestAt = atEpochSecond;
        }
        VolumeSnapshot reading = new VolumeSnapshot(Instant.ofEpochSecond(atEpochSecond), litres);
        if (after) {
            sink.store(medium, new HourBoundaryReading(Instant.ofEpochSecond(start), null, reading));
        }
        sink.store(medium, new HourBoundaryReading(Instant.ofEpochSecond(start + HOUR_SECONDS), reading, null));
        return after ? 2 : 1;
    }

    /** The time of the newest reading this node has of the meter, in epoch seconds; {@code Long.MIN_VALUE} if none. */
    public long newestEpochSecond() {
        return newestAt;
    }
}
