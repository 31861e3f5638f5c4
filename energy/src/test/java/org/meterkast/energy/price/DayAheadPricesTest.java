package org.meterkast.energy.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.assertj.core.data.MapEntry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.meterkast.energy.quarter.Quarter;

class DayAheadPricesTest {
    // 2026-01-12 10:00Z is 11:00 in Brussels; the hour 10:00Z has four quarter prices, 11:00Z only an hourly one
    static final Instant TEN = Instant.parse("2026-01-12T10:00:00Z");
    static final Instant ELEVEN = Instant.parse("2026-01-12T11:00:00Z");

    static DayAheadPrice quarter(Instant start, String eurPerMwh) {
        return new DayAheadPrice(start, DayAheadPrice.QUARTER, new BigDecimal(eurPerMwh));
    }

    static DayAheadPrice hour(Instant start, String eurPerMwh) {
        return new DayAheadPrice(start, DayAheadPrice.HOUR, new BigDecimal(eurPerMwh));
    }

    static final DayAheadPrices PRICES = DayAheadPrices.of(List.of(
            quarter(TEN, "73.24"), quarter(TEN.plusSeconds(900), "69.79"),
            quarter(TEN.plusSeconds(1800), "-5.01"), quarter(TEN.plusSeconds(2700), "60.00"),
            hour(ELEVEN, "80.50"),
            quarter(ELEVEN.plusSeconds(1800), "91.10"),
            // 12:00Z: only three of its quarters
            quarter(ELEVEN.plusSeconds(3600), "10.00"), quarter(ELEVEN.plusSeconds(4500), "10.00"),
            quarter(ELEVEN.plusSeconds(5400), "10.00")));

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
        # case                                   | quarter              | quarter index | hour index
          own quarter price                      | 2026-01-12T10:00:00Z |         73.24 |    49.505
          a negative quarter price               | 2026-01-12T10:30:00Z |         -5.01 |    49.505
          no quarter price: the hour's           | 2026-01-12T11:15:00Z |         80.50 |     80.50
          both published: each its own           | 2026-01-12T11:30:00Z |         91.10 |     80.50
          three quarters of four: no hour mean   | 2026-01-12T12:00:00Z |         10.00 |
          a quarter with no price at all         | 2026-01-12T12:45:00Z |               |
          an hour before everything              | 2026-01-12T09:45:00Z |               |
        """)
    void indexesOfAQuarter(String name, Instant start, BigDecimal quarterIndex, BigDecimal hourIndex) {
        Quarter q = new Quarter(start);

        assertThat(PRICES.quarterIndex(q)).isEqualTo(Optional.ofNullable(quarterIndex));
        assertThat(PRICES.hourIndex(q)).isEqualTo(Optional.ofNullable(hourIndex));
    }

    @Test
    void theHourlyMeanIsExactNotRounded() {
        // (73.24 + 69.79 - 5.01 + 60.00) / 4 = 198.02 / 4 = 49.505: three decimals, where the quarters have two
        assertThat(PRICES.hourIndex(new Quarter(TEN.plusSeconds(2700))))
                .hasValueSatisfying(v -> {
                    assertThat(v).isEqualByComparingTo("49.505");
                    assertThat(v.scale()).isEqualTo(3);
                });
    }

    @Test
    void aLaterPriceForTheSameIntervalReplacesTheEarlier() {
        DayAheadPrices prices = DayAheadPrices.of(List.of(quarter(TEN, "1.00"), quarter(TEN, "2.00")));

        assertThat(prices.quarterIndex(new Quarter(TEN))).contains(new BigDecimal("2.00"));
        assertThat(prices.size()).isEqualTo(1);
    }

    @Test
    void noPricesAnswerEmpty() {
        assertThat(DayAheadPrices.NONE.isEmpty()).isTrue();
        assertThat(DayAheadPrices.NONE.size()).isZero();
        assertThat(DayAheadPrices.NONE.first()).isEmpty();
        assertThat(DayAheadPrices.NONE.quarterIndex(new Quarter(TEN))).isEmpty();
        assertThat(DayAheadPrices.NONE.hourIndex(new Quarter(TEN))).isEmpty();
    }

    @Test
    void countsAndFirstCoverBothResolutions() {
        assertThat(PRICES.size()).isEqualTo(9);
        assertThat(PRICES.first()).contains(TEN);
        assertThat(DayAheadPrices.of(List.of(hour(ELEVEN, "1"), quarter(ELEVEN.plusSeconds(900), "2"))).first())
                .contains(ELEVEN);
        assertThat(PRICES.quarterPrices()).hasSize(8).containsEntry(TEN.plusSeconds(1800), new BigDecimal("-5.01"));
        assertThat(PRICES.hourPrices()).containsExactly(MapEntry.entry(ELEVEN, new BigDecimal("80.50")));
    }

    @Test
    void aPriceStartsOnItsOwnBoundaryAndIsPerQuarterOrHour() {
        assertThatThrownBy(() -> hour(TEN.plusSeconds(900), "1")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("2026-01-12T10:15:00Z");
        assertThatThrownBy(() -> new DayAheadPrice(TEN, Duration.ofMinutes(30), BigDecimal.ONE))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("PT30M");
    }
}
