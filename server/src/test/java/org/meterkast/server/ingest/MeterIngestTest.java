package org.meterkast.server.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.p1.DemandPeak;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Measurement;
import org.meterkast.p1.Medium;
import org.meterkast.p1.MonthlyPeak;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterMonthPeak;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.meterkast.server.store.StoredQuarter;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** One meter's pipeline on a real SQLite store, fed telegrams directly: the rules between telegram and row. */
class MeterIngestTest {
    /** 11:00 on Tuesday 24 November 2026 in Brussels. */
    static final Instant T0 = Instant.parse("2026-11-24T10:00:00Z");

    @TempDir
    Path folder;
    private SQLiteDataSource dataSource;
    private QuarterRepository quarters;
    private MeterRepository meters;
    private Meter meter;
    private final List<Object> events = new ArrayList<>();

    @BeforeEach
    void store() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        dataSource = new SQLiteDataSource(config);
        dataSource.setUrl("jdbc:sqlite:" + folder.resolve("meterkast.db"));
        Flyway.configure().dataSource(dataSource).locations("classpath:db/migration/sqlite").load().migrate();
        quarters = new QuarterRepository(new JdbcTemplate(dataSource));
        meters = new MeterRepository(JdbcClient.create(dataSource));
        meter = meters.register("home", "test");
    }

    /** The server's clock: {@link #feed} moves it with the telegrams, {@code lag} behind or ahead of them. */
    private Instant serverTime = T0;

    private MeterIngest ingest(boolean replay) {
        Clock clock = new Clock() {
            @Override
            public ZoneOffset getZone() {
                return ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                throw new UnsupportedOperationException();
            }

            @Override
            public Instant instant() {
                return serverTime;
            }
        };
        return new MeterIngest(meter, "test", replay, quarters, meters,
                new TransactionTemplate(new DataSourceTransactionManager(dataSource)), events::add, clock);
    }

    /** A telegram at {@code at}: 1 Wh of day import a second since T0, gas 1 litre a second read every 5 min. */
    static Telegram telegram(Instant at) {
        long second = at.getEpochSecond() - T0.getEpochSecond();
        Instant gasAt = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 300) * 300);
        return Telegram.builder(Dialect.BELGIAN)
                .header("FLU5\\253769484_A").version("50217").equipmentId("1SAG1105000000")
                .timestamp(at)
                .energyImported(Tariff.DAY, 1_000_000 + second).energyImported(Tariff.NIGHT, 0)
                .energyExported(Tariff.DAY, 0).energyExported(Tariff.NIGHT, 0)
                .tariff(Tariff.DAY)
                .set(Measurement.CURRENT_AVERAGE_DEMAND, 2_000 + Math.floorMod(second, 900))
                .monthPeak(new DemandPeak(Instant.parse("2026-11-03T18:15:00Z"), 5_120))
                .peakHistory(List.of(new MonthlyPeak(Instant.parse("2026-10-31T23:00:00Z"),
                        Instant.parse("2026-10-12T07:30:00Z"), 6_480)))
                .addMbusDevice(new MbusDevice(1, 3, "7FLO0000000000", null,
                        new MbusReading(gasAt, 500_000 + gasAt.getEpochSecond() - T0.getEpochSecond(), "m3"), -1, -1))
                .build();
    }

    /** Telegrams of every second in [from, to), each arriving {@code lagSeconds} after its stamp. */
    private void feed(MeterIngest ingest, Instant from, Instant to, long lagSeconds) {
        for (Instant at = from; at.isBefore(to); at = at.plusSeconds(1)) {
            serverTime = at.plusSeconds(lagSeconds);
            ingest.onTelegram(telegram(at));
        }
    }

    private void feed(MeterIngest ingest, Instant from, Instant to) {
        feed(ingest, from, to, 0);
    }

    @Test
    void aTelegramStampedFarAheadOfTheServerClockIsCountedAndNotStored() {
        // the meter's clock is a year ahead: accepting it would close every quarter until then as estimated
        MeterIngest ingest = ingest(false);
        feed(ingest, T0, T0.plusSeconds(60));
        ingest.onTelegram(telegram(T0.plusSeconds(365L * 86_400)));     // the server's clock says T0 + 59 s
        feed(ingest, T0.plusSeconds(61), T0.plusSeconds(16 * 60));

        IngestCounts counts = ingest.counts();
        assertThat(counts.clockRefused()).isEqualTo(1);
        assertThat(counts.lastProblem()).contains("364 days ahead of the server's clock");
        assertThat(quarters.quarters(meter.id(), T0, T0.plusSeconds(400L * 86_400)))
                .singleElement().satisfies(q -> {
                    assertThat(q.quarter().start()).isEqualTo(T0);
                    assertThat(q.energy().importDay()).isEqualTo(900);
                    assertThat(q.estimated()).isFalse();
                });
        assertThat(events).hasSize(16 * 60 - 1);        // the refused one did not reach the live state either
    }

    @Test
    void aTelegramStampedWeeksBehindIsRefusedButADayBehindIsTaken() {
        MeterIngest ingest = ingest(false);
        serverTime = T0;
        ingest.onTelegram(telegram(T0.minusSeconds(30L * 86_400)));
        feed(ingest, T0, T0.plusSeconds(16 * 60), 86_400);      // a data logger pushing what it kept for a day

        assertThat(ingest.counts().clockRefused()).isEqualTo(1);
        assertThat(quarters.quarters(meter.id(), T0, T0.plusSeconds(3600))).hasSize(1);
    }

    @Test
    void aReplayIsNotCheckedAgainstTheServerClock() {
        MeterIngest ingest = ingest(true);
        feed(ingest, T0, T0.plusSeconds(16 * 60), 400L * 86_400);

        assertThat(ingest.counts().clockRefused()).isZero();
        assertThat(quarters.quarters(meter.id(), T0, T0.plusSeconds(3600))).hasSize(1);
    }

    @Test
    void theMetersOwnDemandAndPeaksAreKeptBesideOurQuarters() {
        MeterIngest ingest = ingest(false);
        feed(ingest, T0.minusSeconds(10), T0.plusSeconds(31 * 60));

        List<StoredQuarter> stored = quarters.storedQuarters(meter.id(), T0, T0.plusSeconds(3600));
        // the last 1-0:1.4.0 of each quarter was read at its 899th second
        assertThat(stored).extracting(StoredQuarter::meterDemandW).containsExactly(2_899L, 2_899L);
        assertThat(stored).extracting(s -> s.quarter().energy().averageImportWatts()).containsExactly(3_600L, 3_600L);
        assertThat(meters.monthPeaks(meter.id())).containsExactly(
                new MeterMonthPeak(YearMonth.of(2026, 10), 6_480, Instant.parse("2026-10-12T07:30:00Z")),
                new MeterMonthPeak(YearMonth.of(2026, 11), 5_120, Instant.parse("2026-11-03T18:15:00Z")));
    }

    @Test
    void theGasHourInWhichTheServerStoppedClosesWholeAfterARestart() {
        // first run: 11:00 to 11:20; second run, on the same store: 11:40 to 12:10
        feed(ingest(false), T0.minusSeconds(10), T0.plusSeconds(20 * 60));
        feed(ingest(false), T0.plusSeconds(40 * 60), T0.plusSeconds(70 * 60));

        List<HourlyVolume> gas = quarters.volumes(meter.id(), Medium.GAS, T0, T0.plusSeconds(7200));
        // 1 litre a second: 3,600 litres in the hour, measured (both of its ends come from readings close to them)
        assertThat(gas).singleElement().satisfies(h -> {
            assertThat(h.start()).isEqualTo(T0);
            assertThat(h.litres()).isEqualTo(3_600);
        });
        assertThat(quarters.quarters(meter.id(), T0, T0.plusSeconds(7200)))
                .extracting(q -> q.quarter().start())
                .contains(new Quarter(T0).plus(1).start(), new Quarter(T0).plus(2).start());
    }
}
