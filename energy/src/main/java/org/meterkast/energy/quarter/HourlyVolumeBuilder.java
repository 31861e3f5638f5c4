package org.meterkast.energy.quarter;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

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

    /**
     * A builder that continues after a restart from the index at the start of the hour in progress (see
     * {@link #lastBoundary()}), in that meter segment, so the hour in which the server stopped still closes whole.
     */
    public static HourlyVolumeBuilder resumeAt(VolumeBoundary boundary, Duration maxGap) {
        Objects.requireNonNull(boundary, "boundary");
        HourlyVolumeBuilder builder = new HourlyVolumeBuilder(maxGap);
        builder.cutter.resume(boundary.at().getEpochSecond(), new long[] {boundary.litres()}, boundary.segment());
        return builder;
    }

    /** The index at the start of the hour in progress, to persist for {@link #resumeAt}; empty if unknown. */
    public Optional<VolumeBoundary> lastBoundary() {
        if (!cutter.started() || !cutter.currentKnown()) {
            return Optional.empty();
        }
        return Optional.of(new VolumeBoundary(Instant.ofEpochSecond(cutter.currentStart()),
                cutter.currentRegisters()[0], cutter.segment()));
    }

    /** Takes the index in litres read at {@code at}; returns the hours it closed, oldest first. */
    public List<HourlyVolume> accept(Instant at, long litres) {
        Objects.requireNonNull(at, "at");
        List<HourlyVolume> closed = new ArrayList<>(1);
        cutter.accept(at.getEpochSecond(), new long[] {litres},
                (start, delta, atEnd, estimated, segment) ->
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
