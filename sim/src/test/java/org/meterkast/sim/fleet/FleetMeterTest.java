package org.meterkast.sim.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;

class FleetMeterTest {
    private static final Instant START = Instant.parse("2026-03-10T08:59:00Z");

    @Test
    void idsAreFiveDigitsFromOne() {
        assertThat(Fleet.meterId(1)).isEqualTo("fleet-00001");
        assertThat(Fleet.meterId(10_000)).isEqualTo("fleet-10000");
        assertThatThrownBy(() -> Fleet.meterId(0)).hasMessageContaining("1 to 99999, not 0");
        assertThatThrownBy(() -> new Fleet(1, START.plusMillis(5), 10)).hasMessageContaining("whole second");
        assertThatThrownBy(() -> new Fleet(1, START, 0)).hasMessageContaining("secondsPerTelegram must be 1 to 3600");
    }

    @Test
    void theSameSeedMeterAndIndexGiveTheSameBytes() {
        Fleet fleet = new Fleet(7, START, 10);
        FleetMeter once = fleet.meter(42);
        FleetMeter again = new Fleet(7, START, 10).meter(42);
        for (int i = 0; i < 200; i++) {
            assertThat(again.next()).as("telegram %d", i).isEqualTo(once.next());
        }
        assertThat(new String(fleet.meter(43).next(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .isNotEqualTo(new String(fleet.meter(42).next(), java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(new Fleet(8, START, 10).meter(42).next()).isNotEqualTo(fleet.meter(42).next());
    }

    @Test
    void aSkippedTelegramLeavesTheNextOneAsItWouldHaveBeen() {
        FleetMeter made = new Fleet(7, START, 10).meter(5);
        FleetMeter skipping = new Fleet(7, START, 10).meter(5);
        made.next();
        made.next();
        skipping.next();
        skipping.skip();
        assertThat(skipping.index()).isEqualTo(2);
        assertThat(skipping.next()).isEqualTo(made.next());
        FleetMeter first = new Fleet(7, START, 10).meter(5);
        first.skip();
        made = new Fleet(7, START, 10).meter(5);
        made.next();
        assertThat(first.next()).isEqualTo(made.next());
    }

    @Test
    void telegramIIsStampedStartPlusISecondsPerTelegram() {
        FleetMeter meter = new Fleet(1, START, 10).meter(3);
        TelegramParser parser = new TelegramParser();
        for (int i = 0; i < 5; i++) {
            assertThat(meter.index()).isEqualTo(i);
            assertThat(meter.nextTime()).isEqualTo(START.plusSeconds(10L * i));
            Telegram t = parser.parse(meter.next());
            assertThat(t.timestamp()).contains(START.plusSeconds(10L * i));
            assertThat(t.warnings()).isEmpty();
            assertThat(t.equipmentId()).hasValueSatisfying(id -> assertThat(id).startsWith("1SAG31"));
        }
    }

    @Test
    void theRegistersGrowByThePowerTheTelegramShowsTimesTheSecondsToTheNext() {
        // 10 s steps from a whole minute never cross a 5-minute boundary inside a step: the power a telegram shows
        // is what the meter integrates until the next one, so the registers must have grown by it, to the Wh
        TelegramParser parser = new TelegramParser();
        for (int number : new int[] {1, 2, 3, 4, 5, 6, 7, 8}) {
            FleetMeter meter = new Fleet(11, START, 10).meter(number);
            Telegram previous = parser.parse(meter.next());
            for (int i = 1; i < 360; i++) {
                Telegram t = new TelegramParser().parse(meter.next());
                long imported = total(t, true) - total(previous, true);
                long exported = total(t, false) - total(previous, false);
                long importWatts = previous.get(Measurement.POWER_IMPORTED).orElseThrow();
                long exportWatts = previous.get(Measurement.POWER_EXPORTED).orElseThrow();
                assertThat(imported * 3600).as("meter %d telegram %d import", number, i)
                        .isBetween(importWatts * 10 - 3600, importWatts * 10 + 3600);
                assertThat(exported * 3600).as("meter %d telegram %d export", number, i)
                        .isBetween(exportWatts * 10 - 3600, exportWatts * 10 + 3600);
                previous = t;
            }
        }
    }

    @Test
    void householdsDifferAcrossTheFleet() {
        Fleet fleet = new Fleet(1, Instant.parse("2026-06-21T10:00:00Z"), 60);
        Set<Long> importRegisters = new HashSet<>();
        List<Long> exportingAtNoon = new ArrayList<>();
        for (int n = 1; n <= 40; n++) {
            Telegram t = new TelegramParser().parse(fleet.meter(n).next());
            importRegisters.add(t.energyImported(Tariff.DAY).orElseThrow());
            exportingAtNoon.add(t.get(Measurement.POWER_EXPORTED).orElseThrow());
        }
        assertThat(importRegisters).hasSize(40);
        // three in four homes have panels: on a June morning most of the forty export, and not all
        assertThat(exportingAtNoon.stream().filter(w -> w > 0).count()).isBetween(15L, 39L);
    }

    private static long total(Telegram t, boolean imported) {
        return imported ? t.energyImported(Tariff.DAY).orElseThrow() + t.energyImported(Tariff.NIGHT).orElseThrow()
                : t.energyExported(Tariff.DAY).orElseThrow() + t.energyExported(Tariff.NIGHT).orElseThrow();
    }
}
