package org.meterkast.bench;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.p1.TelegramWriter;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
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
 * The pipeline on a live-like stream: 600 successive telegrams of the same meter (ten minutes, one a second),
 * in which the time, powers, voltages, currents, the quarter's average demand and the registers change as a
 * real meter's do, and the gas reading every five minutes. The parser cannot reuse the previous telegram's
 * values here, only its unchanged texts (serials, peak history).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@org.openjdk.jmh.annotations.Measurement(iterations = 5, time = 2)
public class ChangingPipelineBenchmark {
    static final int SECONDS = 600;

    private TelegramPipeline pipeline;

    /** Ten minutes of telegrams from the sample meter, written with the library's writer. */
    static List<byte[]> tenMinutes() {
        return liveLike(SECONDS);
    }

    /** {@code seconds} successive telegrams of the sample meter, one a second from 2026-06-15T10:00:00Z. */
    static List<byte[]> liveLike(int seconds) {
        Telegram sample = new TelegramParser().parse(Sample.telegram());
        Random random = new Random(1);
        List<byte[]> telegrams = new ArrayList<>(seconds);
        long importDay = 1_234_567;
        long exportDay = 89_012;
        Instant start = Instant.parse("2026-06-15T10:00:00Z");
        for (int s = 0; s < seconds; s++) {
            long[] phase = {random.nextInt(3000), random.nextInt(3000), random.nextInt(3000)};
            long solar = 4000 + random.nextInt(500);
            long net = phase[0] + phase[1] + phase[2] - solar;
            importDay += Math.max(0, net) * 1000 / 3600 / 1000;
            exportDay += Math.max(0, -net) * 1000 / 3600 / 1000 + (s % 3 == 0 ? 1 : 0);
            Telegram.Builder b = sample.toBuilder()
                    .timestamp(start.plusSeconds(s))
                    .energyImported(Tariff.DAY, importDay)
                    .energyExported(Tariff.DAY, exportDay)
                    .set(Measurement.POWER_IMPORTED, Math.max(0, net))
                    .set(Measurement.POWER_EXPORTED, Math.max(0, -net))
                    .set(Measurement.CURRENT_AVERAGE_DEMAND, (s % 900) * 3L);
            Measurement[] imports = {Measurement.POWER_IMPORTED_L1, Measurement.POWER_IMPORTED_L2,
                Measurement.POWER_IMPORTED_L3};
            Measurement[] voltages = {Measurement.VOLTAGE_L1, Measurement.VOLTAGE_L2, Measurement.VOLTAGE_L3};
            Measurement[] currents = {Measurement.CURRENT_L1, Measurement.CURRENT_L2, Measurement.CURRENT_L3};
            for (int p = 0; p < 3; p++) {
                long volts = 228_000 + random.nextInt(60) * 100;
                b.set(imports[p], phase[p]).set(voltages[p], volts)
                        .set(currents[p], phase[p] * 1_000_000 / volts / 10 * 10);
            }
            telegrams.add(TelegramWriter.toBytes(b.build()));
        }
        return telegrams;
    }

    @Setup
    public void setUp() {
        pipeline = new TelegramPipeline(new ChunkedStream(tenMinutes()));
    }

    @Benchmark
    public void pipelineChanging(Blackhole blackhole) {
        blackhole.consume(pipeline.next());
    }

    @TearDown
    public void check() {
        pipeline.check();
    }
}
