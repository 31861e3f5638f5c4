package org.meterkast.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.meterkast.energy.quarter.BoundaryTelegrams;
import org.meterkast.energy.quarter.MeterCandidates;
import org.meterkast.p1.stream.TelegramDecoder;
import org.meterkast.sim.fleet.Fleet;
import org.meterkast.sim.fleet.FleetMeter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Fleet mode's per-message work as a node meets it: {@link FleetIngestBenchmark}'s, but the messages of 500 simulated
 * meters one after the other, one telegram of each per second (as a shared subscription hands them over), each meter
 * with its own candidates. The decoder's memory of the previous telegram is then another meter's: what the cluster's
 * profile shows (docs/BENCHMARKS.md). One op = one message; {@code decodeOnly} is the decoding alone of the same.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FleetMessagesBenchmark {
    static final int METERS = 500;
    static final int SECONDS = 120;

    private final List<byte[]> messages = new ArrayList<>();
    private final MeterCandidates[] meters = new MeterCandidates[METERS];
    private Instant start;
    private final BoundaryTelegrams telegrams = new BoundaryTelegrams(Duration.ofMinutes(10), Duration.ofDays(7));
    private final TelegramDecoder decoder = new TelegramDecoder(telegram -> { });
    private int next;
    private int nextDecoded;
    private long taken;
    private final PairCount sink = new PairCount();

    @Setup
    public void setUp() {
        start = Instant.parse("2026-06-15T10:00:00Z");
        Fleet fleet = new Fleet(1, start, 1);
        List<FleetMeter> fleetMeters = new ArrayList<>();
        for (int n = 1; n <= METERS; n++) {
            fleetMeters.add(fleet.meter(n));
        }
        for (int s = 0; s < SECONDS; s++) {
            for (FleetMeter m : fleetMeters) {
                messages.add(m.next());
            }
        }
        fresh();
    }

    /** The meters as new to the node: each time round, so their readings are new to it again. */
    private void fresh() {
        for (int i = 0; i < METERS; i++) {
            meters[i] = new MeterCandidates(Duration.ofMinutes(2));
        }
    }

    @Benchmark
    public BoundaryTelegrams.Outcome message() {
        if (next == messages.size()) {
            next = 0;
            fresh();
        }
        int i = next++;
        long now = start.toEpochMilli() + (i / METERS) * 1000L + 300;
        BoundaryTelegrams.Outcome outcome = telegrams.accept(messages.get(i), now, meters[i % METERS], sink);
        if (outcome == BoundaryTelegrams.Outcome.TAKEN) {
            taken++;
        }
        return outcome;
    }

    @Benchmark
    public int decodeOnly() {
        if (nextDecoded == messages.size()) {
            nextDecoded = 0;
        }
        return decoder.acceptMessage(messages.get(nextDecoded++));
    }

    @TearDown
    public void check() {
        if (next == 0 && nextDecoded > 0) {
            return;
        }
        if (taken == 0 || sink.pairs == 0) {
            throw new IllegalStateException("no reading taken (" + taken + ") or stored (" + sink.pairs + "): "
                    + telegrams.problem());
        }
    }
}
