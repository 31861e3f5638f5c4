package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meterkast.energy.quarter.BoundaryReading;
import org.meterkast.energy.fluvius.CalorificValue;
import org.meterkast.energy.fluvius.FluviusGasHour;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.HourBoundaryReading;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.energy.quarter.VolumeSnapshot;
import org.meterkast.p1.Medium;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** The boundary store's rules, run against each database the server supports: one subclass per database. */
abstract class RegisterBoundaryRepositoryContract {
    static final Instant T0 = Instant.parse("2026-01-12T10:00:00Z");
    static final Instant B1 = T0.plusSeconds(900);
    static final Instant B2 = T0.plusSeconds(1800);

    RegisterBoundaryRepository boundaries;
    QuarterRepository quarters;
    int meterId;
    DataSource database;

    /** A fresh, empty database. */
    abstract DataSource dataSource();

    /** The Flyway folder of this database. */
    abstract String vendor();

    @BeforeEach
    void migrate() {
        database = dataSource();
        Flyway.configure().dataSource(database).locations("classpath:db/migration/" + vendor()).load().migrate();
        quarters = new QuarterRepository(new JdbcTemplate(database));
        boundaries = repository(database);
        meterId = new MeterRepository(JdbcClient.create(database)).register("1SAG1100000292", "fleet").id();
    }

    static RegisterBoundaryRepository repository(DataSource ds) {
        JdbcTemplate jdbc = new JdbcTemplate(ds);
        return new RegisterBoundaryRepository(jdbc, new QuarterRepository(jdbc),
                new TransactionTemplate(new DataSourceTransactionManager(ds)));
    }

    static RegisterSnapshot reading(Instant at, long importDay) {
        return new RegisterSnapshot(at, new Registers(importDay, 500, 0, 0));
    }

    RegisterBoundaryRepository.Candidate candidate(Instant boundary, RegisterSnapshot r) {
        return new RegisterBoundaryRepository.Candidate(meterId, BoundaryReading.of(boundary, r));
    }

    @Test
    void keepsTheNearestReadingOnEachSideWhateverTheOrder() {
        List<RegisterSnapshot> offered = new ArrayList<>(List.of(reading(B1.minusSeconds(90), 100),
                reading(B1.minusSeconds(1), 110), reading(B1.minusSeconds(40), 105), reading(B1, 111),
                reading(B1.plusSeconds(1), 112), reading(B1.plusSeconds(100), 120)));
        Collections.shuffle(offered, new Random(7));

        for (RegisterSnapshot r : offered) {
            boundaries.write(List.of(candidate(B1, r)));
        }

        assertThat(boundaries.pairs(meterId, B1, B1))
                .containsExactly(new BoundaryReading(B1, reading(B1.minusSeconds(1), 110), reading(B1, 111)));
        assertThat(boundaries.write(List.of(candidate(B1, reading(B1.minusSeconds(40), 105)),
                candidate(B1, reading(B1, 111)))).rows()).as("nothing nearer, nothing written").isZero();
    }

    @Test
    void aBoundaryPairClosesTheQuarterBetween() {
        boundaries.write(List.of(candidate(B1, reading(B1.minusSeconds(10), 1_000)),
                candidate(B1, reading(B1.plusSeconds(10), 1_020))));

        RegisterBoundaryRepository.Written written = boundaries.write(List.of(
                candidate(B2, reading(B2.minusSeconds(20), 1_310)), candidate(B2, reading(B2.plusSeconds(40), 1_370))));

        // 1,010 Wh at 10:15 (halfway), 1,330 Wh at 10:30 (a third of the way): 320 Wh measured
        assertThat(written.quarters()).isEqualTo(1);
        assertThat(quarters.quarters(meterId, T0, B2.plusSeconds(900))).containsExactly(
                new ClosedQuarter(new Quarter(B1), 0, new QuarterEnergy(320, 0, 0, 0), false));
    }

