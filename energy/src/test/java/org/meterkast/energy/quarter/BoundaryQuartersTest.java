package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The quarters made from stored boundary readings equal {@link QuarterBuilder}'s from every reading, whichever of
 * 1–4 nodes gets which reading, duplicated, in whatever order.
 *
 * <p>Not generated, by name: {@link BoundaryQuarters#QUARANTINED_STEP} (a step above the connection's limit; the
 * streams stay far below it) and {@link BoundaryQuarters#HIDDEN_SEGMENT} (two meter swaps in one quarter; a stream has
 * at most one swap, to a new meter that starts near zero).
 */
class BoundaryQuartersTest {
    private static final Duration WINDOW = QuarterBuilder.DEFAULT_MAX_GAP;
    private static final Instant START = Instant.parse("2026-03-28T20:03:17Z");

    /** How a node gets its share: in the meter's order with some delivered again later, or in any order at all. */
    enum Arrival { IN_ORDER_WITH_REDELIVERIES, SHUFFLED }

    static Stream<Arguments> streams() {
        List<Arguments> cases = new ArrayList<>();
        long seed = 1;
        for (int spacing : new int[] {1, 10, 30}) {
            int count = spacing == 1 ? 40 : 60;
            for (int i = 0; i < count; i++) {
                Arrival arrival = i % 2 == 0 ? Arrival.SHUFFLED : Arrival.IN_ORDER_WITH_REDELIVERIES;
                cases.add(Arguments.of(seed++, spacing, arrival));
            }
        }
        return cases.stream();
    }

    @ParameterizedTest(name = "seed {0}, one reading per {1} s, {2}")
    @MethodSource("streams")
    void quartersFromBoundaryReadingsEqualTheBuildersFromEveryReading(long seed, int spacing, Arrival arrival) {
        Random random = new Random(seed);
        List<RegisterSnapshot> stream = stream(random, spacing);

        QuarterBuilder builder = new QuarterBuilder();
        List<ClosedQuarter> expected = new ArrayList<>();
        for (RegisterSnapshot r : stream) {
            expected.addAll(builder.accept(r));
        }

        Map<Instant, BoundaryReading> stored = store(split(stream, random, arrival), random);
        BoundaryQuarters.Closed closed = new BoundaryQuarters().close(new ArrayList<>(stored.values()));

        assertThat(expected).as("the stream closes quarters").isNotEmpty();
        assertThat(closed.quarters()).containsExactlyElementsOf(expected);
        assertThat(closed.quarantined()).isEmpty();
        assertThat(closed.segment()).isEqualTo(builder.segment());
    }

    @Test
    void aRowInsideALongSilenceIsNotNeeded() {
        Registers r = new Registers(1_000, 2_000, 0, 0);
        RegisterSnapshot lastBefore = new RegisterSnapshot(Instant.parse("2026-01-12T10:13:00Z"), r);
        RegisterSnapshot firstAfter = new RegisterSnapshot(Instant.parse("2026-01-12T11:16:00Z"),
                new Registers(1_900, 2_000, 0, 0));
        List<BoundaryReading> run = List.of(
                new BoundaryReading(Instant.parse("2026-01-12T10:15:00Z"), lastBefore, null),
                new BoundaryReading(Instant.parse("2026-01-12T11:15:00Z"), null, firstAfter));

        List<ClosedQuarter> quarters = new BoundaryQuarters().close(run).quarters();

        // 900 Wh over the 3780 s from 10:13: 1000 + ⌊900 × elapsed / 3780⌋ = 1028, 1242, 1457, 1671, 1885 Wh at the
        // boundaries from 10:15 to 11:15, each an estimate as the readings are 63 minutes apart
        assertThat(quarters).extracting(q -> q.quarter().start().toString(), q -> q.energy().importDay(),
                        ClosedQuarter::estimated)
                .containsExactly(
                        tuple("2026-01-12T10:15:00Z", 214L, true),
                        tuple("2026-01-12T10:30:00Z", 215L, true),
                        tuple("2026-01-12T10:45:00Z", 214L, true),
                        tuple("2026-01-12T11:00:00Z", 214L, true));
    }

    @Test
    void aStepAboveTheLimitIsBilledInNoQuarter() {
        // QUARANTINED_STEP: which quarters go may differ from the builder's; that none holds the step may not
        Instant b = Instant.parse("2026-01-12T10:15:00Z");
        Registers low = new Registers(1_000_000, 0, 0, 0);
        Registers high = new Registers(1_050_000, 0, 0, 0);     // 50 kWh within seconds: no connection carries it
        List<BoundaryReading> run = new ArrayList<>();
        for (int q = 0; q < 6; q++) {
            Instant boundary = b.plusSeconds(900L * q);
            Registers r = q < 3 ? low : high;
            run.add(new BoundaryReading(boundary, new RegisterSnapshot(boundary.minusSeconds(5), r),
                    new RegisterSnapshot(boundary.plusSeconds(5), r)));
        }

        BoundaryQuarters.Closed closed = new BoundaryQuarters().close(run);

        assertThat(closed.quarantined()).isNotEmpty();
        assertThat(closed.quarters()).isNotEmpty()
                .allMatch(q -> ConnectionLimit.MAIN_FUSE.carries(q.energy()), "within the connection's limit");
    }

