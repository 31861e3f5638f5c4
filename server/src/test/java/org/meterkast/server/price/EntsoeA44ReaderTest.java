package org.meterkast.server.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.Quarter;

class EntsoeA44ReaderTest {
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    static InputStream file(String name) {
        return Objects.requireNonNull(EntsoeA44ReaderTest.class.getResourceAsStream("/prices/" + name), name);
    }

    static PricePublication read(String name) {
        return new EntsoeA44Reader(EntsoeA44Reader.BELGIUM).read(file(name));
    }

    static PricePublication readText(String xml) {
        return new EntsoeA44Reader(EntsoeA44Reader.BELGIUM)
                .read(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static long quartersOf(List<DayAheadPrice> prices, LocalDate day) {
        Instant start = day.atStartOfDay(BRUSSELS).toInstant();
        Instant end = day.plusDays(1).atStartOfDay(BRUSSELS).toInstant();
        return prices.stream().filter(p -> p.resolution().equals(DayAheadPrice.QUARTER))
                .filter(p -> !p.start().isBefore(start) && p.start().isBefore(end)).count();
    }

    @Test
    void aWinterDayFillsTheLeftOutRepeatsUpToThePeriodsEnd() {
        PricePublication read = read("entsoe-a44-be-2026-01-15.xml");
        Map<Instant, BigDecimal> quarters = DayAheadPrices.of(read.prices()).quarterPrices();

        assertThat(read.format()).isEqualTo("entsoe-a44");
        assertThat(read.prices()).hasSize(96);
        // 00:00 on Thursday 15 January in Brussels
        assertThat(read.prices().get(0).start()).isEqualTo(Instant.parse("2026-01-14T23:00:00Z"));
        // position 3 is left out: position 1's 78.50 holds
        assertThat(quarters.get(Instant.parse("2026-01-14T23:30:00Z"))).isEqualTo(new BigDecimal("78.50"));
        // position 43 (10:30 local) is left out: position 41's 91.37
        assertThat(quarters.get(Instant.parse("2026-01-15T09:30:00Z"))).isEqualTo(new BigDecimal("91.37"));
        // positions 95 and 96 are left out: position 94's price holds to the end of the period
        assertThat(quarters.get(Instant.parse("2026-01-15T22:45:00Z"))).isEqualTo(new BigDecimal("88.03"));
        assertThat(quarters.keySet()).last().isEqualTo(Instant.parse("2026-01-15T22:45:00Z"));
    }

    @Test
    void theSpringForwardDayHas92QuartersAndNegativePrices() {
        List<DayAheadPrice> prices = read("entsoe-a44-be-2026-03-28-spring-forward.xml").prices();
        DayAheadPrices index = DayAheadPrices.of(prices);

        assertThat(prices).hasSize(96 + 92);
        assertThat(quartersOf(prices, LocalDate.of(2026, 3, 28))).isEqualTo(96);
        assertThat(quartersOf(prices, LocalDate.of(2026, 3, 29))).isEqualTo(92);
        // 13:00 summer time is 11:00Z; 13:15 (position 50) is left out and keeps −25.30
        assertThat(index.quarterIndex(Quarter.parse("2026-03-29T11:15:00Z"))).contains(new BigDecimal("-25.30"));
        assertThat(index.hourIndex(Quarter.parse("2026-03-29T11:45:00Z"))).contains(new BigDecimal("-25.30"));
        assertThat(index.quarterPrices().keySet()).last().isEqualTo(Instant.parse("2026-03-29T21:45:00Z"));
    }

    @Test
    void theFallBackDayHas100Quarters() {
        List<DayAheadPrice> prices = read("entsoe-a44-be-2025-10-26-fall-back.xml").prices();

        assertThat(prices).hasSize(100);
        assertThat(quartersOf(prices, LocalDate.of(2025, 10, 26))).isEqualTo(100);
        assertThat(prices.get(0).start()).isEqualTo(Instant.parse("2025-10-25T22:00:00Z"));
        assertThat(prices.get(99).start()).isEqualTo(Instant.parse("2025-10-26T22:45:00Z"));
    }

    @Test
    void keepsBothResolutionsOfTheZonesDayAheadAndSkipsIntradayAndOtherZones() {
        List<DayAheadPrice> prices = read("entsoe-a44-be-2026-02-17-both-resolutions.xml").prices();
        DayAheadPrices index = DayAheadPrices.of(prices);

        assertThat(index.quarterPrices()).hasSize(96);
        assertThat(index.hourPrices()).hasSize(24);
        Quarter first = Quarter.parse("2026-02-16T23:00:00Z");
        assertThat(index.quarterIndex(first)).contains(new BigDecimal("73.24"));
        assertThat(index.quarterIndex(first.plus(1))).contains(new BigDecimal("69.79"));
        // the published hourly price, not the mean of the four quarters (74.2625)
        assertThat(index.hourIndex(first)).contains(new BigDecimal("74.26"));
        // the intraday series is priced 400 higher, the Dutch one 7 higher: neither came in
        assertThat(prices).allSatisfy(p -> assertThat(p.eurPerMwh()).isLessThan(new BigDecimal("300")));
        assertThat(prices).noneMatch(p -> p.start().equals(first.start())
                && p.eurPerMwh().equals(new BigDecimal("80.24")));
    }

    @Test
    void anotherZoneReadsItsOwnSeries() {
        List<DayAheadPrice> dutch = new EntsoeA44Reader("10YNL----------L")
                .read(file("entsoe-a44-be-2026-02-17-both-resolutions.xml")).prices();

        assertThat(dutch).hasSize(96);
        assertThat(dutch.get(0).eurPerMwh()).isEqualTo(new BigDecimal("80.24"));
    }

    @Test
    void anAcknowledgementIsNoPricesAndItsReason() {
        PricePublication read = read("entsoe-acknowledgement-no-data.xml");

        assertThat(read.prices()).isEmpty();
        assertThat(read.noDataReason()).hasValueSatisfying(reason -> assertThat(reason)
                .startsWith("reason 999: No matching data found for Data item Energy Prices [12.1.D]"));
    }

    static final String ONE_POINT = """
            <Publication_MarketDocument xmlns="urn:iec62325.351:tc57wg16:451-3:publicationdocument:7:3">
              <type>A44</type>
              <TimeSeries>
                <in_Domain.mRID codingScheme="A01">10YBE----------2</in_Domain.mRID>
                <contract_MarketAgreement.type>A01</contract_MarketAgreement.type>
                <curveType>%s</curveType>
                <Period>
                  <timeInterval><start>2026-02-16T23:00Z</start><end>%s</end></timeInterval>
                  <resolution>%s</resolution>
                  <Point><position>%s</position><price.amount>%s</price.amount></Point>
                </Period>
              </TimeSeries>
            </Publication_MarketDocument>
            """;

    @Test
    void withCurveTypeA01ALeftOutPositionIsNotFilled() {
        List<DayAheadPrice> prices = readText(ONE_POINT.formatted("A01", "2026-02-17T00:00Z", "PT15M", "2", "-0.50"))
                .prices();

        assertThat(prices).containsExactly(new DayAheadPrice(Instant.parse("2026-02-16T23:15:00Z"),
                DayAheadPrice.QUARTER, new BigDecimal("-0.50")));
    }

    @Test
    void aMalformedDocumentIsAnErrorThatSaysWhatIsWrong() {
        assertThatThrownBy(() -> readText(ONE_POINT.formatted("A03", "2026-02-17T00:00Z", "PT15M", "5", "1.00")))
                .isInstanceOf(PriceFormatException.class)
                .hasMessageContaining("position 5 is past the 4 positions of 2026-02-16T23:00Z/2026-02-17T00:00Z");
        assertThatThrownBy(() -> readText(ONE_POINT.formatted("A03", "2026-02-17T00:00Z", "PT30M", "1", "1.00")))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("resolution PT30M");
        assertThatThrownBy(() -> readText(ONE_POINT.formatted("A03", "2026-02-17T00:00Z", "PT15M", "1", "12,5")))
                .isInstanceOf(PriceFormatException.class)
                .hasMessageContaining("line 10").hasMessageContaining("price.amount '12,5' is not a number");
        assertThatThrownBy(() -> readText(ONE_POINT.formatted("A03", "tomorrow", "PT15M", "1", "1.00")))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("'tomorrow' is not a UTC time");
        assertThatThrownBy(() -> readText(ONE_POINT.formatted("A03", "2026-02-17T00:00Z", "PT15M", "0", "1.00")))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("position '0'");
        assertThatThrownBy(() -> readText("<html><body>Unauthorized</body></html>"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("the root element is <html>");
        assertThatThrownBy(() -> readText("<Publication_MarketDocument><TimeSeries>"))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("not well-formed XML");
        assertThatThrownBy(() -> readText(ONE_POINT.replace("<type>A44</type>", "<type>A65</type>")
                .formatted("A03", "2026-02-17T00:00Z", "PT15M", "1", "1.00")))
                .isInstanceOf(PriceFormatException.class).hasMessageContaining("its type is A65");
    }

    @Test
    void refusesADocumentTypeDeclaration() {
        String xml = "<?xml version=\"1.0\"?><!DOCTYPE x [<!ENTITY e SYSTEM \"file:///etc/passwd\">]>"
                + "<Publication_MarketDocument><type>&e;</type></Publication_MarketDocument>";

        assertThatThrownBy(() -> readText(xml)).isInstanceOf(PriceFormatException.class);
    }
}
