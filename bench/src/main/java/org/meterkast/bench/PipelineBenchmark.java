package org.meterkast.bench;

import java.util.concurrent.TimeUnit;
import org.meterkast.p1.FramerStatistics;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;
import org.meterkast.p1.TelegramParser;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Bytes to telegrams: the framer fed 1 KiB chunks (framing and CRC check), each frame parsed by one reused
 * parser, each telegram consumed. One op = one telegram: chunks are fed until the next telegram comes out.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class PipelineBenchmark {
    private ChunkedStream stream;
    private TelegramFramer framer;
    private TelegramParser parser;
    private Telegram parsed;

    @Setup
    public void setUp() {
        stream = new ChunkedStream(Sample.telegram(), FramingBenchmark.RING_COPIES);
        parser = new TelegramParser();
        framer = new TelegramFramer(frame -> parsed = parser.parse(frame));
    }

    @Benchmark
    public void pipeline(Blackhole blackhole) {
        do {
            stream.feed(framer);
        } while (parsed == null);
        blackhole.consume(parsed);
        parsed = null;
    }

    @TearDown
    public void check() {
        FramerStatistics statistics = framer.statistics();
        if (statistics.rejected() != 0 || statistics.frames() == 0) {
            throw new IllegalStateException("the framer did not deliver every telegram: " + statistics);
        }
    }
}
