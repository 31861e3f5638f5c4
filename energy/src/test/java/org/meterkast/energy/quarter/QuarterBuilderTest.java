package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class QuarterBuilderTest {

    private static RegisterSnapshot at(String instant, long importDay, long importNight, long exportDay, long exportNight) {
        return new RegisterSnapshot(Instant.parse(instant), new Registers(importDay, importNight, exportDay, exportNight));
    }

    private static RegisterSnapshot importDay(String instant, long wh) {
        return at(instant, wh, 0, 0, 0);
    }

    /** Feeds one reading a second with a constant import power, starting at {@code start} with register {@code wh}. */
    private static List<ClosedQuarter> steady(QuarterBuilder builder, Instant start, long seconds, long watts, long wh) {
        List<ClosedQuarter> closed = new ArrayList<>();
        long milliWh = wh * 1000;
        for (long s = 0; s <= seconds; s++) {
            closed.addAll(builder.accept(new RegisterSnapshot(start.plusSeconds(s),
                    new Registers(milliWh / 1000, 0, 0, 0))));
            milliWh += watts * 1000 / 3600;
        }
        return closed;
    }

    @Test
    void aQuarterIsTheRegistersAtItsEndMinusAtItsStart() {
        QuarterBuilder builder = new QuarterBuilder();
        // 3.6 kW is 1 Wh per second: 900 Wh a quarter
        List<ClosedQuarter> closed = steady(builder, Instant.parse("2026-11-24T10:00:00Z"), 3600, 3600, 5000);
        assertThat(closed).hasSize(4);
        assertThat(closed).extracting(c -> c.quarter().toString()).containsExactly(
                "2026-11-24T10:00:00Z", "2026-11-24T10:15:00Z", "2026-11-24T10:30:00Z", "2026-11-24T10:45:00Z");
        assertThat(closed).allSatisfy(c -> {
            assertThat(c.energy()).isEqualTo(new QuarterEnergy(900, 0, 0, 0));
            assertThat(c.energy().averageImportWatts()).isEqualTo(3600);
            assertThat(c.estimated()).isFalse();
            assertThat(c.segment()).isZero();
        });
    }

    @Test
    void theQuarterInWhichTheFirstReadingFallsIsNotEmittedBecauseItsStartIsUnknown() {
        QuarterBuilder builder = new QuarterBuilder();
        List<ClosedQuarter> closed = steady(builder, Instant.parse("2026-11-24T10:07:13Z"), 1800, 3600, 0);
        assertThat(closed).extracting(c -> c.quarter().toString())
                .containsExactly("2026-11-24T10:15:00Z");     // 10:00 is partial, 10:30 still open
        assertThat(builder.lastBoundary()).hasValueSatisfying(b ->
                assertThat(b.at()).isEqualTo(Instant.parse("2026-11-24T10:30:00Z")));
    }

    @Test
    void aGapSpreadsItsEnergyExactlyOverTheMissingQuartersMarkedEstimated() {
        QuarterBuilder builder = new QuarterBuilder();
        builder.accept(importDay("2026-11-24T10:00:00Z", 0));
        assertThat(builder.accept(importDay("2026-11-24T10:05:00Z", 300))).isEmpty();
        // an hour offline: 3,600 Wh more when the dongle comes back at 11:05
        List<ClosedQuarter> closed = builder.accept(importDay("2026-11-24T11:05:00Z", 3900));
        assertThat(closed).extracting(c -> c.energy().importDay()).containsExactly(900L, 900L, 900L, 900L);
        assertThat(closed).allSatisfy(c -> assertThat(c.estimated()).isTrue());
        // the quarter in progress started at an interpolated boundary, so it is estimated too
        List<ClosedQuarter> next = new ArrayList<>();
        for (int minute = 6; minute <= 30; minute++) {      // readings again, a minute apart
            next.addAll(builder.accept(importDay(String.format("2026-11-24T11:%02d:00Z", minute), 3900 + 20L * (minute - 5))));
        }
        assertThat(next).hasSize(2);
        assertThat(next.get(0).energy().importDay()).isEqualTo(4100 - 3600);
        assertThat(next.get(0).estimated()).isTrue();
        assertThat(next.get(1).energy().importDay()).isEqualTo(300);
        assertThat(next.get(1).estimated()).isFalse();
    }

    @Test
    void anUnevenGapLosesNoWattHourToRounding() {
        QuarterBuilder builder = new QuarterBuilder();
        builder.accept(at("2026-11-24T00:00:00Z", 0, 0, 0, 0));
        List<ClosedQuarter> closed = builder.accept(at("2026-11-25T07:13:00Z", 1001, 7, 333, 1));
        long quarters = Duration.between(Instant.parse("2026-11-24T00:00:00Z"), Instant.parse("2026-11-25T07:00:00Z"))
                .toMinutes() / 15;
        assertThat(closed).hasSize((int) quarters);
        QuarterEnergy total = closed.stream().map(ClosedQuarter::energy).reduce(QuarterEnergy.ZERO, QuarterEnergy::plus);
        // what the quarters hold plus what the open quarter has so far is exactly the registers' difference
        RegisterSnapshot boundary = builder.lastBoundary().orElseThrow();
        assertThat(total).isEqualTo(boundary.registers().minus(Registers.ZERO));
        assertThat(boundary.registers().importDay()).isEqualTo(1001L * 1860 / 1873);   // 31 h of 31 h 13 min, rounded down
    }

    @Test
    void dayAndNightRegistersAreSplitAsTheMeterCountedThem() {
        QuarterBuilder builder = new QuarterBuilder();
        builder.accept(at("2026-11-24T20:45:00Z", 1000, 500, 0, 0));     // 21:45 local
        List<ClosedQuarter> first = builder.accept(at("2026-11-24T21:00:00Z", 1200, 500, 0, 0));
        List<ClosedQuarter> second = builder.accept(at("2026-11-24T21:15:00Z", 1200, 650, 0, 0));
        assertThat(first).singleElement().extracting(ClosedQuarter::energy).isEqualTo(new QuarterEnergy(200, 0, 0, 0));
        assertThat(second).singleElement().extracting(ClosedQuarter::energy).isEqualTo(new QuarterEnergy(0, 150, 0, 0));
    }

    @Test
    void aRegisterThatGoesDownStartsANewSegmentAndNeverGivesNegativeEnergy() {
        QuarterBuilder builder = new QuarterBuilder();
        builder.accept(importDay("2026-11-24T10:00:00Z", 90_000));
        builder.accept(importDay("2026-11-24T10:10:00Z", 90_100));
        // the meter was swapped: a new meter starts near zero
        assertThat(builder.accept(importDay("2026-11-24T10:12:00Z", 3))).isEmpty();
        assertThat(builder.segment()).isEqualTo(1);
        assertThat(builder.segmentBreaks()).isEqualTo(1);
        assertThat(builder.accept(importDay("2026-11-24T10:15:00Z", 10))).isEmpty();   // 10:00 quarter dropped
        List<ClosedQuarter> closed = builder.accept(importDay("2026-11-24T10:30:00Z", 110));
        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.segment()).isEqualTo(1);
            assertThat(c.energy().importDay()).isEqualTo(100);
        });
    }

    @Test
    void aReadingThatIsNotLaterIsIgnoredAndCounted() {
        QuarterBuilder builder = new QuarterBuilder();
        builder.accept(importDay("2026-11-24T10:00:00Z", 100));
        builder.accept(importDay("2026-11-24T10:01:00Z", 110));
        assertThat(builder.accept(importDay("2026-11-24T10:01:00Z", 999))).isEmpty();
        assertThat(builder.accept(importDay("2026-11-24T09:59:00Z", 50))).isEmpty();
        assertThat(builder.ignoredReadings()).isEqualTo(2);
        assertThat(builder.accept(importDay("2026-11-24T10:15:00Z", 250)))
                .singleElement().extracting(c -> c.energy().importDay()).isEqualTo(150L);
    }

    @Test
    void aRestartInTheMiddleOfAQuarterStillClosesItWithItsWholeEnergy() {
        Instant start = Instant.parse("2026-11-24T10:00:00Z");
        List<ClosedQuarter> uninterrupted = steady(new QuarterBuilder(), start, 1800, 2000, 100);

        QuarterBuilder before = new QuarterBuilder();
        List<ClosedQuarter> closed = new ArrayList<>(steady(before, start, 1000, 2000, 100));   // stops at 10:16:40
        RegisterSnapshot stored = before.lastBoundary().orElseThrow();
        assertThat(stored.at()).isEqualTo(Instant.parse("2026-11-24T10:15:00Z"));

        QuarterBuilder after = QuarterBuilder.resumeAt(stored, before.segment(), QuarterBuilder.DEFAULT_MAX_GAP);
        // back 30 s later, the registers having counted on meanwhile
        long milliWh = 100_000 + 1030 * (2000 * 1000 / 3600);
        for (long s = 1030; s <= 1800; s++) {
            closed.addAll(after.accept(new RegisterSnapshot(start.plusSeconds(s), new Registers(milliWh / 1000, 0, 0, 0))));
            milliWh += 2000 * 1000 / 3600;
        }
        assertThat(closed).isEqualTo(uninterrupted);
        assertThat(closed.get(1).energy().importDay()).isEqualTo(500);    // 2 kW for a quarter
    }

    @Test
    void aShortGapInsideOneQuarterLeavesItMeasured() {
        QuarterBuilder builder = new QuarterBuilder();
        builder.accept(importDay("2026-11-24T10:00:00Z", 0));
        builder.accept(importDay("2026-11-24T10:01:00Z", 10));
        builder.accept(importDay("2026-11-24T10:13:00Z", 130));   // 12 minutes without readings, same quarter
        builder.accept(importDay("2026-11-24T10:14:00Z", 140));
        assertThat(builder.accept(importDay("2026-11-24T10:15:30Z", 155)))
                .singleElement().satisfies(c -> {
                    assertThat(c.estimated()).isFalse();
                    assertThat(c.energy().importDay()).isEqualTo(150);
                });
    }

    @Test
    void aRestartJustAfterAMeterSwapGivesTheSameQuartersAsRunningOn() {
        // the old meter is read until 10:05; the new one, with lower registers, from 10:06. The state saved before
        // the swap (the 10:00 boundary of the old meter) is the one a restart at 10:10 resumes from.
        Instant t0 = Instant.parse("2026-11-24T10:00:00Z");
        QuarterBuilder running = new QuarterBuilder();
        steady(running, t0.minusSeconds(60), 360, 3600, 90_000);
        RegisterSnapshot saved = running.lastBoundary().orElseThrow();
        int savedSegment = running.segment();
        List<ClosedQuarter> ranOn = new ArrayList<>(steady(running, t0.plusSeconds(360), 600, 3600, 10));
        ranOn.addAll(steady(running, t0.plusSeconds(961), 1800, 3600, 611));

        QuarterBuilder first = new QuarterBuilder();
        steady(first, t0.minusSeconds(60), 360, 3600, 90_000);
        steady(first, t0.plusSeconds(360), 240, 3600, 10);          // the new meter, until 10:10
        QuarterBuilder restarted = QuarterBuilder.resumeAt(saved, savedSegment, QuarterBuilder.DEFAULT_MAX_GAP);
        List<ClosedQuarter> afterRestart = new ArrayList<>(steady(restarted, t0.plusSeconds(601), 359, 3600, 251));
        afterRestart.addAll(steady(restarted, t0.plusSeconds(961), 1800, 3600, 611));

        // the quarter of the swap is not emitted (its start on the new meter is unknown); the next ones are, in
        // segment 1, with their whole energy and never a negative one, whether or not the server restarted
        assertThat(afterRestart).isEqualTo(ranOn);
        assertThat(ranOn).extracting(c -> c.quarter().start())
                .containsExactly(t0.plusSeconds(900), t0.plusSeconds(1800));
        assertThat(ranOn).allSatisfy(c -> {
            assertThat(c.segment()).isEqualTo(1);
            assertThat(c.energy().importDay()).isEqualTo(900);
        });
    }

    @Test
    void resumingNeedsAQuarterBoundary() {
        assertThatThrownBy(() -> QuarterBuilder.resumeAt(importDay("2026-11-24T10:07:00Z", 1), 0, Duration.ofMinutes(2)))
                .hasMessage("resume at a quarter boundary, not at 2026-11-24T10:07:00Z");
        assertThatThrownBy(() -> new Registers(-1, 0, 0, 0)).hasMessageContaining("cannot be negative");
    }
}
