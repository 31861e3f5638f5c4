package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Register glitches and real jumps above what the connection carries. */
class QuarterGlitchTest {
    private static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");
    private static final long GLITCH = 100_000_000;     // +100,000 kWh on 1.8.2

    private final QuarterBuilder builder = new QuarterBuilder();
    private final List<ClosedQuarter> closed = new ArrayList<>();
    private final List<Quarantine> quarantined = new ArrayList<>();

    /** The registers at second s: 1 Wh a second on import night (1.8.2), 1 Wh every third on export day. */
    private static Registers steady(long s) {
        return new Registers(5_000, 20_000 + s, 700 + s / 3, 0);
    }

    private void feed(long second, Registers registers) {
        closed.addAll(builder.accept(new RegisterSnapshot(T0.plusSeconds(second), registers)));
        quarantined.addAll(builder.takeQuarantined());
    }

    private void feedSteady(long from, long to) {
        for (long s = from; s < to; s++) {
            feed(s, steady(s));
        }
    }

    private static Registers glitched(long s) {
        Registers r = steady(s);
        return new Registers(r.importDay(), r.importNight() + GLITCH, r.exportDay(), r.exportNight());
    }

    @Test
    void aSpikeAtAQuarterBoundaryIsDroppedAndTheQuartersAroundItAreExact() {
        feedSteady(0, 900);
        feed(900, glitched(900));           // 10:15:00, on the boundary
        feedSteady(901, 1801);

        assertThat(closed).extracting(c -> c.quarter().start())
                .containsExactly(T0, T0.plusSeconds(900));
        // the 10:00 quarter ends at the boundary interpolated between the good readings of 10:14:59 and 10:15:01
        Registers boundary = steady(899).interpolate(steady(901), 1, 2);
        assertThat(closed.get(0).energy()).isEqualTo(boundary.minus(steady(0)));
        assertThat(closed.get(1).energy()).isEqualTo(steady(1800).minus(boundary));
        assertThat(closed).allSatisfy(c -> {
            assertThat(c.estimated()).isFalse();
            assertThat(c.segment()).isZero();
            assertThat(ConnectionLimit.MAIN_FUSE.carries(c.energy())).isTrue();
        });
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.resolution()).isEqualTo(Quarantine.Resolution.SPIKE_DISCARDED);
            assertThat(q.quarter().start()).isEqualTo(T0);
            assertThat(q.before()).isEqualTo(new RegisterSnapshot(T0.plusSeconds(899), steady(899)));
            assertThat(q.after()).isEqualTo(new RegisterSnapshot(T0.plusSeconds(900), glitched(900)));
            assertThat(q.energy()).isEqualTo(glitched(900).minus(steady(899)));
            assertThat(q.limitW()).isEqualTo(43_470);
        });
        assertThat(builder.quarantines()).isEqualTo(1);
        assertThat(builder.segment()).isZero();
        assertThat(builder.segmentBreaks()).isZero();
    }

    @Test
    void aSpikeInsideAQuarterNoLongerDropsIt() {
        feedSteady(0, 450);
        feed(450, glitched(450));           // 10:07:30
        feedSteady(451, 901);

        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.quarter().start()).isEqualTo(T0);
            assertThat(c.energy()).isEqualTo(steady(900).minus(steady(0)));
            assertThat(c.estimated()).isFalse();
        });
        assertThat(quarantined).singleElement().extracting(Quarantine::resolution)
                .isEqualTo(Quarantine.Resolution.SPIKE_DISCARDED);
    }

    @Test
    void aSpikeOfSeveralMinutesIsDroppedAndTheQuarterAcrossItIsEstimated() {
        feedSteady(0, 880);
        for (long s = 880; s < 1000; s += 10) {     // two minutes of glitched telegrams across 10:15
            feed(s, glitched(s));
        }
        feedSteady(1000, 1801);

        Registers boundary = steady(879).interpolate(steady(1000), 21, 121);
        assertThat(closed).extracting(c -> c.energy()).containsExactly(
                boundary.minus(steady(0)), steady(1800).minus(boundary));
        assertThat(closed).extracting(ClosedQuarter::estimated).containsExactly(true, true);
        assertThat(quarantined).singleElement().extracting(Quarantine::resolution)
                .isEqualTo(Quarantine.Resolution.SPIKE_DISCARDED);
    }

    @Test
    void aJumpThatPersistsStaysInQuarantineAndTheMeterGoesOnAsANewSegment() {
        feedSteady(0, 1000);
        for (long s = 1000; s < 3601; s++) {        // from 10:16:40 on, the new level for good
            feed(s, glitched(s));
        }

        assertThat(closed).extracting(c -> c.quarter().start()).containsExactly(
                T0, T0.plusSeconds(1800), T0.plusSeconds(2700));
        assertThat(closed.get(1).segment()).isEqualTo(1);
        assertThat(closed.get(1).energy()).isEqualTo(glitched(2700).minus(glitched(1800)));
        assertThat(closed).allSatisfy(c -> assertThat(ConnectionLimit.MAIN_FUSE.carries(c.energy())).isTrue());
        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.resolution()).isEqualTo(Quarantine.Resolution.NEW_LEVEL);
            assertThat(q.quarter().start()).isEqualTo(T0.plusSeconds(900));
            assertThat(q.before().registers()).isEqualTo(steady(999));
            assertThat(q.after().registers()).isEqualTo(glitched(1000));
        });
        assertThat(builder.segment()).isEqualTo(1);
    }

    @Test
    void aJumpConfirmedBySparseReadingsClosesTheQuartersTheyCross() {
        for (long s = 0; s <= 900; s += 100) {
            feed(s, steady(s));
        }
        for (long s = 1000; s <= 4000; s += 1000) {     // the new level, read every 1000 s: confirmed at 4000
            feed(s, glitched(s));
        }

        assertThat(quarantined).singleElement().extracting(Quarantine::resolution)
                .isEqualTo(Quarantine.Resolution.NEW_LEVEL);
        assertThat(closed).extracting(c -> c.quarter().start(), ClosedQuarter::segment, ClosedQuarter::estimated,
                        c -> c.energy().importNight())
                .containsExactly(tuple(T0, 0, false, 900L), tuple(T0.plusSeconds(1800), 1, true, 900L),
                        tuple(T0.plusSeconds(2700), 1, true, 900L));
    }

    @Test
    void aJumpIsUndecidedUntilAQuarterHourOfReadingsFollowsIt() {
        feedSteady(0, 1000);
        for (long s = 1000; s < 1900; s++) {
            feed(s, glitched(s));
        }
        assertThat(builder.holding()).isTrue();
        assertThat(quarantined).isEmpty();
        feed(1900, glitched(1900));
        assertThat(builder.holding()).isFalse();
        assertThat(quarantined).singleElement().extracting(Quarantine::resolution)
                .isEqualTo(Quarantine.Resolution.NEW_LEVEL);
    }

    @Test
    void anExportGlitchIsCaughtToo() {
        feedSteady(0, 900);
        Registers r = steady(900);
        feed(900, new Registers(r.importDay(), r.importNight(), r.exportDay() + GLITCH, r.exportNight()));
        feedSteady(901, 1801);
        assertThat(closed).hasSize(2).allSatisfy(c -> assertThat(c.energy().exported()).isLessThan(400));
        assertThat(quarantined).hasSize(1);
    }

    @Test
    void aDayOfflineIsNotAGlitch() {
        feedSteady(0, 10);
        // a day later, 30 kWh more: 1.25 kW on average
        feed(86_400, new Registers(5_000, 20_000 + 10 + 30_000, 703, 0));
        assertThat(quarantined).isEmpty();
        assertThat(closed).hasSize(96).allSatisfy(c -> assertThat(c.estimated()).isTrue());
    }

    @Test
    void aQuarterAboveTheLimitFromStepsEachWithinItIsQuarantined() {
        QuarterBuilder small = new QuarterBuilder(QuarterBuilder.DEFAULT_MAX_GAP, ConnectionLimit.parse("1x40A"));
        // 9,200 W: 2,300 Wh a quarter at most; two steps of 2,000 Wh within one quarter
        List<ClosedQuarter> out = new ArrayList<>();
        for (long s = 0; s <= 1800; s += 60) {
            long wh = s / 60 + (s >= 300 ? 2_000 : 0) + (s >= 600 ? 2_000 : 0);
            out.addAll(small.accept(new RegisterSnapshot(T0.plusSeconds(s), new Registers(wh, 0, 0, 0))));
        }
        assertThat(out).extracting(c -> c.quarter().start()).containsExactly(T0.plusSeconds(900));
        assertThat(small.takeQuarantined()).singleElement().satisfies(q -> {
            assertThat(q.resolution()).isEqualTo(Quarantine.Resolution.OVER_LIMIT);
            assertThat(q.energy().importDay()).isEqualTo(4_015);
            assertThat(q.before().at()).isEqualTo(T0);
            assertThat(q.after().at()).isEqualTo(T0.plusSeconds(900));
            assertThat(q.limitW()).isEqualTo(9_200);
        });
    }

    @Test
    void aNewLevelConfirmedBySparseReadingsClosesTheQuartersAfterIt() {
        // a reading every 10 minutes: the readings held after the step cross two quarter boundaries, and the first
        // one after the step closes none
        feed(0, steady(0));
        for (long s = 600; s <= 2400; s += 600) {
            feed(s, glitched(s));
        }

        assertThat(quarantined).singleElement().satisfies(q -> {
            assertThat(q.resolution()).isEqualTo(Quarantine.Resolution.NEW_LEVEL);
            assertThat(q.after().at()).isEqualTo(T0.plusSeconds(600));
        });
        // the new level starts inside 10:00, so 10:15 is its first whole quarter; the gaps make it an estimate
        assertThat(closed).singleElement().satisfies(c -> {
            assertThat(c.quarter().start()).isEqualTo(T0.plusSeconds(900));
            assertThat(c.segment()).isEqualTo(1);
            assertThat(c.estimated()).isTrue();
            assertThat(c.energy()).isEqualTo(glitched(1800).minus(glitched(900)));
        });
    }

    @Test
    void theLimitIsAFuseOrAPower() {
        assertThat(ConnectionLimit.parse("3x63A").watts()).isEqualTo(43_470);
        assertThat(ConnectionLimit.MAIN_FUSE.wattHoursPerQuarter()).isEqualTo(10_867.5);
        assertThat(ConnectionLimit.parse("1 x 40 A").watts()).isEqualTo(9_200);
        assertThat(ConnectionLimit.parse("17kW").watts()).isEqualTo(17_000);
        assertThat(ConnectionLimit.parse("9200W").watts()).isEqualTo(9_200);
        assertThat(ConnectionLimit.parse("9200").watts()).isEqualTo(9_200);
        assertThat(ConnectionLimit.MAIN_FUSE.carries(new QuarterEnergy(10_867, 0, 0, 0))).isTrue();
        assertThat(ConnectionLimit.MAIN_FUSE.carries(new QuarterEnergy(10_000, 868, 0, 0))).isFalse();
        assertThatThrownBy(() -> ConnectionLimit.parse("lots")).hasMessageContaining("3x63A");
        assertThatThrownBy(() -> ConnectionLimit.parse("0")).hasMessageContaining("more than 0 W");
        assertThatThrownBy(() -> ConnectionLimit.parse("4x63A")).hasMessageContaining("3x63A");
    }
}