    @Test
    void nearerKeepsTheNearestOfEachSideWhateverTheOrder() {
        Instant b = Instant.parse("2026-01-12T10:15:00Z");
        RegisterSnapshot early = new RegisterSnapshot(b.minusSeconds(30), new Registers(10, 0, 0, 0));
        RegisterSnapshot late = new RegisterSnapshot(b.minusSeconds(2), new Registers(12, 0, 0, 0));
        RegisterSnapshot at = new RegisterSnapshot(b, new Registers(13, 0, 0, 0));
        RegisterSnapshot after = new RegisterSnapshot(b.plusSeconds(9), new Registers(15, 0, 0, 0));

        BoundaryReading one = BoundaryReading.of(b, early).nearer(BoundaryReading.of(b, after))
                .nearer(BoundaryReading.of(b, late)).nearer(BoundaryReading.of(b, at));
        BoundaryReading other = BoundaryReading.of(b, at).nearer(BoundaryReading.of(b, late))
                .nearer(BoundaryReading.of(b, after)).nearer(BoundaryReading.of(b, early));

        assertThat(one).isEqualTo(new BoundaryReading(b, late, at)).isEqualTo(other);
        assertThat(one.nearer(BoundaryReading.of(b, early))).isSameAs(one);
    }

    /**
     * A meter's readings: import by day or night as its tariff switches, export in the day, short and long
     * silences, sometimes a swap to a new meter whose registers start near zero.
     */
    static List<RegisterSnapshot> stream(Random random, int spacing) {
        long duration = spacing == 1 ? 4 * 3600 : spacing == 10 ? 14 * 3600 : 30 * 3600;
        long[] milliWh = {5_000_000_000L + random.nextInt(1_000_000_000), 3_000_000_000L, 700_000_000L, 90_000_000L};
        boolean night = random.nextBoolean();
        long importW = random.nextInt(3000);
        long exportW = 0;
        long swapAt = random.nextInt(3) == 0 ? random.nextInt((int) duration) : -1;
        List<RegisterSnapshot> readings = new ArrayList<>();
        long t = START.getEpochSecond() + random.nextInt(900);
        long end = t + duration;
        while (t < end) {
            readings.add(new RegisterSnapshot(Instant.ofEpochSecond(t),
                    new Registers(milliWh[0] / 1000, milliWh[1] / 1000, milliWh[2] / 1000, milliWh[3] / 1000)));
            long step = spacing;
            int roll = random.nextInt(spacing == 1 ? 20_000 : 2_000);
            if (roll < 3) {
                step = 150 + random.nextInt(2 * 3600);          // silent for a while: past the window, often a boundary
            } else if (roll < 10) {
                step = spacing + random.nextInt(100);           // a few telegrams lost, within the window
            }
            if (random.nextInt(5_000) == 0) {
                night = !night;                                  // the tariff period switches
            }
            importW = Math.max(0, Math.min(12_000, importW + random.nextInt(801) - 400));
            exportW = night ? 0 : Math.max(0, Math.min(6_000, exportW + random.nextInt(601) - 300));
            milliWh[night ? 1 : 0] += importW * step * 1000 / 3600;
            milliWh[night ? 3 : 2] += exportW * step * 1000 / 3600;
            long next = t + step;
            if (swapAt >= 0 && next - START.getEpochSecond() >= swapAt) {
                swapAt = -1;
                milliWh = new long[] {random.nextInt(2_000_000), random.nextInt(2_000_000), 0, 0};
            }
            t = next;
        }
        return readings;
    }

    /** The readings as 1–4 nodes get them: each once at a random node, some twice, in the given arrival order. */
    static List<List<RegisterSnapshot>> split(List<RegisterSnapshot> stream, Random random, Arrival arrival) {
        int nodes = 1 + random.nextInt(4);
        List<List<RegisterSnapshot>> shares = new ArrayList<>();
        for (int n = 0; n < nodes; n++) {
            shares.add(new ArrayList<>());
        }
        for (RegisterSnapshot r : stream) {
            shares.get(random.nextInt(nodes)).add(r);
        }
        for (RegisterSnapshot r : stream) {
            if (random.nextInt(10) == 0) {
                // delivered again, to whichever node: later in its share, as after a node died unacknowledged
                List<RegisterSnapshot> share = shares.get(random.nextInt(nodes));
                int at = share.isEmpty() ? 0 : random.nextInt(share.size() + 1);
                int position = Math.max(at, insertionPoint(share, r));
                share.add(Math.min(position + random.nextInt(50), share.size()), r);
            }
        }
        if (arrival == Arrival.SHUFFLED) {
            shares.forEach(share -> Collections.shuffle(share, random));
        }
        return shares;
    }

    private static int insertionPoint(List<RegisterSnapshot> share, RegisterSnapshot r) {
        int i = 0;
        while (i < share.size() && share.get(i).at().isBefore(r.at())) {
            i++;
        }
        return i;
    }

    /** What the nodes store: every pair their candidates offer, merged, then the newest of each as it falls silent. */
    static Map<Instant, BoundaryReading> store(List<List<RegisterSnapshot>> shares, Random random) {
        Map<Instant, BoundaryReading> stored = new TreeMap<>();
        BoundaryCandidates.Sink sink = pair -> stored.merge(pair.boundary(), pair, BoundaryReading::nearer);
        List<BoundaryCandidates> nodes = new ArrayList<>();
        int[] next = new int[shares.size()];
        for (int n = 0; n < shares.size(); n++) {
            nodes.add(new BoundaryCandidates(WINDOW));
        }
        // the nodes take their shares at the same time, interleaved
        int left = shares.stream().mapToInt(List::size).sum();
        while (left > 0) {
            int n = random.nextInt(shares.size());
            if (next[n] < shares.get(n).size()) {
                nodes.get(n).offer(shares.get(n).get(next[n]++), sink);
                left--;
            }
        }
        for (BoundaryCandidates node : nodes) {
            BoundaryReading silent = node.silent(Instant.MAX);
            if (silent != null) {
                sink.store(silent);
            }
        }
        return stored;
    }
}
