package org.meterkast.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.time.YearMonth;
import java.util.List;
import java.util.Map;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.Bucket;
import org.meterkast.energy.quarter.BucketSize;
import org.meterkast.energy.quarter.Buckets;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.Quarantine;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.energy.quarter.VolumeBoundary;
import org.meterkast.p1.Medium;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The store's rules, run against each database the server supports: one subclass per database. */
abstract class QuarterRepositoryContract {
    static final Instant T0 = Instant.parse("2026-01-12T10:00:00Z");

    private QuarterRepository quarters;
    private MeterRepository meters;
    private int meterId;
    private DataSource database;

    /** A fresh, empty database. */
    abstract DataSource dataSource();

    /** The Flyway folder of this database, as {vendor} resolves it. */
    abstract String vendor();

    @BeforeEach
    void migrate() {
        DataSource ds = dataSource();
        database = ds;
        Flyway.configure().dataSource(ds).locations("classpath:db/migration/" + vendor()).cleanDisabled(false)
                .load().migrate();
        quarters = new QuarterRepository(new JdbcTemplate(ds));
        meters = new MeterRepository(JdbcClient.create(ds));
        meterId = meters.register("home", "192.168.1.50:2000").id();
    }

    static ClosedQuarter quarter(int index, long importDay, boolean estimated) {
        return new ClosedQuarter(new Quarter(T0).plus(index), 0, new QuarterEnergy(importDay, 2, 3, 4), estimated);
    }

