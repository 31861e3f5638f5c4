package org.meterkast.energy.quarter;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A meter's quarters over a period, column by column, oldest first: a year read at once is a few arrays, not 35,040
 * objects, which a bill reads and the garbage collector never sees one by one. An entry can also be the sums of
 * several quarters that share every rate (a stored day's sums, for a tariff without a dynamic price): it then
 * counts as that many quarters. Immutable once built.
 */
public final class QuarterSeries {
    public static final QuarterSeries EMPTY = new Builder(0).build();

    private final long[] starts;
    private final long[] importDay;
    private final long[] importNight;
    private final long[] exportDay;
    private final long[] exportNight;
    private final int[] quarters;
    private final int[] estimated;
    private final int size;

    private QuarterSeries(long[] starts, long[] importDay, long[] importNight, long[] exportDay, long[] exportNight,
                          int[] quarters, int[] estimated, int size) {
        this.starts = starts;
        this.importDay = importDay;
        this.importNight = importNight;
        this.exportDay = exportDay;
        this.exportNight = exportNight;
        this.quarters = quarters;
        this.estimated = estimated;
        this.size = size;
    }

    /** The quarters given, which must be sorted by start. */
    public static QuarterSeries of(List<ClosedQuarter> quarters) {
        var builder = new Builder(quarters.size());
        for (ClosedQuarter q : quarters) {
            QuarterEnergy e = q.energy();
            builder.add(q.quarter().start().getEpochSecond(), e.importDay(), e.importNight(), e.exportDay(),
                    e.exportNight(), q.estimated());
        }
        return builder.build();
    }

    /** Collects quarters in time order. */
    public static final class Builder {
        private long[] starts;
        private long[] importDay;
        private long[] importNight;
        private long[] exportDay;
        private long[] exportNight;
        private int[] quarters;
        private int[] estimated;
        private int size;

        /** @param capacity how many quarters are expected: a year is 35,040 */
        public Builder(int capacity) {
            int n = Math.max(capacity, 16);
            starts = new long[n];
            importDay = new long[n];
            importNight = new long[n];
            exportDay = new long[n];
            exportNight = new long[n];
            quarters = new int[n];
            estimated = new int[n];
        }

        /**
         * Adds one quarter.
         *
         * @throws IllegalArgumentException for a start that is not a quarter boundary after the previous one
         */
        public Builder add(long startEpoch, long importDayWh, long importNightWh, long exportDayWh,
                           long exportNightWh, boolean isEstimated) {
            return addSums(startEpoch, importDayWh, importNightWh, exportDayWh, exportNightWh, 1, isEstimated ? 1 : 0);
        }

        /**
         * Adds the sums of {@code count} quarters starting at {@code startEpoch}, of which {@code estimatedCount}
         * were estimated.
         *
         * @throws IllegalArgumentException for a start that is not a quarter boundary after the previous one
         */
        public Builder addSums(long startEpoch, long importDayWh, long importNightWh, long exportDayWh,
                               long exportNightWh, int count, int estimatedCount) {
            if (Math.floorMod(startEpoch, 900) != 0 || (size > 0 && startEpoch <= starts[size - 1])) {
                throw new IllegalArgumentException("quarters must be added in time order on quarter boundaries: "
                        + Instant.ofEpochSecond(startEpoch));
            }
            if (size == starts.length) {
                int n = size * 2;
                starts = Arrays.copyOf(starts, n);
                importDay = Arrays.copyOf(importDay, n);
                importNight = Arrays.copyOf(importNight, n);
                exportDay = Arrays.copyOf(exportDay, n);
                exportNight = Arrays.copyOf(exportNight, n);
                quarters = Arrays.copyOf(quarters, n);
                estimated = Arrays.copyOf(estimated, n);
            }
            starts[size] = startEpoch;
            importDay[size] = importDayWh;
            importNight[size] = importNightWh;
            exportDay[size] = exportDayWh;
            exportNight[size] = exportNightWh;
            quarters[size] = count;
            estimated[size++] = estimatedCount;
            return this;
        }

        public QuarterSeries build() {
            return new QuarterSeries(starts, importDay, importNight, exportDay, exportNight, quarters, estimated, size);
        }
    }

    public int size() {
        return size;
    }

    /** The start of the i-th quarter in epoch seconds. */
    public long start(int i) {
        return starts[check(i)];
    }

    public long importDay(int i) {
        return importDay[check(i)];
    }

    public long importNight(int i) {
        return importNight[check(i)];
    }

    public long exportDay(int i) {
        return exportDay[check(i)];
    }

    public long exportNight(int i) {
        return exportNight[check(i)];
    }

    /** How many quarters the i-th entry holds: 1 for a quarter. */
    public int quarters(int i) {
        return quarters[check(i)];
    }

    /** How many of them were estimated. */
    public int estimated(int i) {
        return estimated[check(i)];
    }

    /** The index of the first quarter that starts at or after the instant; {@link #size()} when none does. */
    public int indexOf(Instant instant) {
        long t = instant.getEpochSecond() + (instant.getNano() > 0 ? 1 : 0);
        int i = Arrays.binarySearch(starts, 0, size, t);
        return i >= 0 ? i : -i - 1;
    }

    /** The entries as quarter records (segment 0); an entry of sums becomes one record with its start. */
    public List<ClosedQuarter> toList() {
        var out = new ArrayList<ClosedQuarter>(size);
        for (int i = 0; i < size; i++) {
            out.add(new ClosedQuarter(new Quarter(Instant.ofEpochSecond(starts[i])), 0,
                    new QuarterEnergy(importDay[i], importNight[i], exportDay[i], exportNight[i]), estimated[i] > 0));
        }
        return out;
    }

    private int check(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i + " of " + size);
        }
        return i;
    }
}
