package org.meterkast.server.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The integration of readings into quarters, each figure worked out by hand in its comment. */
class QuarterAccumulatorTest {
    private static final long T0 = Instant.parse("2026-11-24T09:00:00Z").toEpochMilli();

    private static QuarterAccumulator.Sample at(long seconds, double watts, double level) {
        return new QuarterAccumulator.Sample(T0 + seconds * 1000, watts, level);
    }

    @Test
    void twoThousandWattsForAWholeQuarterReadEveryFiveSecondsStoresFiveHundredWattHours() {
        // 2,000 W × 900 s = 1,800,000 Ws = 500 Wh; the reading at 09:15:00 opens the next quarter and closes this one
        var acc = new QuarterAccumulator();
        List<QuarterAccumulator.Closed> closed = new ArrayList<>();
        for (long s = 0; s <= 900; s += 5) {
            closed.addAll(acc.add(at(s, 2000, 40 + s / 90.0)));
        }
        assertThat(closed).hasSize(1);
        QuarterAccumulator.Closed q = closed.get(0);
        assertThat(q.startMs()).isEqualTo(T0);
        assertThat(q.positiveWh()).isCloseTo(500, within(1e-9));
        assertThat(q.negativeWh()).isZero();
        assertThat(q.measuredMs()).isEqualTo(900_000);
        // the charge rose from 40 % to 50 % in a straight line: it averages 45 %, ends at 50 %
        assertThat(q.levelEnd()).isCloseTo(50, within(1e-9));
        assertThat(q.levelMin()).isCloseTo(40, within(1e-9));
        assertThat(q.levelMax()).isCloseTo(50, within(1e-9));
        assertThat(q.levelAverage()).isCloseTo(45, within(1e-9));
    }

    @Test
    void aGapLongerThanTwoMinutesIsNotIntegrated() {
        // readings every 5 s from 09:00:00 to 09:05:00 and from 09:10:00 to 09:15:00, none in between: the 5 minutes
        // of the gap are unknown, so 2,000 W × 600 s = 1,200,000 Ws = 333.33 Wh, measured 600 s
        var acc = new QuarterAccumulator();
        List<QuarterAccumulator.Closed> closed = new ArrayList<>();
        for (long s = 0; s <= 900; s += 5) {
            if (s > 300 && s < 600) {
                continue;
            }
            closed.addAll(acc.add(at(s, 2000, Double.NaN)));
        }
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).positiveWh()).isCloseTo(333.333, within(0.001));
        assertThat(closed.get(0).measuredMs()).isEqualTo(600_000);
        assertThat(closed.get(0).levelEnd()).isNaN();
    }

    @ParameterizedTest(name = "{0} W then {1} W over {2} s: in {3} Wh, out {4} Wh")
    @CsvSource({
            // a steady charge: 1,000 W × 3,600 s / 3,600 = 1,000 Wh... over 60 s: 16.667 Wh
            "1000, 1000, 60, 16.6667, 0",
            // a ramp from 0 to 3,600 W over 60 s: a triangle, 3,600 / 2 × 60 s = 108,000 Ws = 30 Wh
            "0, 3600, 60, 30, 0",
            // discharging −2,400 W steadily for 30 s: 72,000 Ws = 20 Wh out
            "-2400, -2400, 30, 0, 20",
            // from +1,800 W to −1,800 W over 60 s: crosses zero at 30 s; two triangles of 1,800/2 × 30 = 27,000 Ws
            // = 7.5 Wh each way
            "1800, -1800, 60, 7.5, 7.5",
            // from −3,000 W to +1,000 W over 40 s: zero at 30 s; out 3,000/2 × 30 = 45,000 Ws = 12.5 Wh; in
            // 1,000/2 × 10 = 5,000 Ws = 1.3889 Wh
            "-3000, 1000, 40, 1.3889, 12.5",
    })
    void aPairOfReadingsIsATrapezoidSplitWhereItCrossesZero(double p0, double p1, long seconds, double in,
                                                           double out) {
        var acc = new QuarterAccumulator();
        acc.add(at(0, p0, Double.NaN));
        acc.add(at(seconds, p1, Double.NaN));
        QuarterAccumulator.Closed q = acc.partial().orElseThrow();
        assertThat(q.positiveWh()).isCloseTo(in, within(0.0001));
        assertThat(q.negativeWh()).isCloseTo(out, within(0.0001));
    }

    @Test
    void aPairAcrossTheBoundaryIsCutThereWithThePowerAndTheChargeInterpolated() {
        // 09:14:50 at 1,000 W, 60 %, then 09:15:10 at 3,000 W, 62 %: at 09:15:00 the line gives 2,000 W and 61 %.
        // Before: (1,000 + 2,000) / 2 × 10 s = 15,000 Ws = 4.1667 Wh; after: (2,000 + 3,000) / 2 × 10 = 6.9444 Wh
        var acc = new QuarterAccumulator();
        acc.add(at(890, 1000, 60));
        List<QuarterAccumulator.Closed> closed = acc.add(at(910, 3000, 62));
        assertThat(closed).hasSize(1);
        assertThat(closed.get(0).positiveWh()).isCloseTo(4.1667, within(0.0001));
        assertThat(closed.get(0).levelEnd()).isCloseTo(61, within(1e-9));
        assertThat(closed.get(0).measuredMs()).isEqualTo(10_000);
        assertThat(closed.get(0).lastMs()).isEqualTo(T0 + 900_000);
        QuarterAccumulator.Closed next = acc.partial().orElseThrow();
        assertThat(next.startMs()).isEqualTo(T0 + 900_000);
        assertThat(next.positiveWh()).isCloseTo(6.9444, within(0.0001));
        assertThat(next.levelMin()).isCloseTo(61, within(1e-9));
        assertThat(next.levelEnd()).isCloseTo(62, within(1e-9));
        assertThat(next.firstMs()).isEqualTo(T0 + 900_000);
    }

    @Test
    void aReadingOutOfOrderIsLeftOutAndCounted() {
        var acc = new QuarterAccumulator();
        acc.add(at(10, 500, 50));
        acc.add(at(5, 9000, 10));
        acc.add(at(20, 500, 50));
        // 500 W × 10 s = 5,000 Ws = 1.3889 Wh; the 9,000 W of the stale reading never counts
        assertThat(acc.partial().orElseThrow().positiveWh()).isCloseTo(1.3889, within(0.0001));
        assertThat(acc.partial().orElseThrow().levelMin()).isEqualTo(50);
        assertThat(acc.ignored()).isOne();
    }

    @Test
    void aQuarterIsClosedTwoMinutesAfterItsEndWhenNoReadingComes() {
        var acc = new QuarterAccumulator();
        acc.add(at(0, 1200, 30));
        acc.add(at(60, 1200, 31));
        // its end is 09:15; not before 09:17
        assertThat(acc.closeIfOver(T0 + 900_000 + 120_000)).isEmpty();
        QuarterAccumulator.Closed q = acc.closeIfOver(T0 + 900_000 + 120_001).orElseThrow();
        // 1,200 W × 60 s = 72,000 Ws = 20 Wh
        assertThat(q.positiveWh()).isCloseTo(20, within(1e-9));
        assertThat(acc.partial()).isEmpty();
        assertThat(acc.closeIfOver(T0 + 10_000_000)).isEmpty();
    }
}