    @Test
    void writingTheSameQuartersTwiceChangesNothing() {
        List<ClosedQuarter> written = List.of(quarter(0, 100, false), quarter(1, 200, false), quarter(2, 300, true));

        quarters.save(meterId, written);
        quarters.save(meterId, written);

        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(3600))).containsExactlyElementsOf(written);
    }

    @Test
    void measuredReplacesEstimatedButNeverTheOtherWayRound() {
        quarters.save(meterId, List.of(quarter(0, 100, true), quarter(1, 200, false)));

        quarters.save(meterId, List.of(quarter(0, 111, false), quarter(1, 222, true)));

        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(1800)))
                .containsExactly(quarter(0, 111, false), quarter(1, 200, false));
    }

    @Test
    void aMeasuredQuarterIsNotOverwrittenByAnotherMeasurement() {
        quarters.save(meterId, List.of(quarter(0, 100, false)));

        quarters.save(meterId, List.of(quarter(0, 999, false)));

        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(900))).containsExactly(quarter(0, 100, false));
    }

    @Test
    void rangeReadsAreHalfOpenAndSortedByStart() {
        // written out of order, across the range's ends
        quarters.save(meterId, List.of(quarter(5, 5, false), quarter(-1, 9, false), quarter(3, 3, false),
                quarter(0, 0, false), quarter(4, 4, true)));

        assertThat(quarters.quarters(meterId, T0, new Quarter(T0).plus(5).start()))
                .containsExactly(quarter(0, 0, false), quarter(3, 3, false), quarter(4, 4, true));
        assertThat(quarters.quarters(meterId, T0.plusSeconds(1), T0.plusSeconds(1800))).isEmpty();
    }

    @Test
    void aStepInQuarantineIsKeptWithItsReadingsOnceAndTakesTheLatestResolution() {
        RegisterSnapshot before = new RegisterSnapshot(T0.plusSeconds(890), new Registers(1_000, 72_082, 112_894, 0));
        RegisterSnapshot after = new RegisterSnapshot(T0.plusSeconds(900),
                new Registers(1_000, 100_072_092, 112_896, 0));
        Quarantine spike = new Quarantine(new Quarter(T0), before, after, after.registers().minus(before.registers()),
                43_470, Quarantine.Resolution.SPIKE_DISCARDED);
        Quarantine over = new Quarantine(new Quarter(T0).plus(4), new RegisterSnapshot(T0.plusSeconds(3600),
                Registers.ZERO), new RegisterSnapshot(T0.plusSeconds(4500), new Registers(11_000, 0, 0, 0)),
                new QuarterEnergy(11_000, 0, 0, 0), 43_470, Quarantine.Resolution.OVER_LIMIT);

        quarters.saveQuarantine(meterId, List.of(spike, over));
        quarters.saveQuarantine(meterId, List.of(spike));

        assertThat(quarters.quarantine(meterId)).containsExactly(over, spike);
        assertThat(quarters.quarantine(meters.register("other", "none").id())).isEmpty();
        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(86_400))).isEmpty();
    }

    @Test
    void quartersOfAnotherMeterAreApart() {
        int other = meters.register("garage", "file capture.txt").id();
        quarters.save(meterId, List.of(quarter(0, 100, false)));
        quarters.save(other, List.of(quarter(0, 555, true)));

        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(900))).containsExactly(quarter(0, 100, false));
        assertThat(quarters.quarters(other, T0, T0.plusSeconds(900))).containsExactly(quarter(0, 555, true));
        assertThat(meters.all()).extracting(Meter::name).containsExactly("garage", "home");
    }

    @Test
    void hourlyVolumesFollowTheSameRule() {
        HourlyVolume estimated = new HourlyVolume(T0, 0, 40, true);
        HourlyVolume measured = new HourlyVolume(T0, 0, 42, false);
        HourlyVolume next = new HourlyVolume(T0.plusSeconds(3600), 0, 17, false);

        quarters.saveVolumes(meterId, Medium.GAS, List.of(estimated, next));
        quarters.saveVolumes(meterId, Medium.GAS, List.of(measured, next));
        quarters.saveVolumes(meterId, Medium.GAS, List.of(estimated));
        quarters.saveVolumes(meterId, Medium.WATER, List.of(new HourlyVolume(T0, 0, 300, false)));

        assertThat(quarters.volumes(meterId, Medium.GAS, T0, T0.plusSeconds(7200))).containsExactly(measured, next);
        assertThat(quarters.volumes(meterId, Medium.WATER, T0, T0.plusSeconds(7200)))
                .containsExactly(new HourlyVolume(T0, 0, 300, false));
    }

    @Test
    void meterStateIsReplacedWhole() {
        assertThat(meters.state(meterId)).isEmpty();
        MeterState first = new MeterState(new RegisterSnapshot(T0, new Registers(1, 2, 3, 4)), 0);
        MeterState second = new MeterState(new RegisterSnapshot(T0.plusSeconds(900), new Registers(901, 2, 3, 4)), 1);

        meters.saveState(meterId, first);
        meters.saveState(meterId, second);

        assertThat(meters.state(meterId)).contains(second);
    }

    @Test
    void registeringAKnownMeterKeepsItsIdAndUpdatesItsSource() {
        Meter again = meters.register("home", "file capture.txt");

        assertThat(again).isEqualTo(new Meter(meterId, "home", "file capture.txt"));
    }

    @Test
    void theMetersOwnDemandIsKeptWithItsQuarterAndTakenOverWithAMeasurement() {
        Quarter q0 = new Quarter(T0);
        quarters.save(meterId, List.of(quarter(0, 100, true), quarter(1, 200, false)), Map.of(q0.plus(1), 812L));
        quarters.save(meterId, List.of(quarter(0, 111, false)), Map.of(q0, 455L));

        assertThat(quarters.storedQuarters(meterId, T0, T0.plusSeconds(1800))).containsExactly(
                new StoredQuarter(quarter(0, 111, false), 455L), new StoredQuarter(quarter(1, 200, false), 812L));
        quarters.save(meterId, List.of(quarter(2, 300, true)));
        assertThat(quarters.storedQuarters(meterId, q0.plus(2).start(), q0.plus(3).start()))
                .containsExactly(new StoredQuarter(quarter(2, 300, true), null));
    }

    @Test
    void volumeStatesArePerMediumAndReplaced() {
        assertThat(meters.volumeStates(meterId)).isEmpty();
        VolumeBoundary gas = new VolumeBoundary(T0, 7_000_123, 0);
        VolumeBoundary water = new VolumeBoundary(T0, 55_000, 1);

        meters.saveVolumeState(meterId, Medium.GAS, new VolumeBoundary(T0.minusSeconds(3600), 7_000_000, 0));
        meters.saveVolumeState(meterId, Medium.GAS, gas);
        meters.saveVolumeState(meterId, Medium.WATER, water);

        assertThat(meters.volumeStates(meterId)).isEqualTo(Map.of(Medium.GAS, gas, Medium.WATER, water));
    }

    @Test
    void theMetersMonthPeaksKeepTheLatestValuePerMonth() {
        MeterMonthPeak october = new MeterMonthPeak(YearMonth.of(2026, 10), 6_480, Instant.parse("2026-10-12T07:30:00Z"));
        MeterMonthPeak early = new MeterMonthPeak(YearMonth.of(2026, 11), 2_000, Instant.parse("2026-11-01T06:15:00Z"));
        MeterMonthPeak later = new MeterMonthPeak(YearMonth.of(2026, 11), 5_120, null);

        meters.saveMonthPeaks(meterId, List.of(early, october));
        meters.saveMonthPeaks(meterId, List.of(later));

        assertThat(meters.monthPeaks(meterId)).containsExactly(october, later);
    }

    @Test
    void theDatabasesBucketSumsAreThoseOfTheQuartersInBrusselsTime() {
        // 3 days around the end of summer time (Sunday 25 October 2026 has 25 hours), with a gap, estimates and
        // energy that differs per quarter
        ZoneId brussels = ZoneId.of("Europe/Brussels");
        Instant first = Instant.parse("2026-10-23T22:00:00Z");      // Saturday 24 October, 00:00 local
        List<ClosedQuarter> written = new ArrayList<>();
        for (int i = 0; i < 3 * 100; i++) {
            if (i >= 130 && i < 140) {
                continue;       // two and a half hours missing
            }
            written.add(new ClosedQuarter(new Quarter(first).plus(i), 0,
                    new QuarterEnergy(i % 7, i % 3, i % 5 == 0 ? 11 : 0, 1), i % 11 == 0));
        }
        quarters.save(meterId, written);
        Instant from = Instant.parse("2026-10-24T10:00:00Z");
        Instant to = Instant.parse("2026-10-26T17:20:00Z");

        for (BucketSize size : BucketSize.values()) {
            Instant start = size.start(from, brussels);
            assertThat(quarters.buckets(meterId, from, to, size, brussels)).as("%s buckets", size)
                    .isEqualTo(Buckets.sum(quarters.quarters(meterId, start, to), from, to, size, brussels));
        }
        List<Bucket> days = quarters.buckets(meterId, from, to, BucketSize.DAY, brussels);
        assertThat(days).extracting(Bucket::expected).containsExactly(96, 100, 96);
        assertThat(days.get(1).quarters()).isEqualTo(90);
    }

    @Test
    void monthPeaksFromTheDailySumsAreThoseOfTheQuartersAndAreMadeForDaysSummedBeforeThem() {
        ZoneId brussels = ZoneId.of("Europe/Brussels");
        // 31 January 2026 22:00 local to 1 February 02:00: the month changes at 23:00Z; ties go to the earliest
        Instant first = Instant.parse("2026-01-31T21:00:00Z");
        List<ClosedQuarter> written = new ArrayList<>();
        long[] imports = {500, 900, 900, 100, 700, 300, 1200, 1200, 40, 60, 80, 1100, 0, 0, 5, 6};
        for (int i = 0; i < imports.length; i++) {
            written.add(new ClosedQuarter(new Quarter(first).plus(i), 0,
                    new QuarterEnergy(imports[i] / 2, imports[i] - imports[i] / 2, 50, 0), false));
        }
        quarters.save(meterId, written);
        MonthPeakRepository peaks = new MonthPeakRepository(new JdbcTemplate(database));

        var expected = org.meterkast.energy.tariff.MonthlyPeaks.of(written, brussels);
        assertThat(peaks.peaks(meterId, YearMonth.of(2025, 12), YearMonth.of(2026, 3), brussels))
                .isEqualTo(expected)
                .containsOnlyKeys(YearMonth.of(2026, 1), YearMonth.of(2026, 2));
        assertThat(expected.get(YearMonth.of(2026, 1)).quarterStart()).isEqualTo(Instant.parse("2026-01-31T22:30:00Z"));
        assertThat(expected.get(YearMonth.of(2026, 1)).watts()).isEqualTo(4800);
        assertThat(expected.get(YearMonth.of(2026, 2)).watts()).isEqualTo(4400);

        // days summed before their peaks were kept get them at the next start
        new JdbcTemplate(database).update("UPDATE day_total SET peak_import_wh = NULL, peak_epoch = NULL");
        quarters.ensureDayTotals(meterId);
        assertThat(peaks.peaks(meterId, YearMonth.of(2025, 12), YearMonth.of(2026, 3), brussels)).isEqualTo(expected);
    }

    @Test
    void dailySumsFollowAMeasurementReplacingAnEstimateAndAreMadeForADatabaseWithoutThem() {
        ZoneId brussels = ZoneId.of("Europe/Brussels");
        Instant day = Instant.parse("2026-01-11T23:00:00Z");        // Monday 12 January, 00:00 local
        quarters.save(meterId, List.of(quarter(0, 100, true), quarter(1, 200, false)));
        quarters.save(meterId, List.of(quarter(0, 111, false)));
        Instant from = day;
        Instant to = day.plusSeconds(86_400);

        List<Bucket> days = quarters.buckets(meterId, from, to, BucketSize.DAY, brussels);
        assertThat(days).singleElement().satisfies(b -> {
            assertThat(b.energy().importDay()).isEqualTo(311);
            assertThat(b.quarters()).isEqualTo(2);
            assertThat(b.estimated()).isZero();
        });

        // a database whose quarters were stored before the daily sums were kept
        new JdbcTemplate(database).update("DELETE FROM day_total");
        assertThat(quarters.buckets(meterId, from, to, BucketSize.DAY, brussels).get(0).quarters()).isZero();
        quarters.ensureDayTotals(meterId);
        assertThat(quarters.buckets(meterId, from, to, BucketSize.DAY, brussels)).isEqualTo(days);
    }

    @Test
    void aBucketWithoutQuartersIsThereWithZeros() {
        ZoneId brussels = ZoneId.of("Europe/Brussels");
        List<Bucket> months = quarters.buckets(meterId, Instant.parse("2026-01-01T00:00:00Z"),
                Instant.parse("2026-03-01T00:00:00Z"), BucketSize.MONTH, brussels);

        // January, February, and March, which starts (00:00 local) an hour before 'to'
        assertThat(months).hasSize(3);
        assertThat(months).allSatisfy(b -> {
            assertThat(b.quarters()).isZero();
            assertThat(b.energy()).isEqualTo(new QuarterEnergy(0, 0, 0, 0));
        });
    }

    static ClosedQuarter fluvius(int index, long importWh, long exportWh, boolean estimated) {
        return new ClosedQuarter(new Quarter(T0).plus(index), 0, new QuarterEnergy(importWh, 0, exportWh, 0), estimated);
    }

    @Test
    void fluviusReplacesP1QuartersKeepsThemAsideAndIsNeverReplacedByP1() {
        quarters.save(meterId, List.of(quarter(0, 100, false), quarter(1, 200, true), quarter(2, 300, false)));

        int changed = quarters.saveFluvius(meterId, List.of(fluvius(0, 110, 5, false), fluvius(1, 190, 0, true)));
        quarters.save(meterId, List.of(quarter(0, 999, false), quarter(1, 999, false)));

        assertThat(changed).isEqualTo(2);
        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(2700))).containsExactly(fluvius(0, 110, 5, false),
                fluvius(1, 190, 0, true), quarter(2, 300, false));
        // P1 quarter(i, wh) has import wh + 2, export 3 + 4
        assertThat(quarters.reconciliation(meterId, T0.minusSeconds(86400), T0.plusSeconds(86400)))
                .containsExactly(new ReconciliationDay(java.time.LocalDate.of(2026, 1, 12), 2, 102 + 202, 14, 300, 5));
        assertThat(quarters.buckets(meterId, Instant.parse("2026-01-11T23:00:00Z"), Instant.parse("2026-01-12T23:00:00Z"),
                BucketSize.DAY, ZoneId.of("Europe/Brussels")).get(0).energy())
                .isEqualTo(new QuarterEnergy(110 + 190 + 300, 2, 5 + 3, 4));
    }

    @Test
    void anIdenticalFluviusExportChangesNothingARevisedOneReplaces() {
        quarters.save(meterId, List.of(quarter(0, 100, false)));
        List<ClosedQuarter> first = List.of(fluvius(0, 110, 0, true), fluvius(1, 120, 0, false));
        quarters.saveFluvius(meterId, first);

        assertThat(quarters.saveFluvius(meterId, first)).isZero();
        assertThat(quarters.reconciliation(meterId, T0.minusSeconds(86400), T0.plusSeconds(86400)))
                .extracting(ReconciliationDay::p1ImportWh, ReconciliationDay::fluviusImportWh)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(102L, 110L));

        // a later export: the estimate became a reading of 115 Wh
        assertThat(quarters.saveFluvius(meterId, List.of(fluvius(0, 115, 0, false), fluvius(1, 120, 0, false))))
                .isEqualTo(1);
        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(1800)))
                .containsExactly(fluvius(0, 115, 0, false), fluvius(1, 120, 0, false));
        assertThat(quarters.reconciliation(meterId, T0.minusSeconds(86400), T0.plusSeconds(86400)))
                .extracting(ReconciliationDay::p1ImportWh, ReconciliationDay::fluviusImportWh)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(102L, 115L));
    }

    @Test
    void fluviusGasHoursReplaceP1HoursWithTheirEnergyAndCalorificStatus() {
        Instant hour = Instant.parse("2026-01-12T10:00:00Z");
        quarters.saveVolumes(meterId, Medium.GAS, List.of(new HourlyVolume(hour, 0, 400, false)));
        var gas = List.of(new org.meterkast.energy.fluvius.FluviusGasHour(hour, 495, 5445, false,
                org.meterkast.energy.fluvius.CalorificValue.PROVISIONAL));

        assertThat(quarters.saveFluviusGas(meterId, gas)).isEqualTo(1);
        assertThat(quarters.saveFluviusGas(meterId, gas)).isZero();
        quarters.saveVolumes(meterId, Medium.GAS, List.of(new HourlyVolume(hour, 0, 999, false)));

        assertThat(quarters.volumes(meterId, Medium.GAS, hour, hour.plusSeconds(3600)))
                .containsExactly(new HourlyVolume(hour, 0, 495, false));
        assertThat(new JdbcTemplate(database).queryForMap("SELECT energy_wh, calorific FROM hourly_volume"))
                .containsEntry("calorific", "provisional").extractingByKey("energy_wh")
                .satisfies(v -> assertThat(((Number) v).longValue()).isEqualTo(5445));
    }

    @Test
    void quartersStoredBeforeTheOriginsKeepTheirRankAfterTheMigration() {
        database = dataSource();
        Flyway.configure().dataSource(database).locations("classpath:db/migration/" + vendor()).target("3").load()
                .migrate();
        quarters = new QuarterRepository(new JdbcTemplate(database));
        meters = new MeterRepository(JdbcClient.create(database));
        meterId = meters.register("home", "192.168.1.50:2000").id();
        JdbcTemplate jdbc = new JdbcTemplate(database);
        for (ClosedQuarter q : List.of(quarter(0, 100, true), quarter(1, 200, false))) {
            jdbc.update("INSERT INTO quarter (meter_id, start_epoch, segment, import_day_wh, import_night_wh, "
                    + "export_day_wh, export_night_wh, estimated) VALUES (?, ?, 0, ?, 2, 3, 4, ?)", meterId,
                    q.quarter().start().getEpochSecond(), q.energy().importDay(), q.estimated());
        }

        Flyway.configure().dataSource(database).locations("classpath:db/migration/" + vendor()).load().migrate();
        quarters.save(meterId, List.of(quarter(0, 111, false), quarter(1, 222, false)));

        // the estimate is replaced by a measurement, the measurement is not
        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(1800)))
                .containsExactly(quarter(0, 111, false), quarter(1, 200, false));
    }

    @Test
    void productionIsSummedPerHourDayAndMonthOverThe25HourDay() {
        ProductionRepository production = new ProductionRepository(new JdbcTemplate(database));
        ZoneId brussels = ZoneId.of("Europe/Brussels");
        // Sunday 25 October 2026 in Brussels: 00:00 is 22:00Z the day before, the day has 100 quarters
        Instant day = Instant.parse("2026-10-24T22:00:00Z");
        List<ProductionQuarter> written = new ArrayList<>();
        long counter = 5_000;
        for (int i = 0; i < 100; i++) {
            long wh = i >= 40 && i < 72 ? 10 + i : 0;      // the sun from 09:00 (local, after the change) on
            counter += wh;
            written.add(new ProductionQuarter(day.plusSeconds(900L * i), wh, counter));
        }
        assertThat(production.any(meterId)).isFalse();
        production.save(meterId, written.subList(0, 60));
        production.save(meterId, written.subList(50, 100));      // written twice: replaced, not added
        assertThat(production.any(meterId)).isTrue();
        assertThat(production.last(meterId)).contains(written.get(99));
        assertThat(production.quarters(meterId, day, day.plusSeconds(90_000))).containsExactlyElementsOf(written);
        long total = written.stream().mapToLong(ProductionQuarter::wh).sum();

        Instant next = day.plusSeconds(90_000);
        List<Bucket> hours = quarters.buckets(meterId, day, next, BucketSize.HOUR, brussels);
        long[] hourly = production.sums(meterId, hours, next, BucketSize.HOUR, brussels);
        assertThat(hourly).hasSize(25);
        assertThat(hourly[2]).isZero();
        assertThat(hourly[10]).isEqualTo(50 + 51 + 52 + 53);
        assertThat(java.util.Arrays.stream(hourly).sum()).isEqualTo(total);

        List<Bucket> days = quarters.buckets(meterId, day.minusSeconds(86_400), next, BucketSize.DAY, brussels);
        assertThat(production.sums(meterId, days, next, BucketSize.DAY, brussels)).containsExactly(0, total);
        // a day still in progress: its part before 'to' from the quarters
        Instant noon = day.plusSeconds(900L * 50);
        List<Bucket> partial = quarters.buckets(meterId, day, noon, BucketSize.DAY, brussels);
        assertThat(production.sums(meterId, partial, noon, BucketSize.DAY, brussels))
                .containsExactly(written.subList(0, 50).stream().mapToLong(ProductionQuarter::wh).sum());
        List<Bucket> month = quarters.buckets(meterId, Instant.parse("2026-09-30T22:00:00Z"),
                Instant.parse("2026-10-31T23:00:00Z"), BucketSize.MONTH, brussels);
        assertThat(production.sums(meterId, month, Instant.parse("2026-10-31T23:00:00Z"), BucketSize.MONTH,
                brussels)).containsExactly(total);
    }
}
