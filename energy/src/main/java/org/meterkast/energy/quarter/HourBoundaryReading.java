package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/**
 * The readings of one gas or water meter nearest to one hour boundary: the last one before it and the first one at
 * or after it, either missing while no such reading is known. What {@link BoundaryReading} is to a quarter boundary
 * of the electricity registers, for the hourly volumes (docs/CLUSTER.md): the index at the boundary is interpolated
 * between the two, and {@link #nearer} merges two pairs of one boundary side by side, commutative, associative and
 * idempotent; two readings of the same second are settled by the lower index.
 *
 * @param boundary an hour boundary (UTC, which for Brussels is a local one too)
 * @param before   the nearest reading known strictly before {@code boundary}, or null
 * @param after    the nearest reading known at or after {@code boundary}, or null
 */
public record HourBoundaryReading(Instant boundary, VolumeSnapshot before, VolumeSnapshot after) {
    static final long HOUR_SECONDS = 3600;

    public HourBoundaryReading {
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.getNano() != 0 || Math.floorMod(boundary.getEpochSecond(), HOUR_SECONDS) != 0) {
            throw new IllegalArgumentException("not an hour boundary: " + boundary);
        }
        if (before != null && !before.at().isBefore(boundary)) {
            throw new IllegalArgumentException("the reading before " + boundary + " is at " + before.at());
        }
        if (after != null && after.at().isBefore(boundary)) {
            throw new IllegalArgumentException("the reading after " + boundary + " is at " + after.at());
        }
    }

    /** The pair of {@code boundary} that knows only {@code reading}, on the side its time puts it. */
    public static HourBoundaryReading of(Instant boundary, VolumeSnapshot reading) {
        return reading.at().isBefore(boundary) ? new HourBoundaryReading(boundary, reading, null)
                : new HourBoundaryReading(boundary, null, reading);
    }

    /** The nearer reading of each side of this pair and {@code other}, which must be of the same boundary. */
    public HourBoundaryReading nearer(HourBoundaryReading other) {
        if (!boundary.equals(other.boundary)) {
            throw new IllegalArgumentException("readings of " + other.boundary + " cannot merge into " + boundary);
        }
        VolumeSnapshot b = nearerBefore(other.before, before) ? other.before : before;
        VolumeSnapshot a = nearerAfter(other.after, after) ? other.after : after;
        return b == before && a == after ? this : b == other.before && a == other.after ? other
                : new HourBoundaryReading(boundary, b, a);
    }

    /** Whether {@code candidate} would replace {@code stored} as the reading before a boundary (null: nothing). */
    public static boolean nearerBefore(VolumeSnapshot candidate, VolumeSnapshot stored) {
        if (candidate == null) {
            return false;
        }
        if (stored == null) {
            return true;
        }
        int c = candidate.at().compareTo(stored.at());
        return c > 0 || c == 0 && candidate.litres() < stored.litres();
    }

    /** Whether {@code candidate} would replace {@code stored} as the reading at or after a boundary. */
    public static boolean nearerAfter(VolumeSnapshot candidate, VolumeSnapshot stored) {
        if (candidate == null) {
            return false;
        }
        if (stored == null) {
            return true;
        }
        int c = candidate.at().compareTo(stored.at());
        return c < 0 || c == 0 && candidate.litres() < stored.litres();
    }
}
