package org.meterkast.bench;

import java.util.concurrent.TimeUnit;
import org.meterkast.p1.FramerStatistics;
import org.meterkast.p1.TelegramFramer;
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
 * The framer (scan for {@code /} and {@code !}, copy, CRC check) fed a stream of telegrams in 1 KiB chunks; the
 * listener only counts frames. One op = one telegram: chunks are fed until the next frame comes out (one or two
 * chunks, 1,059 / 1,024 on average).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FramingBenchmark {
    /** Telegrams in the ring: 16.5 KiB, small enough to stay in L1/L2 like bytes just read from a port. */
    static final int RING_COPIES = 16;

    private ChunkedStream stream;
    private TelegramFramer framer;
    private long frames;

    @Setup
    public void setUp() {
        stream = new ChunkedStream(Sample.telegram(), RING_COPIES);
        framer = new TelegramFramer(frame -> frames++);
    }

    @Benchmark
    public long framing() {
        long before = frames;
        do {
            stream.feed(framer);
        } while (frames == before);
        return frames;
    }

    @TearDown
    public void check() {
        FramerStatistics statistics = framer.statistics();
        if (statistics.rejected() != 0 || statistics.frames() == 0) {
            throw new IllegalStateException("the framer did not deliver every telegram: " + statistics);
        }
    }
}