    @Test
    void aNearerReadingCorrectsAMeasuredQuarter() {
        boundaries.write(List.of(candidate(B1, reading(B1.minusSeconds(60), 1_000)),
                candidate(B1, reading(B1.plusSeconds(60), 1_060)),
                candidate(B2, reading(B2.minusSeconds(60), 1_900)), candidate(B2, reading(B2.plusSeconds(60), 1_960))));
        assertThat(quarters.quarters(meterId, B1, B2)).extracting(q -> q.energy().importDay()).containsExactly(900L);

        // another node's readings, nearer to 10:15 than the first: 1,050 Wh there instead of 1,030
        boundaries.write(List.of(candidate(B1, reading(B1.minusSeconds(1), 1_049)),
                candidate(B1, reading(B1.plusSeconds(1), 1_051))));

        assertThat(quarters.quarters(meterId, B1, B2)).containsExactly(
                new ClosedQuarter(new Quarter(B1), 0, new QuarterEnergy(880, 0, 0, 0), false));
    }

    @Test
    void aQuarterTheNearerReadingsNoLongerMakeIsRemoved() {
        boundaries.write(List.of(candidate(B1, reading(B1.minusSeconds(10), 1_000)),
                candidate(B1, reading(B1.plusSeconds(10), 1_020)),
                candidate(B2, reading(B2.minusSeconds(10), 1_900)), candidate(B2, reading(B2.plusSeconds(60), 1_960))));
        assertThat(quarters.quarters(meterId, B1, B2)).hasSize(1);

        // the meter was swapped at 10:30:00: a new one, its registers near zero, read exactly then
        RegisterBoundaryRepository.Written written = boundaries.write(List.of(candidate(B2,
                new RegisterSnapshot(B2, new Registers(5, 0, 0, 0)))));

        assertThat(written.removed()).isEqualTo(1);
        assertThat(quarters.quarters(meterId, T0, B2.plusSeconds(900))).isEmpty();
    }

