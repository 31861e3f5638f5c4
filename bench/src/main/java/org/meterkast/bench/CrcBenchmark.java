package org.meterkast.bench;

import java.util.concurrent.TimeUnit;
import org.meterkast.p1.Crc16;
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

/** CRC-16/ARC over the frame part of the telegram ({@code /} to {@code !}); one op = one telegram's CRC. */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CrcBenchmark {
    private static final int EXPECTED = 0x3AD7;

    private byte[] frame;

    @Setup
    public void setUp() {
        frame = Sample.frame();
        int crc = Crc16.of(frame, 0, frame.length);
        if (crc != EXPECTED) {
            throw new IllegalStateException(String.format("CRC %04X, expected %04X", crc, EXPECTED));
        }
    }

    @Benchmark
    public int crc() {
        return Crc16.of(frame, 0, frame.length);
    }
}
