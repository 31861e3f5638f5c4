package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.fleet.SingleNodeQuarters.Differences;
import org.meterkast.server.fleet.SingleNodeQuarters.Row;
import org.meterkast.sim.fleet.Fleet;
import org.meterkast.sim.fleet.FleetMeter;

class SingleNodeQuartersTest {
    private static final long Q9 = Instant.parse("2026-03-10T09:00:00Z").getEpochSecond();

    /** A Belgian telegram with only what the quarters need: the time and the four registers. */
    private static byte[] telegram(String at, long importDayWh, long importNightWh) {
        Telegram t = Telegram.builder(Dialect.BELGIAN).header("FLU5\\253769484_A").version("50217")
                .timestamp(Instant.parse(at)).energyImported(Tariff.DAY, importDayWh)
                .energyImported(Tariff.NIGHT, importNightWh).energyExported(Tariff.DAY, 0)
                .energyExported(Tariff.NIGHT, 0).build();
        return TelegramWriter.toBytes(t);
    }

    /**
     * Readings 10 s either side of each boundary, registers rising straight between them, so the boundaries fall
     * on whole Wh: 1010 at 09:00, 1900 at 09:15, 2800 at 09:30; then twenty minutes of silence to 09:50:10.
     */
    private static SingleNodeQuarters handMade() {
        return new SingleNodeQuarters("fleet-00001")
                .accept(telegram("2026-03-10T08:59:50Z", 1000, 500))
                .accept(telegram("2026-03-10T09:00:10Z", 1020, 500))
                .accept(telegram("2026-03-10T09:14:50Z", 1890, 500))
                .accept(telegram("2026-03-10T09:15:10Z", 1910, 500))
                .accept(telegram("2026-03-10T09:29:50Z", 2790, 500))
                .accept(telegram("2026-03-10T09:30:10Z", 2810, 500))
                .accept(telegram("2026-03-10T09:50:10Z", 3210, 500));
    }

    @Test
    void quartersAreTheRegistersAtTheirBoundariesAndAGapMakesThemEstimated() {
        List<Row> rows = handMade().rows();
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0)).isEqualTo(new Row("fleet-00001", Q9, 890, 0, 0, 0, false));
        assertThat(rows.get(1)).isEqualTo(new Row("fleet-00001", Q9 + 900, 900, 0, 0, 0, false));
        // 09:30 to 09:45 lies in the twenty silent minutes: estimated; 09:45 to 10:00 is not closed yet
        assertThat(rows.get(2).startEpoch()).isEqualTo(Q9 + 1800);
        assertThat(rows.get(2).estimated()).isTrue();
        assertThat(rows.get(2).importDayWh()).isBetween(300L, 310L);
    }

    @Test
    void theComparisonNamesWhatIsMissingExtraOrDifferent() {
        List<Row> expected = handMade().rows();
        assertThat(SingleNodeQuarters.compare(expected, expected).none()).isTrue();

        List<Row> stored = new ArrayList<>(expected);
        Row first = stored.remove(0);
        stored.add(new Row("fleet-00001", Q9 - 900, 10, 0, 0, 0, false));
        Row estimated = stored.get(1);
        stored.set(1, new Row(estimated.meter(), estimated.startEpoch(), estimated.importDayWh(),
                estimated.importNightWh(), estimated.exportDayWh(), estimated.exportNightWh(), false));
        Differences<Row> d = SingleNodeQuarters.compare(expected, stored);
        assertThat(d.none()).isFalse();
        assertThat(d.missing()).containsExactly(first);
        assertThat(d.extra()).containsExactly(new Row("fleet-00001", Q9 - 900, 10, 0, 0, 0, false));
        assertThat(d.different()).hasSize(1);
        assertThat(d.different().get(0).expected().estimated()).isTrue();
        assertThat(d.different().get(0).stored().estimated()).isFalse();
        assertThat(d.describe(5)).startsWith("1 missing, 1 not expected, 1 with other values")
                .contains("missing: fleet-00001 2026-03-10T09:00:00Z import 890+0 Wh, export 0+0 Wh");
        // the same start of another meter is another quarter
        assertThat(SingleNodeQuarters.compare(expected, List.of(new Row("fleet-00002", Q9, 890, 0, 0, 0, false)))
                .missing()).hasSize(3);
    }

    @Test
    void fortyMinutesOfAFleetMeterFromAMinuteBeforeAQuarterCloseTwoQuarters() {
        Fleet fleet = new Fleet(1, Instant.ofEpochSecond(Q9 - 60), 20);
        FleetMeter meter = fleet.meter(17);
        SingleNodeQuarters quarters = new SingleNodeQuarters(meter.id());
        for (int i = 0; i < 120; i++) {
            quarters.accept(meter.next());
        }
        assertThat(quarters.rows()).extracting(Row::startEpoch).containsExactly(Q9, Q9 + 900);
        assertThat(quarters.rows()).allSatisfy(r -> {
            assertThat(r.estimated()).isFalse();
            assertThat(r.importDayWh() + r.importNightWh() + r.exportDayWh() + r.exportNightWh()).isPositive();
        });
    }

    @Test
    void seventySixMinutesOfAFleetMeterFromAMinuteBeforeAnHourCloseAnHourOfGasAndOfWater() {
        Fleet fleet = new Fleet(1, Instant.ofEpochSecond(Q9 - 60), 38);
        FleetMeter meter = fleet.meter(17);
        SingleNodeQuarters made = new SingleNodeQuarters(meter.id());
        for (int i = 0; i < 120; i++) {
            made.accept(meter.next());
        }
        assertThat(made.rows()).extracting(Row::startEpoch).containsExactly(Q9, Q9 + 900, Q9 + 1800, Q9 + 2700);
        assertThat(made.hours()).extracting(SingleNodeQuarters.Hour::medium, SingleNodeQuarters.Hour::startEpoch,
                SingleNodeQuarters.Hour::estimated).containsExactly(tuple("gas", Q9, false), tuple("water", Q9, false));
        assertThat(made.hours()).anyMatch(h -> h.litres() > 0);
    }
}
