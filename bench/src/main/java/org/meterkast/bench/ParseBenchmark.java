package org.meterkast.bench;

import java.util.concurrent.TimeUnit;
import org.meterkast.p1.Telegram;
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
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Parsing the frame bytes ({@code /} to {@code !}) into a {@link Telegram} with one reused parser, as a stream from
 * one meter uses it (its text caches hit, as they do for the serials and peak history of a real meter).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ParseBenchmark {
    private byte[] frame;
    private TelegramParser parser;

    @Setup
    public void setUp() {
        frame = Sample.frame();
        parser = new TelegramParser();
        Telegram telegram = parser.parse(frame, 0, frame.length);
        if (!telegram.warnings().isEmpty() || !telegram.unknownObjects().isEmpty()
                || telegram.mbusDevices().size() != 2) {
            throw new IllegalStateException("unexpected parse of the sample: " + telegram.warnings()
                    + " " + telegram.unknownObjects() + " " + telegram.mbusDevices().size() + " M-Bus devices");
        }
    }

    @Benchmark
    public void parse(Blackhole blackhole) {
        blackhole.consume(parser.parse(frame, 0, frame.length));
    }
}
