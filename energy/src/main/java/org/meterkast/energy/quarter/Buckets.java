package org.meterkast.energy.quarter;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/** Sums quarters into local-time buckets for charts and bills. */
public final class Buckets {
    private Buckets() {
    }

    /**
     * Every bucket of {@code size} that starts in [from, to) in the given zone, with the sums of the quarters
     * that fall in it; buckets without quarters are present with zero energy. {@code quarters} must be sorted by
     * start; each quarter is counted in the bucket in which it starts.
     */
    public static List<Bucket> sum(List<ClosedQuarter> quarters, Instant from, Instant to, BucketSize size,
                                   ZoneId zone) {
        List<Bucket> buckets = new ArrayList<>();
        int i = 0;
        Instant start = size.start(from, zone);
        while (i < quarters.size() && quarters.get(i).quarter().start().isBefore(start)) {
            i++;
        }
        for (; start.isBefore(to); start = size.next(start, zone)) {
            Instant end = size.next(start, zone);
            long importDay = 0;
            long importNight = 0;
            long exportDay = 0;
            long exportNight = 0;
            int count = 0;
            int estimated = 0;
            Instant previous = null;
            for (; i < quarters.size() && quarters.get(i).quarter().start().isBefore(end); i++) {
                ClosedQuarter q = quarters.get(i);
                if (previous != null && !q.quarter().start().isAfter(previous)) {
                    throw new IllegalArgumentException("quarters are not sorted: " + q.quarter() + " after " + previous);
                }
                previous = q.quarter().start();
                importDay += q.energy().importDay();
                importNight += q.energy().importNight();
                exportDay += q.energy().exportDay();
                exportNight += q.energy().exportNight();
                count++;
                estimated += q.estimated() ? 1 : 0;
            }
            int expected = (int) ((end.getEpochSecond() - start.getEpochSecond()) / Quarter.LENGTH.toSeconds());
            buckets.add(new Bucket(start, end, new QuarterEnergy(importDay, importNight, exportDay, exportNight),
                    count, estimated, expected));
        }
        return buckets;
    }
}
