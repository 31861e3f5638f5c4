package org.meterkast.server.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.price.DayAheadPrice;

class EnergyChartsReaderTest {
    static PricePublication read(String name) {
        return new EnergyChartsReader().read(EntsoeA44ReaderTest.file(name));
    }

    static PricePublication readText(String json) {
        return new EnergyChartsReader().read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void quarterPricesFromTheStepAndNullsSkipped() {
        PricePublication read = read("energy-charts-be-2026-01-15.json");
        List<DayAheadPrice> prices = read.prices();

        assertThat(read.format()).isEqualTo("energy-charts");
        assertThat(prices).hasSize(96).allSatisfy(p -> assertThat(p.resolution()).isEqualTo(DayAheadPrice.QUARTER));
        assertThat(prices.get(0)).isEqualTo(new DayAheadPrice(Instant.parse("2026-01-14T23:00:00Z"),
                DayAheadPrice.QUARTER, new BigDecimal("78.5")));
        assertThat(prices.get(10).start()).isEqualTo(Instant.parse("2026-01-15T01:30:00Z"));
        assertThat(prices.get(10).eurPerMwh()).isEqualTo(new BigDecimal("-0.01"));
        // the next day's first hour was null
        assertThat(prices.get(95).start()).isEqualTo(Instant.parse("2026-01-15T22:45:00Z"));
    }

    @Test
    void hourlyPricesBeforeTheQuarterHourMarket() {
        List<DayAheadPrice> prices = read("energy-charts-be-2025-06-15-hourly.json").prices();

        assertThat(prices).hasSize(24).allSatisfy(p -> assertThat(p.resolution()).isEqualTo(DayAheadPrice.HOUR));
        assertThat(prices.get(0).start()).isEqualTo(Instant.parse("2025-06-14T22:00:00Z"));
        // 15:00 local
        assertThat(prices.get(13).eurPerMwh()).isEqualTo(new BigDecimal("-17.91"));
    }

    @Test
    void decimalsAreKeptAsWritten() {
        List<DayAheadPrice> prices = readText("""
                {"unix_seconds":[1768431600,1768432500],"price":[0.1,120.455],"unit":"EUR / MWh"}""").prices();

        assertThat(prices).extracting(DayAheadPrice::eurPerMwh)
                .containsExactly(new BigDecimal("0.1"), new BigDecimal("120.455"));
    }

    @Test
    void aMalformedAnswerIsAnErrorThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> readText("{\"unix_seconds\":[1768431600,1768432500],\"price\":[1.0]}"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("2 unix_seconds but 1 prices");
        assertThatThrownBy(() -> readText("{\"unix_seconds\":[1768431600,1768433400],\"price\":[1.0,2.0]}"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("timestamps 1800 s apart");
        assertThatThrownBy(() -> readText("{\"price\":[1.0]}"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("'unix_seconds' is missing");
        assertThatThrownBy(() -> readText("{\"unix_seconds\":[1768431600],\"price\":[1],\"unit\":\"EUR / kWh\"}"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("unit 'EUR / kWh'");
        assertThatThrownBy(() -> readText("{\"unix_seconds\":[1768431600],\"price\":[\"high\"]}"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("price[0] is \"high\"");
        assertThatThrownBy(() -> readText("not json"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("not JSON");
    }
}
