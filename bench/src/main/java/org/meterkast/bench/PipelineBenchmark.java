package org.meterkast.bench;

import java.util.concurrent.TimeUnit;
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
    private TelegramPipeline pipeline;

    @Setup
    public void setUp() {
        pipeline = new TelegramPipeline(new ChunkedStream(Sample.telegram(), FramingBenchmark.RING_COPIES));
    }

    @Benchmark
    public void pipeline(Blackhole blackhole) {
        blackhole.consume(pipeline.next());
    }

    @TearDown
    public void check() {
        pipeline.check();
    }
}
