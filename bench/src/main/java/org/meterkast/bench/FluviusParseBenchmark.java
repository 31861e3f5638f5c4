package org.meterkast.bench;

import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import org.meterkast.energy.fluvius.FluviusCsvParser;
import org.meterkast.energy.fluvius.FluviusCsvWriter;
import org.meterkast.energy.fluvius.FluviusExport;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading a synthetic three-year quarter-hour Mijn Fluvius export (2023 to 2025, written by
 * {@link FluviusCsvWriter}: 210,432 rows, 25.6 MB) into quarters; one op is one row, so ops/s is rows per second.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(1)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class FluviusParseBenchmark {
    /** 1,096 days of 96 quarters (each year's 23- and 25-hour days make up for each other), two rows each. */
    static final int ROWS = 1096 * 96 * 2;

    private byte[] file;

    @Setup
    public void setUp() {
        file = FluviusCsvWriter.electricity("541448820050357909", "1SAG3200193141", LocalDate.of(2023, 1, 1),
                LocalDate.of(2025, 12, 31), FluviusCsvWriter.syntheticHousehold(2026));
        FluviusExport export = FluviusCsvParser.parse(file);
        if (export.rows() != ROWS || export.missing() != 0) {
            throw new IllegalStateException("unexpected parse of the synthetic file: " + export.rows() + " rows, "
                    + export.missing() + " missing");
        }
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public FluviusExport parse() {
        return FluviusCsvParser.parse(file);
    }
}
