package org.meterkast.server.price;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.Quarter;
import org.springframework.jdbc.core.JdbcTemplate;

/** The price store's rules, run against each database the server supports: one subclass per database. */
abstract class DayAheadPriceRepositoryContract {
    static final String BE = EntsoeA44Reader.BELGIUM;
    static final Instant T0 = Instant.parse("2026-01-14T23:00:00Z");
    static final Instant FETCHED = Instant.parse("2026-01-14T12:05:00Z");

    private DayAheadPriceRepository repository;
    private JdbcTemplate jdbc;

    /** A fresh, empty database. */
    abstract DataSource dataSource();

    /** The Flyway folder of this database. */
    abstract String vendor();

    @BeforeEach
    void migrate() {
        DataSource ds = dataSource();
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor()).load().migrate();
        jdbc = new JdbcTemplate(ds);
        repository = new DayAheadPriceRepository(jdbc);
    }

    static DayAheadPrice quarter(int index, String price) {
        return new DayAheadPrice(T0.plusSeconds(900L * index), DayAheadPrice.QUARTER, new BigDecimal(price));
    }

    static DayAheadPrice hour(int index, String price) {
        return new DayAheadPrice(T0.plusSeconds(3600L * index), DayAheadPrice.HOUR, new BigDecimal(price));
    }

    @Test
    void pricesComeBackExactlyAsWrittenNegativeIncluded() {
        List<DayAheadPrice> written = List.of(quarter(0, "73.24"), quarter(1, "-5.01"), quarter(2, "0.00"),
                quarter(3, "4000.00"), hour(1, "120.455"), hour(2, "-0.123456"));

        repository.save(BE, written, "entsoe-a44 upload", FETCHED);

        DayAheadPrices read = repository.prices(BE, T0, T0.plusSeconds(3 * 3600));
        assertThat(read.size()).isEqualTo(6);
        assertThat(read.quarterPrices().values()).containsExactly(new BigDecimal("73.24"), new BigDecimal("-5.01"),
                new BigDecimal("0.00"), new BigDecimal("4000.00"));
        assertThat(read.hourPrices().values()).containsExactly(new BigDecimal("120.455"), new BigDecimal("-0.123456"));
        assertThat(read.hourIndex(new Quarter(T0))).as("(73.24 - 5.01 + 0 + 4000) / 4").contains(new BigDecimal("1017.0575"));
    }

    @Test
    void writingTwiceChangesNothingAndALaterPublicationReplaces() {
        repository.save(BE, List.of(quarter(0, "73.24"), quarter(1, "69.79")), "entsoe-a44 upload", FETCHED);
        repository.save(BE, List.of(quarter(0, "73.24"), quarter(1, "69.79")), "entsoe-a44 upload", FETCHED);
        repository.save(BE, List.of(quarter(1, "70.01")), "entsoe-a44 web-api.tp.entsoe.eu",
                FETCHED.plusSeconds(3600));

        DayAheadPrices read = repository.prices(BE, T0, T0.plusSeconds(3600));
        assertThat(read.quarterPrices().values()).containsExactly(new BigDecimal("73.24"), new BigDecimal("70.01"));
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM day_ahead_price", Integer.class)).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT source FROM day_ahead_price WHERE start_epoch = ?", String.class,
                T0.plusSeconds(900).getEpochSecond())).isEqualTo("entsoe-a44 web-api.tp.entsoe.eu");
        assertThat(jdbc.queryForObject("SELECT fetched_epoch FROM day_ahead_price WHERE start_epoch = ?", Long.class,
                T0.plusSeconds(900).getEpochSecond())).isEqualTo(FETCHED.plusSeconds(3600).getEpochSecond());
    }

    @Test
    void aQuarterAndAnHourWithTheSameStartAreApartAsAreZones() {
        repository.save(BE, List.of(quarter(0, "1.00"), hour(0, "2.00")), "test", FETCHED);
        repository.save("10YNL----------L", List.of(quarter(0, "3.00")), "test", FETCHED);

        DayAheadPrices belgian = repository.prices(BE, T0, T0.plusSeconds(900));
        assertThat(belgian.quarterIndex(new Quarter(T0))).contains(new BigDecimal("1.00"));
        assertThat(belgian.hourIndex(new Quarter(T0))).contains(new BigDecimal("2.00"));
        assertThat(repository.prices("10YNL----------L", T0, T0.plusSeconds(900)).size()).isEqualTo(1);
    }

    @Test
    void aRangeIsHalfOpenAndBringsTheHourAroundItsStart() {
        repository.save(BE, List.of(hour(0, "50.00"), quarter(4, "60.00"), quarter(5, "61.00"), quarter(8, "99.00")),
                "test", FETCHED);

        // from 00:30 local, to 01:30: the hour that started at 00:00 is still needed for 00:30 and 00:45
        DayAheadPrices read = repository.prices(BE, T0.plusSeconds(1800), T0.plusSeconds(5400));
        assertThat(read.quarterIndex(new Quarter(T0).plus(2))).contains(new BigDecimal("50.00"));
        assertThat(read.quarterIndex(new Quarter(T0).plus(5))).contains(new BigDecimal("61.00"));
        assertThat(read.quarterPrices()).doesNotContainKey(T0.plusSeconds(8 * 900));
        assertThat(repository.prices(BE, T0.plusSeconds(7200), T0.plusSeconds(9000)).quarterPrices())
                .containsOnlyKeys(T0.plusSeconds(8 * 900));
        assertThat(repository.prices(BE, T0.minusSeconds(86_400), T0)).isSameAs(DayAheadPrices.NONE);
    }

    @Test
    void aPriceFinerThanAMicroEuroIsRefusedAndNothingIsWritten() {
        assertThatThrownBy(() -> repository.save(BE, List.of(quarter(0, "1.00"), quarter(1, "1.0000001")), "test",
                FETCHED)).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("1.0000001");

        assertThat(repository.prices(BE, T0, T0.plusSeconds(3600)).isEmpty()).isTrue();
    }

    @Test
    void aDstDayOf100QuartersIsStoredWhole() {
        List<DayAheadPrice> fallBack = EntsoeA44ReaderTest.read("entsoe-a44-be-2025-10-26-fall-back.xml").prices();

        repository.save(BE, fallBack, "entsoe-a44 upload", FETCHED);

        DayAheadPrices read = repository.prices(BE, Instant.parse("2025-10-25T22:00:00Z"),
                Instant.parse("2025-10-26T23:00:00Z"));
        assertThat(read.quarterPrices()).hasSize(100);
        assertThat(read.quarterPrices().values()).containsExactlyElementsOf(
                fallBack.stream().map(DayAheadPrice::eurPerMwh).toList());
    }
}
