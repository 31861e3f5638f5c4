package org.meterkast.server.fleet;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.meterkast.energy.quarter.BoundaryCandidates;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;

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
        List<List<RegisterSnapshot>> shares = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            shares.add(new ArrayList<>());
        }
        for (RegisterSnapshot r : readings) {
            shares.get(random.nextInt(nodes)).add(r);
            if (random.nextInt(10) == 0) {
                shares.get(random.nextInt(nodes)).add(r);
            }
        }
        shares.forEach(s -> Collections.shuffle(s, random));
        return shares;
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
}
