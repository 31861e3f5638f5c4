package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.energy.quarter.BoundaryReading;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.energy.quarter.HourlyVolume;
import org.meterkast.energy.quarter.HourlyVolumeBuilder;
import org.meterkast.p1.Dialect;
import org.meterkast.p1.MbusDevice;
import org.meterkast.p1.MbusReading;
import org.meterkast.p1.Medium;
import org.meterkast.p1.Tariff;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** FleetIngest on a real SQLite database with real telegrams, as the carrier hands them over. */
class FleetIngestTest {
    static final Instant B = Instant.parse("2026-01-12T10:15:00Z");
    static final String METER = "1SAG1100000292";

    @TempDir
    Path folder;
    SQLiteDataSource database;
    JdbcTemplate jdbc;
    MeterRepository meters;
    SteppingClock clock = new SteppingClock(B);
    int meterId;

    @BeforeEach
    void migrate() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setBusyTimeout(10_000);
        database = new SQLiteDataSource(config);
        database.setUrl("jdbc:sqlite:" + folder.resolve("meterkast.db"));
        Flyway.configure().dataSource(database).locations("classpath:db/migration/sqlite").load().migrate();
        jdbc = new JdbcTemplate(database);
        meters = new MeterRepository(JdbcClient.create(database));
        meterId = meters.register(METER, "fleet").id();
    }

    FleetIngest node(String name) {
        FleetSettings settings = new FleetSettings(true, "meterkast/+/p1", "meterkast", name, Duration.ofMinutes(2),
                Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        return new FleetIngest(settings, meters, RegisterBoundaryRepositoryContract.repository(database),
                new FleetStatusRepository(jdbc), clock);
    }

    static byte[] telegram(Instant at, Registers r) {
        return TelegramWriter.toBytes(builder(at, r).build());
    }

    /** A telegram with a gas meter whose index, {@link #gasLitres}, it read at the last 5 minutes on the clock. */
    static byte[] telegramWithGas(Instant at, Registers r) {
        Instant captured = Instant.ofEpochSecond(Math.floorDiv(at.getEpochSecond(), 300) * 300);
        return TelegramWriter.toBytes(builder(at, r).addMbusDevice(new MbusDevice(1, 3, "7FLO2200000292", null,
                new MbusReading(captured, gasLitres(captured), "m3"), 1, -1)).build());
    }

    /** A gas index that rises unevenly: 37 litres every 5 minutes, and 0 to 18 more. */
    static long gasLitres(Instant captured) {
        long k = captured.getEpochSecond() / 300;
        return 2_000_000 + (k - 5_900_000) * 37 + k % 7 * 3;
    }

    private static Telegram.Builder builder(Instant at, Registers r) {
        return Telegram.builder(Dialect.BELGIAN)
                .header("FLU5\\253769484_A")
                .version("50217")
                .equipmentId("1SAG1100000292")
                .timestamp(at)
                .energyImported(Tariff.DAY, r.importDay())
                .energyImported(Tariff.NIGHT, r.importNight())
                .energyExported(Tariff.DAY, r.exportDay())
                .energyExported(Tariff.NIGHT, r.exportNight())
                .tariff(Tariff.DAY);
    }

    @Test
    void aReadingNearABoundaryIsAnsweredOnceStoredAndOneFarFromItAtOnce() {
        FleetIngest node = node("node-a");
        Registers r = new Registers(1_234_567, 2_000_000, 456_789, 3_000);

        clock.set(B.plusSeconds(900));
        CompletableFuture<Void> first = node.accept(METER, telegram(B.plusSeconds(399), r));
        node.flush();
        CompletableFuture<Void> far = node.accept(METER, telegram(B.plusSeconds(400), r));
        CompletableFuture<Void> near = node.accept(METER, telegram(B.plusSeconds(900 - 5), r));

        // the node's first reading of a meter is kept as the one after the boundary before it, however far
        assertThat(first).isCompletedWithValue(null);
        assertThat(far).isDone();
        assertThat(near).isNotDone();
        node.flush();
        assertThat(near).isCompletedWithValue(null);
        assertThat(RegisterBoundaryRepositoryContract.repository(database).pairs(meterId, B, B.plusSeconds(900)))
                .contains(new BoundaryReading(B.plusSeconds(900),
                        new RegisterSnapshot(B.plusSeconds(895), r), null));
    }

    @Test
    void aMeterHeardAllTheTimeHasItsRowWrittenWhenFirstHeardAtMostEveryMinuteAfterAndWhenItGoesQuiet() {
        FleetIngest node = node("node-a");
        Registers r = new Registers(1_000, 0, 0, 0);
        List<Long> stored = new ArrayList<>();
        for (int s = 1; s <= 120; s++) {
            clock.set(B.plusSeconds(s));
            node.accept(METER, s == 35 ? "hello".getBytes(StandardCharsets.US_ASCII) : telegram(B.plusSeconds(s), r));
            if (s % 10 == 0) {
                // a round of the status every 10 s, as status-interval says
                node.flush();
                node.writeStatus();
                stored.add(jdbc.queryForObject("SELECT telegrams FROM fleet_meter_status WHERE meter_name = ? AND "
                        + "node = 'node-a'", Long.class, METER));
            }
        }
        // at 10 s: first heard; at 40 s: the rejected "hello" of 35 s; at 100 s: a minute after; in between the row
        // waits while the counts add up
        assertThat(stored).containsExactly(10L, 10L, 10L, 40L, 40L, 40L, 40L, 40L, 40L, 100L, 100L, 100L);
        clock.set(B.plusSeconds(125));
        node.writeStatus();     // nothing heard since the last round: it went quiet here, the counts are written
        assertThat(jdbc.queryForObject("SELECT telegrams FROM fleet_meter_status WHERE meter_name = ? AND node = "
                + "'node-a'", Long.class, METER)).isEqualTo(120L);
    }

    @Test
    void unknownMetersAndBadMessagesAreCountedNotStored() {
        FleetIngest node = node("node-a");
        Registers r = new Registers(1_000, 0, 0, 0);

        assertThat(node.accept("nobody", telegram(B.plusSeconds(1), r))).isDone();
        assertThat(node.accept(METER, "hello".getBytes(StandardCharsets.US_ASCII))).isDone();
        assertThat(node.accept(METER, telegram(B.plusSeconds(3600), r))).isDone();
        node.flush();
        clock.set(B.plusSeconds(20));
        node.writeStatus();

        assertThat(node.counts().telegrams()).isEqualTo(3);
        assertThat(node.counts().unknownMeter()).isEqualTo(1);
        assertThat(node.counts().rejected()).isEqualTo(2);
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM register_boundary", Integer.class)).isZero();
        List<Map<String, Object>> rows = jdbc.queryForList("SELECT meter_name, node, telegrams, rejected, last_problem "
                + "FROM fleet_meter_status ORDER BY meter_name");
        assertThat(rows).hasSize(2);
        assertThat(rows.get(0)).containsEntry("meter_name", METER).containsEntry("node", "node-a")
                .containsEntry("telegrams", 2).containsEntry("rejected", 2);
        assertThat((String) rows.get(0).get("last_problem")).contains("ahead of the node's clock");
        assertThat(rows.get(1)).containsEntry("meter_name", "nobody").containsEntry("telegrams", 1)
                .containsEntry("rejected", 0);
        assertThat((String) rows.get(1).get("last_problem")).contains("no meter named 'nobody'");
    }

    @Test
    void aFailedWriteFailsTheAnswersAndIsWrittenWithTheNextFlush() {
        FleetIngest node = node("node-a");
        Registers r = new Registers(5_000, 0, 0, 0);
        jdbc.execute("ALTER TABLE register_boundary RENAME TO register_boundary_away");

        CompletableFuture<Void> near = node.accept(METER, telegram(B.plusSeconds(3), r));
        node.flush();

        assertThat(near).isCompletedExceptionally();
        assertThat(node.counts().failedWrites()).isEqualTo(1);
        jdbc.execute("ALTER TABLE register_boundary_away RENAME TO register_boundary");
        node.flush();
        assertThat(RegisterBoundaryRepositoryContract.repository(database).pairs(meterId, B, B))
                .containsExactly(new BoundaryReading(B, null, new RegisterSnapshot(B.plusSeconds(3), r)));
    }

    @Test
    void twoNodesStoreTheQuartersAndGasHoursOneBuilderMakesOfEveryTelegram() {
        Random random = new Random(16);
        List<RegisterSnapshot> stream = MeterStream.readings(random, B.plusSeconds(7), 10, 4);
        List<FleetIngest> nodes = List.of(node("node-a"), node("node-b"));
        List<List<RegisterSnapshot>> shares = MeterStream.shares(stream, nodes.size(), random);
        List<CompletableFuture<Void>> answers = new ArrayList<>();
        int[] next = new int[shares.size()];
        for (int left = stream.size(); left > 0; ) {
            int n = random.nextInt(nodes.size());
            if (next[n] < shares.get(n).size()) {
                RegisterSnapshot r = shares.get(n).get(next[n]++);
                clock.set(r.at().plusSeconds(1));
                answers.add(nodes.get(n).accept(METER, telegramWithGas(r.at(), r.registers())));
                if (random.nextInt(40) == 0) {
                    nodes.get(n).flush();
                }
            }
            left = 0;
            for (int i = 0; i < shares.size(); i++) {
                left += shares.get(i).size() - next[i];
            }
        }
        clock.set(stream.get(stream.size() - 1).at().plusSeconds(3600));
        for (FleetIngest node : nodes) {
            node.flush();
            node.writeStatus();     // the newest reading of a meter gone silent
            node.flush();
        }

        assertThat(answers).allMatch(a -> a.isDone() && !a.isCompletedExceptionally());
        List<ClosedQuarter> expected = MeterStream.quarters(stream);
        assertThat(new QuarterRepository(jdbc).quarters(meterId, B.minusSeconds(900), B.plusSeconds(5 * 3600)))
                .containsExactlyElementsOf(expected);
        assertThat(jdbc.queryForObject("SELECT SUM(telegrams) FROM fleet_meter_status", Long.class))
                .isEqualTo(shares.stream().mapToLong(List::size).sum());
        HourlyVolumeBuilder gas = new HourlyVolumeBuilder();
        List<HourlyVolume> hours = new ArrayList<>();
        for (RegisterSnapshot r : stream) {
            Instant captured = Instant.ofEpochSecond(Math.floorDiv(r.at().getEpochSecond(), 300) * 300);
            hours.addAll(gas.accept(captured, gasLitres(captured)));
        }
        assertThat(hours).hasSizeGreaterThanOrEqualTo(3).anyMatch(HourlyVolume::estimated);
        assertThat(new QuarterRepository(jdbc).volumes(meterId, Medium.GAS, B.minusSeconds(3600),
                B.plusSeconds(5 * 3600))).containsExactlyElementsOf(hours);
        assertThat(nodes.stream().mapToLong(node -> node.counts().hoursWritten()).sum()).isPositive();
    }

    /** A clock the test moves along with the telegrams, as a node's clock follows the meters'. */
    static final class SteppingClock extends Clock {
        private volatile Instant now;

        SteppingClock(Instant now) {
            this.now = now;
        }

        void set(Instant now) {
            this.now = now;
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
