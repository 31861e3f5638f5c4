package org.meterkast.energy.quarter;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Sums quarters into local-time buckets for charts and bills. */
public final class Buckets {
    private Buckets() {
    }

    /**
     * Quarters already added up that all fall in one bucket: a single quarter, or a stored day's sums.
     *
     * @param quarters  how many quarters are in it
     * @param estimated how many of those were estimated
     */
    public record Part(Instant start, QuarterEnergy energy, int quarters, int estimated) {
        public Part {
            Objects.requireNonNull(start, "start");
            Objects.requireNonNull(energy, "energy");
        }

        static Part of(ClosedQuarter q) {
            return new Part(q.quarter().start(), q.energy(), 1, q.estimated() ? 1 : 0);
        }
    }

    /**
     * Every bucket of {@code size} that starts in [from, to) in the given zone, with the sums of the quarters
     * that fall in it; buckets without quarters are present with zero energy. {@code quarters} must be sorted by
     * start; each quarter is counted in the bucket in which it starts.
     */
    public static List<Bucket> sum(List<ClosedQuarter> quarters, Instant from, Instant to, BucketSize size,
                                   ZoneId zone) {
        return sumParts(quarters.stream().map(Part::of).toList(), from, to, size, zone);
    }

    /**
     * As {@link #sum}, from parts each of which lies within one bucket (a local day's sums, for buckets of a day
     * or more), sorted by start.
     */
    public static List<Bucket> sumParts(List<Part> parts, Instant from, Instant to, BucketSize size, ZoneId zone) {
        List<Bucket> buckets = new ArrayList<>();
        int i = 0;
        Instant start = size.start(from, zone);
        while (i < parts.size() && parts.get(i).start().isBefore(start)) {
            i++;
        }
        for (; start.isBefore(to); start = size.next(start, zone)) {
            Instant end = size.next(start, zone);
            QuarterEnergy energy = QuarterEnergy.ZERO;
            int count = 0;
            int estimated = 0;
            Instant previous = null;
            for (; i < parts.size() && parts.get(i).start().isBefore(end); i++) {
                Part part = parts.get(i);
                if (previous != null && !part.start().isAfter(previous)) {
                    throw new IllegalArgumentException("quarters are not sorted: " + part.start() + " after " + previous);
                }
                previous = part.start();
                energy = energy.plus(part.energy());
                count += part.quarters();
                estimated += part.estimated();
            }
            int expected = (int) ((end.getEpochSecond() - start.getEpochSecond()) / Quarter.LENGTH.toSeconds());
            buckets.add(new Bucket(start, end, energy, count, estimated, expected));
        }
        return buckets;
    }
}
