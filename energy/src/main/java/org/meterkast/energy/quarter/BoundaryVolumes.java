package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/**
 * The hourly volumes of a run of hour boundaries of one gas or water meter, made from the readings stored around them
 * ({@link HourBoundaryReading}): what {@link BoundaryQuarters} is to the quarters, for the hours. The run's readings
 * are read as one stream, oldest first, and given to a {@link HourlyVolumeBuilder}, so an hour is bit for bit the one
 * a builder makes from every reading wherever the run holds the nearest reading on each side of its boundaries (what
 * {@link VolumeCandidates} stores): same interpolation, rounding, {@code estimated} flag and segment on an index that
 * went down. As for the quarters ({@link BoundaryQuarters#HIDDEN_SEGMENT}), an index that went down is not seen if it
 * is back above its old value by the last reading of the hour (only the first and last readings of an hour stay
 * stored): a meter swapped twice within one hour, or a new meter that counted past the old one's index within it.
 * Segments are counted from the run's first
 * reading (0); the caller adds the segment it was in.
 */
public final class BoundaryVolumes {
    private static final Comparator<VolumeSnapshot> OLDEST_FIRST = Comparator.comparing(VolumeSnapshot::at)
            .thenComparingLong(VolumeSnapshot::litres);

    private final Duration maxGap;

    public BoundaryVolumes() {
        this(HourlyVolumeBuilder.DEFAULT_MAX_GAP);
    }

    public BoundaryVolumes(Duration maxGap) {
        this.maxGap = Objects.requireNonNull(maxGap, "maxGap");
    }

    /** The hours of a run, and the segment it ends in, counted like the hours' from 0. */
    public record Closed(List<HourlyVolume> hours, int segment) {
        public Closed {
            hours = List.copyOf(hours);
        }
    }

    /**
     * The hours that start at or after the run's first boundary and end at or before its last, oldest first.
     *
     * @param run the boundaries' pairs, in any order, each boundary at most once
     */
    public Closed close(List<HourBoundaryReading> run) {
        if (run.isEmpty()) {
            return new Closed(List.of(), 0);
        }
        Instant first = null;
        Instant last = null;
        List<VolumeSnapshot> readings = new ArrayList<>(run.size() * 2);
        for (HourBoundaryReading pair : run) {
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
        HourlyVolumeBuilder builder = new HourlyVolumeBuilder(maxGap);
        List<HourlyVolume> hours = new ArrayList<>();
        Instant previous = null;
        for (VolumeSnapshot reading : readings) {
            // of two readings of one second, the lower is the one a pair keeps (HourBoundaryReading.nearer)
            if (reading.at().equals(previous)) {
                continue;
            }
            previous = reading.at();
            for (HourlyVolume h : builder.accept(reading.at(), reading.litres())) {
                if (!h.start().isBefore(first) && !h.start().plusSeconds(HourBoundaryReading.HOUR_SECONDS)
                        .isAfter(last)) {
                    hours.add(h);
                }
            }
        }
        return new Closed(hours, builder.segment());
    }
}
