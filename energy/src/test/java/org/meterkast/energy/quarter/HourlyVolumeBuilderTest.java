package org.meterkast.energy.quarter;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HourlyVolumeBuilderTest {

    @Test
    void gasReadingsEveryFiveMinutesGiveExactHourlyVolumes() {
        HourlyVolumeBuilder gas = new HourlyVolumeBuilder();
        List<HourlyVolume> hours = new ArrayList<>();
        // the meter takes its reading 2.5 minutes after each 5-minute mark: 12 litres per 5 minutes
        Instant first = Instant.parse("2026-11-24T05:57:30Z");
        for (int i = 0; i <= 36; i++) {
            hours.addAll(gas.accept(first.plusSeconds(300L * i), 100_000 + 12L * i));
        }
        assertThat(hours).extracting(h -> h.start().toString())
                .containsExactly("2026-11-24T06:00:00Z", "2026-11-24T07:00:00Z");
        assertThat(hours).extracting(HourlyVolume::litres).containsExactly(144L, 144L);
        assertThat(hours).noneMatch(HourlyVolume::estimated);
    }

    @Test
    void aGapKeepsTheVolumeExactAndMarksTheHoursEstimated() {
        HourlyVolumeBuilder water = new HourlyVolumeBuilder();
        water.accept(Instant.parse("2026-11-24T06:00:00Z"), 5_000);
        water.accept(Instant.parse("2026-11-24T06:05:00Z"), 5_010);
        List<HourlyVolume> hours = water.accept(Instant.parse("2026-11-24T09:05:00Z"), 5_370);   // 3 h silent
        // 360 litres over the 3 hours between 06:05 and 09:05: 120 an hour; the 06:00 hour had 10 before the gap
        // and 110 in it
        assertThat(hours).extracting(HourlyVolume::litres).containsExactly(120L, 120L, 120L);
        assertThat(hours).allMatch(HourlyVolume::estimated);
        assertThat(water.accept(Instant.parse("2026-11-24T10:00:00Z"), 5_480)).singleElement()
                .satisfies(h -> {
                    assertThat(h.litres()).isEqualTo(5_480 - 5_360);
                    assertThat(h.estimated()).isTrue();     // its start was interpolated across the gap
                });
    }

    @Test
    void aMeterReplacedByANewOneStartsANewSegment() {
        HourlyVolumeBuilder gas = new HourlyVolumeBuilder();
        gas.accept(Instant.parse("2026-11-24T06:00:00Z"), 88_000);
        assertThat(gas.accept(Instant.parse("2026-11-24T06:05:00Z"), 12)).isEmpty();
        assertThat(gas.segment()).isEqualTo(1);
        gas.accept(Instant.parse("2026-11-24T07:00:00Z"), 100);
        assertThat(gas.accept(Instant.parse("2026-11-24T08:00:00Z"), 160))
                .singleElement().satisfies(h -> {
                    assertThat(h.litres()).isEqualTo(60);
                    assertThat(h.segment()).isEqualTo(1);
                });
    }

    @Test
    void aBuilderResumedAtTheLastBoundaryClosesTheHourInWhichItStopped() {
        // one run reads gas from 06:57:30 to 07:22:30 and stops; its last boundary is the 07:00 index
        HourlyVolumeBuilder before = new HourlyVolumeBuilder();
        Instant first = Instant.parse("2026-11-24T06:57:30Z");
        for (int i = 0; i <= 5; i++) {
            before.accept(first.plusSeconds(300L * i), 100_000 + 12L * i);
        }
        VolumeBoundary saved = before.lastBoundary().orElseThrow();
        assertThat(saved).isEqualTo(new VolumeBoundary(Instant.parse("2026-11-24T07:00:00Z"), 100_006, 0));

        // the next run starts at 07:37:30 and reads on: the 07:00 hour closes whole, from the saved index
        HourlyVolumeBuilder after = HourlyVolumeBuilder.resumeAt(saved, HourlyVolumeBuilder.DEFAULT_MAX_GAP);
        List<HourlyVolume> hours = new ArrayList<>();
        for (int i = 8; i <= 13; i++) {
            hours.addAll(after.accept(first.plusSeconds(300L * i), 100_000 + 12L * i));
        }
        // 07:00 → 08:00 is 100,006 → 100,150 (interpolated between the readings on either side of 08:00): 144
        // litres, measured, as both ends come from readings close to them
        assertThat(hours).singleElement().satisfies(h -> {
            assertThat(h.start()).isEqualTo(Instant.parse("2026-11-24T07:00:00Z"));
            assertThat(h.litres()).isEqualTo(144);
            assertThat(h.estimated()).isFalse();
        });
    }

    @Test
    void noBoundaryIsKnownBeforeTheFirstWholeHourStarts() {
        HourlyVolumeBuilder gas = new HourlyVolumeBuilder();
        gas.accept(Instant.parse("2026-11-24T06:57:30Z"), 100);
        assertThat(gas.lastBoundary()).isEmpty();
    }
}
