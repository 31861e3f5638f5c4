package org.meterkast.bench;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.meterkast.energy.quarter.BoundaryTelegrams;
import org.meterkast.energy.quarter.MeterCandidates;
import org.meterkast.p1.stream.TelegramDecoder;
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
 * Fleet mode's per-message work in memory, as the server's FleetIngest does it on a carrier thread: one message of
 * raw telegram bytes decoded with the thread's reused decoder (framing, CRC, parsing), the node's clock checked, the
 * registers taken and the meter's BoundaryCandidates asked whether the reading must be stored around a boundary
 * (with the default window of 2 minutes, 4 minutes of every 15: 27 % of the readings). The batched write is not in
 * it. One op = one message; an hour of live-like telegrams of one meter, one a second, taken in order.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FleetIngestBenchmark {
    static final int SECONDS = 3600;
    static final Instant START = Instant.parse("2026-06-15T10:00:00Z");

    private List<byte[]> messages;
    private final BoundaryTelegrams telegrams = new BoundaryTelegrams(Duration.ofMinutes(10), Duration.ofDays(7));
    private MeterCandidates meter;
    private int next;
    private int nextDecoded;
    private final TelegramDecoder decoder = new TelegramDecoder(telegram -> { });
    private long taken;
    private final PairCount sink = new PairCount();

    @Setup
    public void setUp() {
        messages = ChangingPipelineBenchmark.liveLike(SECONDS);
        meter = new MeterCandidates(Duration.ofMinutes(2));
    }

    @Benchmark
    public BoundaryTelegrams.Outcome message() {
        if (next == messages.size()) {
            // the hour again, for a meter this node has not heard yet: its readings are new to it
            next = 0;
            meter = new MeterCandidates(Duration.ofMinutes(2));
        }
        long now = START.toEpochMilli() + next * 1000L + 300;
        BoundaryTelegrams.Outcome outcome = telegrams.accept(messages.get(next++), now, meter, sink);
        if (outcome == BoundaryTelegrams.Outcome.TAKEN) {
            taken++;
        }
        return outcome;
    }

    /** The decoding alone, the same messages with a decoder of its own: what the rest of {@link #message} adds. */
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
            return;         // only decodeOnly ran
        }
        if (taken == 0 || sink.pairs == 0 || sink.last == null) {
            throw new IllegalStateException("no reading taken (" + taken + ") or stored (" + sink.pairs + "): "
                    + telegrams.problem());
        }
        double share = (double) sink.pairs / taken;
        if (share < 0.2 || share > 0.35) {
            throw new IllegalStateException("expected about 27 % of the readings near a boundary, not " + share);
        }
    }
}
