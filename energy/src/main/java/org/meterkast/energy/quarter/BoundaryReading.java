package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.Objects;

/**
 * The readings of one meter nearest to one quarter boundary: the last one before it and the first one at or after
 * it, either missing while no such reading is known. The registers at the boundary are interpolated between the two
 * (docs/CLUSTER.md).
 *
 * <p>A reading exactly at the boundary is its {@code after}: {@link QuarterBuilder} takes such a reading as the end of
 * the gap before it, and that gap decides whether the boundary is an estimate, so the reading before it must still be
 * known.
 *
 * <p>{@link #nearer} merges two pairs of the same boundary side by side, keeping the nearer reading of each side; it is
 * commutative, associative and idempotent, so whichever order and whichever node the readings come from, the pair
 * converges to the nearest readings of all offered. Two different readings stamped at the same second (a meter never
 * sends them) are settled by their registers, the lower first, so even they converge.
 *
 * @param boundary a quarter boundary
 * @param before   the nearest reading known strictly before {@code boundary}, or null
 * @param after    the nearest reading known at or after {@code boundary}, or null
 */
public record BoundaryReading(Instant boundary, RegisterSnapshot before, RegisterSnapshot after) {
    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    public BoundaryReading {
        Objects.requireNonNull(boundary, "boundary");
        if (boundary.getNano() != 0 || Math.floorMod(boundary.getEpochSecond(), QUARTER_SECONDS) != 0) {
            throw new IllegalArgumentException("not a quarter boundary: " + boundary);
        }
        if (before != null && !before.at().isBefore(boundary)) {
            throw new IllegalArgumentException("the reading before " + boundary + " is at " + before.at());
        }
        if (after != null && after.at().isBefore(boundary)) {
            throw new IllegalArgumentException("the reading after " + boundary + " is at " + after.at());
        }
    }

    /** The pair of {@code boundary} that knows only {@code reading}, on the side its time puts it. */
    public static BoundaryReading of(Instant boundary, RegisterSnapshot reading) {
        return reading.at().isBefore(boundary) ? new BoundaryReading(boundary, reading, null)
                : new BoundaryReading(boundary, null, reading);
    }

    /** The nearer reading of each side of this pair and {@code other}, which must be of the same boundary. */
    public BoundaryReading nearer(BoundaryReading other) {
        if (!boundary.equals(other.boundary)) {
            throw new IllegalArgumentException("readings of " + other.boundary + " cannot merge into " + boundary);
        }
        RegisterSnapshot b = nearerBefore(other.before, before) ? other.before : before;
        RegisterSnapshot a = nearerAfter(other.after, after) ? other.after : after;
        return b == before && a == after ? this : b == other.before && a == other.after ? other
                : new BoundaryReading(boundary, b, a);
    }

    /** Whether {@code candidate} would replace {@code stored} as the reading before a boundary (null: nothing). */
    public static boolean nearerBefore(RegisterSnapshot candidate, RegisterSnapshot stored) {
        if (candidate == null) {
            return false;
        }
        if (stored == null) {
            return true;
        }
        int c = candidate.at().compareTo(stored.at());
        return c > 0 || c == 0 && lower(candidate.registers(), stored.registers());
    }

    /** Whether {@code candidate} would replace {@code stored} as the reading at or after a boundary. */
    public static boolean nearerAfter(RegisterSnapshot candidate, RegisterSnapshot stored) {
        if (candidate == null) {
            return false;
        }
        if (stored == null) {
            return true;
        }
        int c = candidate.at().compareTo(stored.at());
        return c < 0 || c == 0 && lower(candidate.registers(), stored.registers());
    }

    /** The order that settles two readings of the same second: import day, import night, export day, export night. */
    static boolean lower(Registers a, Registers b) {
        return compare(a, b) < 0;
    }

    static int compare(Registers a, Registers b) {
        int c = Long.compare(a.importDay(), b.importDay());
        if (c == 0) {
            c = Long.compare(a.importNight(), b.importNight());
        }
        if (c == 0) {
            c = Long.compare(a.exportDay(), b.exportDay());
        }
        if (c == 0) {
            c = Long.compare(a.exportNight(), b.exportNight());
        }
        return c;
    }
}