    @Test
    void aFluviusQuarterIsNeverReplaced() {
        ClosedQuarter fluvius = new ClosedQuarter(new Quarter(B1), 0, new QuarterEnergy(777, 0, 0, 0), false);
        quarters.saveFluvius(meterId, List.of(fluvius));

        boundaries.write(List.of(candidate(B1, reading(B1.minusSeconds(1), 1_000)),
                candidate(B1, reading(B1.plusSeconds(1), 1_002)),
                candidate(B2, reading(B2.minusSeconds(1), 1_900)), candidate(B2, reading(B2.plusSeconds(1), 1_902))));

        assertThat(quarters.quarters(meterId, B1, B2)).containsExactly(fluvius);
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20261207, 11, 12})
    void storedQuartersEqualTheBuildersWhicheverNodeWroteWhat(long seed) {
        Random random = new Random(seed);
        List<RegisterSnapshot> stream = MeterStream.readings(random, T0.plusSeconds(137), 10, 8);
        List<List<RegisterBoundaryRepository.Candidate>> writes = new ArrayList<>();
        for (List<RegisterSnapshot> share : MeterStream.shares(stream, 3, random)) {
            writes.addAll(MeterStream.batches(meterId, share, random));
        }
        Collections.shuffle(writes, random);

        for (List<RegisterBoundaryRepository.Candidate> batch : writes) {
            boundaries.write(batch);
        }

        List<ClosedQuarter> expected = MeterStream.quarters(stream);
        assertThat(expected).anyMatch(ClosedQuarter::estimated).anyMatch(q -> q.segment() == 1);
        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(9 * 3600))).containsExactlyElementsOf(expected);
    }

    VolumeBoundaries.Candidate volume(Medium medium, Instant boundary, Instant at, long litres) {
        return new VolumeBoundaries.Candidate(meterId, medium,
                HourBoundaryReading.of(boundary, new VolumeSnapshot(at, litres)));
    }

    @Test
    void keepsTheNearestGasReadingOnEachSideOfAnHourWhateverTheOrder() {
        Instant h = T0.plusSeconds(3600);
        List<VolumeBoundaries.Candidate> offered = new ArrayList<>(List.of(
                volume(Medium.GAS, h, h.minusSeconds(600), 100), volume(Medium.GAS, h, h.minusSeconds(300), 104),
                volume(Medium.GAS, h, h, 106), volume(Medium.GAS, h, h.plusSeconds(300), 109),
                volume(Medium.WATER, h, h.minusSeconds(60), 7)));
        Collections.shuffle(offered, new Random(8));

        for (VolumeBoundaries.Candidate c : offered) {
            boundaries.write(List.of(), List.of(c));
        }

        assertThat(boundaries.volumePairs(meterId, Medium.GAS, h, h)).containsExactly(new HourBoundaryReading(h,
                new VolumeSnapshot(h.minusSeconds(300), 104), new VolumeSnapshot(h, 106)));
        assertThat(boundaries.volumePairs(meterId, Medium.WATER, h, h)).containsExactly(new HourBoundaryReading(h,
                new VolumeSnapshot(h.minusSeconds(60), 7), null));
        assertThat(boundaries.write(List.of(), List.of(volume(Medium.GAS, h, h.minusSeconds(600), 100)))
                .volumes().rows()).as("nothing nearer, nothing written").isZero();
    }

    @Test
    void gasReadingsAroundTwoHourBoundariesCloseTheHourBetweenAndANearerOneCorrectsIt() {
        Instant h1 = T0.plusSeconds(3600);
        Instant h2 = T0.plusSeconds(7200);
        // 1,000 l at 10:55, 1,060 l at 11:05: 1,030 l at 11:00; 1,500 l at 11:55, 1,520 l at 12:05: 1,510 l at 12:00
        RegisterBoundaryRepository.Written written = boundaries.write(List.of(), List.of(
                volume(Medium.GAS, h1, h1.minusSeconds(300), 1_000),
                volume(Medium.GAS, h1, h1.plusSeconds(300), 1_060),
                volume(Medium.GAS, h2, h2.minusSeconds(300), 1_500),
                volume(Medium.GAS, h2, h2.plusSeconds(300), 1_520)));

        assertThat(written.volumes().hours()).isEqualTo(1);
        assertThat(quarters.volumes(meterId, Medium.GAS, T0, h2.plusSeconds(3600)))
                .containsExactly(new HourlyVolume(h1, 0, 480, false));

        // another node's reading of 11:00 itself: 1,040 l there
        boundaries.write(List.of(), List.of(volume(Medium.GAS, h1, h1, 1_040)));

        assertThat(quarters.volumes(meterId, Medium.GAS, T0, h2.plusSeconds(3600)))
                .containsExactly(new HourlyVolume(h1, 0, 470, false));
        assertThat(quarters.volumes(meterId, Medium.WATER, T0, h2.plusSeconds(3600))).isEmpty();
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {20261208, 21, 22})
    void storedGasHoursEqualTheBuildersWhicheverNodeWroteWhat(long seed) {
        Random random = new Random(seed);
        List<VolumeSnapshot> telegrams = MeterStream.gasTelegrams(random, T0, 9);
        List<List<VolumeBoundaries.Candidate>> writes = new ArrayList<>();
        for (List<VolumeSnapshot> share : MeterStream.split(telegrams, 3, random)) {
            writes.addAll(MeterStream.gasBatches(meterId, share, random));
        }
        Collections.shuffle(writes, random);

        for (List<VolumeBoundaries.Candidate> batch : writes) {
            boundaries.write(List.of(), batch);
        }

        List<HourlyVolume> expected = MeterStream.hours(telegrams);
        assertThat(expected).hasSizeGreaterThan(5).anyMatch(HourlyVolume::estimated).anyMatch(h -> h.segment() == 1);
        assertThat(quarters.volumes(meterId, Medium.GAS, T0, T0.plusSeconds(10 * 3600)))
                .containsExactlyElementsOf(expected);
    }

    @Test
    void aFluviusGasHourIsNeverReplaced() {
        Instant h1 = T0.plusSeconds(3600);
        Instant h2 = T0.plusSeconds(7200);
        quarters.saveFluviusGas(meterId, List.of(new FluviusGasHour(h1, 777, 8_000, false, CalorificValue.UNKNOWN)));

        boundaries.write(List.of(), List.of(volume(Medium.GAS, h1, h1.minusSeconds(300), 1_000),
                volume(Medium.GAS, h1, h1.plusSeconds(300), 1_060), volume(Medium.GAS, h2, h2.minusSeconds(300), 1_500),
                volume(Medium.GAS, h2, h2.plusSeconds(300), 1_520)));

        assertThat(quarters.volumes(meterId, Medium.GAS, T0, h2.plusSeconds(3600)))
                .containsExactly(new HourlyVolume(h1, 0, 777, false));
    }
}
