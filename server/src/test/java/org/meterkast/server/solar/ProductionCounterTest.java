package org.meterkast.server.solar;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.server.store.ProductionQuarter;

class ProductionCounterTest {
    private static final Instant T0 = Instant.parse("2026-06-21T10:00:00Z");

    private static Instant at(long seconds) {
        return T0.plusSeconds(seconds);
    }

    @Test
    void quartersAreTheCounterInterpolatedAtTheirBoundaries() {
        ProductionCounter counter = new ProductionCounter();
        assertThat(counter.accept(at(10), 1_000)).as("the first quarter's start is unknown").isEmpty();
        assertThat(counter.accept(at(890), 1_000 + 880)).isEmpty();
        // 10:14:50 → 10:15:10, 20 s and 20 Wh: 10 of them before the boundary
        assertThat(counter.accept(at(910), 1_900)).isEmpty();
        assertThat(counter.accept(at(1_800), 2_790)).containsExactly(new ProductionQuarter(at(900), 900, 2_790));
    }

    @Test
    void aMissedPollLosesNothing() {
        ProductionCounter counter = new ProductionCounter();
        counter.accept(at(0), 0);
        List<ProductionQuarter> quarters = new ArrayList<>();
        quarters.addAll(counter.accept(at(100), 100));
        // nothing for 50 minutes, then 3,000 Wh more: spread over the quarters, adding up to the counter exactly
        quarters.addAll(counter.accept(at(3_100), 3_100));
        assertThat(quarters).extracting(ProductionQuarter::wh).containsExactly(900L, 900L, 900L);
        assertThat(quarters.get(2).counterWh()).isEqualTo(2_700);
        assertThat(counter.accept(at(3_600), 3_200)).containsExactly(new ProductionQuarter(at(2_700), 500, 3_200));
    }

    @Test
    void aSleepingInverterGivesZerosAndACounterThatWentBackStartsAfresh() {
        ProductionCounter counter = new ProductionCounter();
        counter.resumeAt(at(0), 50_000);
        // asleep all night: the counter did not move, so every quarter is 0
        assertThat(counter.accept(at(10 * 3600 + 5), 50_000)).hasSize(40).allMatch(q -> q.wh() == 0);
        assertThat(counter.accept(at(10 * 3600 + 10), 7)).as("a new inverter").isEmpty();
        assertThat(counter.accept(at(10 * 3600 + 900), 100)).isEmpty();
        assertThat(counter.accept(at(10 * 3600 + 1800), 200)).hasSize(1);
    }

    @Test
    void aLongGapOverWhichTheCounterMovedIsNotSpread() {
        ProductionCounter counter = new ProductionCounter();
        counter.resumeAt(at(0), 1_000);
        assertThat(counter.accept(at(3 * 3600 + 1), 9_000)).as("three hours: not spread").isEmpty();
        // it goes on from there: the quarter the restart fell in is not whole, the ones after it are
        List<ProductionQuarter> after = counter.accept(at(4 * 3600), 9_500);
        assertThat(after).extracting(ProductionQuarter::start)
                .containsExactly(at(3 * 3600 + 900), at(3 * 3600 + 1800), at(3 * 3600 + 2700));
        assertThat(after.get(2).counterWh()).isEqualTo(9_500);
    }
}
