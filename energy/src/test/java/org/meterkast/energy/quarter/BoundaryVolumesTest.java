package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.meterkast.p1.Medium;

/**
 * The hours made from stored hour-boundary readings equal {@link HourlyVolumeBuilder}'s from every reading, whichever
 * of 1–4 nodes gets which telegram, duplicated, in whatever order; each telegram repeats the meter's last 5-minute
 * reading, as a Fluvius meter's do.
 */
class BoundaryVolumesTest {
    private static final Instant START = Instant.parse("2026-03-28T20:00:00Z");

    static LongStream seeds() {
        return LongStream.rangeClosed(1, 120);
    }

    @ParameterizedTest(name = "seed {0}")
    @MethodSource("seeds")
    void hoursFromBoundaryReadingsEqualTheBuildersFromEveryReading(long seed) {
        Random random = new Random(seed);
        List<VolumeSnapshot> readings = readings(random);
        HourlyVolumeBuilder builder = new HourlyVolumeBuilder();
        List<HourlyVolume> expected = new ArrayList<>();
        for (VolumeSnapshot r : readings) {
            expected.addAll(builder.accept(r.at(), r.litres()));
        }

        Map<Instant, HourBoundaryReading> stored = store(split(telegrams(readings, random), random), random);
        BoundaryVolumes.Closed closed = new BoundaryVolumes().close(new ArrayList<>(stored.values()));

        assertThat(expected).as("the readings close hours").hasSizeGreaterThan(10);
        assertThat(closed.hours()).containsExactlyElementsOf(expected);
        assertThat(closed.segment()).isEqualTo(builder.segment());
    }

    @Test
    void aTelegramRepeatingTheNewestReadingStoresNothing() {
        VolumeCandidates gas = new VolumeCandidates(Medium.GAS);
        List<HourBoundaryReading> stored = new ArrayList<>();
        long at = Instant.parse("2026-01-12T10:05:00Z").getEpochSecond();

        assertThat(gas.offer(at, 1_234_567, (m, p) -> stored.add(p))).isEqualTo(2);
        assertThat(gas.offer(at, 1_234_567, (m, p) -> stored.add(p))).isZero();
        assertThat(gas.offer(at + 300, 1_234_600, (m, p) -> stored.add(p))).as("the next of the hour: before only")
                .isEqualTo(1);
        assertThat(gas.offer(at, 1_234_567, (m, p) -> stored.add(p))).as("the one before, delivered again").isZero();

        VolumeSnapshot first = new VolumeSnapshot(Instant.ofEpochSecond(at), 1_234_567);
        VolumeSnapshot second = new VolumeSnapshot(Instant.ofEpochSecond(at + 300), 1_234_600);
        Instant ten = Instant.parse("2026-01-12T10:00:00Z");
        Instant eleven = Instant.parse("2026-01-12T11:00:00Z");
        assertThat(stored).containsExactly(new HourBoundaryReading(ten, null, first),
                new HourBoundaryReading(eleven, first, null), new HourBoundaryReading(eleven, second, null));
    }

    @Test
    void anHourAcrossASilenceIsAnEstimateBetweenTheReadingsAroundIt() {
        // read at 10:55 (1,000 l), then nothing until 12:20 (1,850 l): 850 l over 5,100 s
        VolumeSnapshot before = new VolumeSnapshot(Instant.parse("2026-01-12T10:55:00Z"), 1_000);
        VolumeSnapshot after = new VolumeSnapshot(Instant.parse("2026-01-12T12:20:00Z"), 1_850);
        List<HourBoundaryReading> run = List.of(
                new HourBoundaryReading(Instant.parse("2026-01-12T11:00:00Z"), before, null),
                new HourBoundaryReading(Instant.parse("2026-01-12T12:00:00Z"), null, after));

        List<HourlyVolume> hours = new BoundaryVolumes().close(run).hours();

        // 1000 + ⌊850 × 300 / 5100⌋ = 1050 l at 11:00, 1000 + ⌊850 × 3900 / 5100⌋ = 1650 l at 12:00
        assertThat(hours).extracting(h -> h.start().toString(), HourlyVolume::litres, HourlyVolume::estimated)
                .containsExactly(tuple("2026-01-12T11:00:00Z", 600L, true));
    }

