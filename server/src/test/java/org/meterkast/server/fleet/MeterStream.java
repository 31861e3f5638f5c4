package org.meterkast.server.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.meterkast.energy.quarter.BoundaryCandidates;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.HourlyVolumeBuilder;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.energy.quarter.VolumeCandidates;
import org.meterkast.energy.quarter.VolumeSnapshot;
import org.meterkast.p1.Medium;

/** A meter's readings for the fleet tests, seeded: day and night import, export, a silence, a meter swap. */
final class MeterStream {
    static final Duration WINDOW = QuarterBuilder.DEFAULT_MAX_GAP;

    private MeterStream() {
    }

    /** Readings every {@code spacing} s for {@code hours}, one silence of 47 minutes and one swap to a new meter. */
    static List<RegisterSnapshot> readings(Random random, Instant start, int spacing, int hours) {
        long[] milliWh = {4_000_000_000L, 2_000_000_000L, 600_000_000L, 80_000_000L};
        long importW = 800;
        long exportW = 0;
        boolean night = true;
        long end = start.getEpochSecond() + hours * 3600L;
        long silence = start.getEpochSecond() + hours * 3600L / 3 + random.nextInt(900);
        long swap = start.getEpochSecond() + hours * 3600L * 2 / 3 + random.nextInt(900);
        List<RegisterSnapshot> readings = new ArrayList<>();
        for (long t = start.getEpochSecond(); t < end; ) {
            readings.add(new RegisterSnapshot(Instant.ofEpochSecond(t),
                    new Registers(milliWh[0] / 1000, milliWh[1] / 1000, milliWh[2] / 1000, milliWh[3] / 1000)));
            long step = t >= silence && t < silence + spacing ? 47 * 60 : spacing;
            if (random.nextInt(600) == 0) {
                night = !night;
            }
            importW = Math.max(0, Math.min(9_000, importW + random.nextInt(601) - 300));
            exportW = night ? 0 : Math.max(0, Math.min(5_000, exportW + random.nextInt(401) - 200));
            milliWh[night ? 1 : 0] += importW * step * 1000 / 3600;
            milliWh[night ? 3 : 2] += exportW * step * 1000 / 3600;
            if (t < swap && t + step >= swap) {
                milliWh = new long[] {1_000_000, 0, 0, 0};
            }
            t += step;
        }
        return readings;
    }

    /** What one node makes of all readings: the quarters to compare with. */
    static List<ClosedQuarter> quarters(List<RegisterSnapshot> readings) {
        QuarterBuilder builder = new QuarterBuilder();
        List<ClosedQuarter> quarters = new ArrayList<>();
        for (RegisterSnapshot r : readings) {
            quarters.addAll(builder.accept(r));
        }
        return quarters;
    }

    /** The readings split over {@code nodes}, about one in ten delivered a second time, each share shuffled. */
    static List<List<RegisterSnapshot>> shares(List<RegisterSnapshot> readings, int nodes, Random random) {
        return split(readings, nodes, random);
    }

    /** The candidates one node's share gives, in batches as a node's flushes would write them. */
    static List<List<RegisterBoundaryRepository.Candidate>> batches(int meterId, List<RegisterSnapshot> share,
                                                                     Random random) {
        BoundaryCandidates candidates = new BoundaryCandidates(WINDOW);
        List<List<RegisterBoundaryRepository.Candidate>> batches = new ArrayList<>();
        List<RegisterBoundaryRepository.Candidate> batch = new ArrayList<>();
        int size = 1 + random.nextInt(200);
        for (RegisterSnapshot r : share) {
            candidates.offer(r, pair -> batch.add(new RegisterBoundaryRepository.Candidate(meterId, pair)));
            if (batch.size() >= size) {
                batches.add(new ArrayList<>(batch));
                batch.clear();
                size = 1 + random.nextInt(200);
            }
        }
        var silent = candidates.silent(Instant.MAX);
        if (silent != null) {
            batch.add(new RegisterBoundaryRepository.Candidate(meterId, silent));
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /**
     * A gas meter's readings every 5 minutes on the clock for {@code hours}, repeated in a telegram every 10 s as a
     * Fluvius meter does: one silence of 47 minutes across an hour boundary, one swap to a new meter whose index
     * starts near zero.
     */
    static List<VolumeSnapshot> gasTelegrams(Random random, Instant start, int hours) {
        long litres = 3_000_000 + random.nextInt(1_000_000);
        long end = start.getEpochSecond() + hours * 3600L;
        // across an hour boundary: the hours on either side are estimates
        long silence = start.getEpochSecond() + hours * 3600L / 3 + 1800 + 300L * random.nextInt(3);
        long swap = start.getEpochSecond() + hours * 3600L * 2 / 3 + 300L * random.nextInt(3);
        List<VolumeSnapshot> telegrams = new ArrayList<>();
        for (long t = start.getEpochSecond(); t < end; t += 10) {
            long captured = Math.floorDiv(t, 300) * 300;
            if (t >= silence && t < silence + 47 * 60) {
                continue;
            }
            if (t % 300 == 0) {
                litres += random.nextInt(random.nextInt(4) == 0 ? 300 : 20);
                if (t >= swap && t < swap + 300) {
                    litres = random.nextInt(30);
                }
            }
            telegrams.add(new VolumeSnapshot(Instant.ofEpochSecond(captured), litres));
        }
        return telegrams;
    }

    /** What one node makes of all of a gas meter's telegrams, in order, as a single meter's ingest does. */
    static List<HourlyVolume> hours(List<VolumeSnapshot> telegrams) {
        HourlyVolumeBuilder builder = new HourlyVolumeBuilder();
        List<HourlyVolume> hours = new ArrayList<>();
        for (VolumeSnapshot t : telegrams) {
            hours.addAll(builder.accept(t.at(), t.litres()));
        }
        return hours;
    }

    /** The gas candidates one node's share of the telegrams gives, in batches as a node's flushes would write them. */
    static List<List<VolumeBoundaries.Candidate>> gasBatches(int meterId, List<VolumeSnapshot> share, Random random) {
        VolumeCandidates candidates = new VolumeCandidates(Medium.GAS);
        List<List<VolumeBoundaries.Candidate>> batches = new ArrayList<>();
        List<VolumeBoundaries.Candidate> batch = new ArrayList<>();
        int size = 1 + random.nextInt(20);
        for (VolumeSnapshot t : share) {
            candidates.offer(t.at().getEpochSecond(), t.litres(),
                    (medium, pair) -> batch.add(new VolumeBoundaries.Candidate(meterId, medium, pair)));
            if (batch.size() >= size) {
                batches.add(new ArrayList<>(batch));
                batch.clear();
                size = 1 + random.nextInt(20);
            }
        }
        if (!batch.isEmpty()) {
            batches.add(batch);
        }
        return batches;
    }

    /** Any kind of readings split over {@code nodes}, about one in ten delivered a second time, each share shuffled. */
    static <T> List<List<T>> split(List<T> readings, int nodes, Random random) {
        List<List<T>> shares = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            shares.add(new ArrayList<>());
        }
        for (T r : readings) {
            shares.get(random.nextInt(nodes)).add(r);
            if (random.nextInt(10) == 0) {
                shares.get(random.nextInt(nodes)).add(r);
            }
        }
        shares.forEach(s -> Collections.shuffle(s, random));
        return shares;
    }
}
