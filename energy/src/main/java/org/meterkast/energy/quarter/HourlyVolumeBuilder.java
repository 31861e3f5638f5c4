package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Turns a gas or water meter's readings (its index in litres, with the time the meter took it; Belgian meters
 * deliver one every 5 minutes) into hourly volumes, the way {@link QuarterBuilder} turns electricity registers
 * into quarters: interpolated boundaries, exact totals, gaps marked estimated, a falling index starting a new
 * segment.
 */
public final class HourlyVolumeBuilder {
    /** Readings further apart than this make the hour boundaries between them estimates. */
    public static final Duration DEFAULT_MAX_GAP = Duration.ofMinutes(15);

    private final IntervalCutter cutter;

    public HourlyVolumeBuilder() {
        this(DEFAULT_MAX_GAP);
    }

    public HourlyVolumeBuilder(Duration maxGap) {
        this.cutter = new IntervalCutter(3600, maxGap.toSeconds());
    }

    /** Takes the index in litres read at {@code at}; returns the hours it closed, oldest first. */
    public List<HourlyVolume> accept(Instant at, long litres) {
        Objects.requireNonNull(at, "at");
        List<HourlyVolume> closed = new ArrayList<>(1);
        cutter.accept(at.getEpochSecond(), new long[] {litres},
                (start, delta, estimated, segment) ->
                        closed.add(new HourlyVolume(Instant.ofEpochSecond(start), segment, delta[0], estimated)));
        return closed.isEmpty() ? List.of() : closed;
    }

    public int segment() {
        return cutter.segment();
    }

    public long ignoredReadings() {
        return cutter.ignored();
    }
}