    @Test
    void nearerKeepsTheNearestOfEachSideWhateverTheOrder() {
        Instant b = Instant.parse("2026-01-12T11:00:00Z");
        VolumeSnapshot early = new VolumeSnapshot(b.minusSeconds(600), 10);
        VolumeSnapshot late = new VolumeSnapshot(b.minusSeconds(300), 12);
        VolumeSnapshot at = new VolumeSnapshot(b, 13);
        VolumeSnapshot after = new VolumeSnapshot(b.plusSeconds(300), 15);

        HourBoundaryReading one = HourBoundaryReading.of(b, early).nearer(HourBoundaryReading.of(b, after))
                .nearer(HourBoundaryReading.of(b, late)).nearer(HourBoundaryReading.of(b, at));
        HourBoundaryReading other = HourBoundaryReading.of(b, at).nearer(HourBoundaryReading.of(b, late))
                .nearer(HourBoundaryReading.of(b, after)).nearer(HourBoundaryReading.of(b, early));

        assertThat(one).isEqualTo(new HourBoundaryReading(b, late, at)).isEqualTo(other);
        assertThat(one.nearer(HourBoundaryReading.of(b, early))).isSameAs(one);
    }

    /**
     * A gas meter's readings every 5 minutes on the clock for a day and a half: use that rises by the hour, some
     * silences of 10 minutes to 3 hours, sometimes a swap to a new meter whose index starts near zero.
     */
    static List<VolumeSnapshot> readings(Random random) {
        long litres = 2_000_000 + random.nextInt(5_000_000);
        long swapAt = random.nextInt(3) == 0 ? 300L * random.nextInt(432) : -1;
        List<VolumeSnapshot> readings = new ArrayList<>();
        long t = START.getEpochSecond() + 300L * random.nextInt(12);
        long end = t + 36 * 3600;
        int litresPerHour = random.nextInt(400);
        while (t < end) {
            readings.add(new VolumeSnapshot(Instant.ofEpochSecond(t), litres));
            long step = 300;
            if (random.nextInt(60) == 0) {
                step = 300L * (2 + random.nextInt(36));          // the dongle heard nothing for a while
            }
            if (random.nextInt(12) == 0) {
                litresPerHour = random.nextInt(random.nextBoolean() ? 60 : 2_500);
            }
            litres += litresPerHour * step / 3600;
            if (swapAt >= 0 && t - START.getEpochSecond() >= swapAt) {
                swapAt = -1;
                litres = random.nextInt(50);
            }
            t += step;
        }
        return readings;
    }

    /** The telegrams: one every 10 s, each with the newest reading; a few lost. */
    static List<VolumeSnapshot> telegrams(List<VolumeSnapshot> readings, Random random) {
        List<VolumeSnapshot> telegrams = new ArrayList<>();
        for (int i = 0; i < readings.size(); i++) {
            long until = i + 1 < readings.size() ? readings.get(i + 1).at().getEpochSecond()
                    : readings.get(i).at().getEpochSecond() + 300;
            long count = Math.max(1, Math.min(30, (until - readings.get(i).at().getEpochSecond()) / 10));
            for (long k = 0; k < count; k++) {
                if (k == 0 || random.nextInt(20) != 0) {
                    telegrams.add(readings.get(i));
                }
            }
        }
        return telegrams;
    }

    /** The telegrams as 1–4 nodes get them: each once at a random node, some twice, half the time shuffled. */
    static List<List<VolumeSnapshot>> split(List<VolumeSnapshot> telegrams, Random random) {
        int nodes = 1 + random.nextInt(4);
        List<List<VolumeSnapshot>> shares = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            shares.add(new ArrayList<>());
        }
        for (VolumeSnapshot t : telegrams) {
            shares.get(random.nextInt(nodes)).add(t);
            if (random.nextInt(50) == 0) {
                List<VolumeSnapshot> share = shares.get(random.nextInt(nodes));
                share.add(random.nextInt(share.size() + 1), t);
            }
        }
        if (random.nextBoolean()) {
            shares.forEach(share -> Collections.shuffle(share, random));
        }
        return shares;
    }

    /** What the nodes store: every pair their candidates offer, merged, the nodes taking their shares interleaved. */
    static Map<Instant, HourBoundaryReading> store(List<List<VolumeSnapshot>> shares, Random random) {
        Map<Instant, HourBoundaryReading> stored = new TreeMap<>();
        VolumeCandidates.Sink sink = (medium, pair) -> stored.merge(pair.boundary(), pair, HourBoundaryReading::nearer);
        List<VolumeCandidates> nodes = new ArrayList<>();
        int[] next = new int[shares.size()];
        for (int n = 0; n < shares.size(); n++) {
            nodes.add(new VolumeCandidates(Medium.GAS));
        }
        int left = shares.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int n = random.nextInt(shares.size());
            if (next[n] < shares.get(n).size()) {
                VolumeSnapshot r = shares.get(n).get(next[n]++);
                nodes.get(n).offer(r.at().getEpochSecond(), r.litres(), sink);
                left--;
            }
        }
        return stored;
    }
}
