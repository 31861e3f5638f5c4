package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * FleetIngest on a real PostgreSQL reached through a relay that is cut and then refuses connections, as a database
 * that went away: nothing it could not store is answered as stored, at most the bound waits, the outage is logged
 * once, and once the database is back every quarter is the one a single node makes of the same telegrams.
 */
class FleetIngestOutageTest {
    static final Instant T0 = Instant.parse("2026-01-12T10:00:07Z");
    static final int METERS = 4;
    /**
     * The database goes away 14 minutes into the stream, in the window of the 10:15 boundary, and comes back 20 minutes
     * later, after the 10:30 boundary (and before the meters' silence of 47 minutes).
     */
    static final Instant DOWN = T0.plusSeconds(14 * 60);
    static final Instant UP = T0.plusSeconds(34 * 60);

    private static EmbeddedPostgres postgres;
    private static CuttableLink link;

    private DataSource direct;
    private HikariDataSource pool;
    private final int[] meterIds = new int[METERS];
    private final List<List<RegisterSnapshot>> streams = new ArrayList<>();
    private final List<Delivery> deliveries = new ArrayList<>();
    private final FleetIngestTest.SteppingClock clock = new FleetIngestTest.SteppingClock(T0);
    private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
    private final Logger ingestLog = (Logger) LoggerFactory.getLogger(FleetIngest.class);
    private int mostWaitingSeen;

    /** One message as the broker hands it over: the meter's topic level and its telegram. */
    record Delivery(int meter, RegisterSnapshot reading, byte[] payload) {
    }

    /** A message handed to the node and its answer; {@code candidate}: it was not answered at once. */
    record Answer(Delivery delivery, CompletableFuture<Void> stored, boolean candidate, Instant at) {
        boolean failed() {
            return stored.isCompletedExceptionally();
        }

        boolean acknowledged() {
            return stored.isDone() && !stored.isCompletedExceptionally();
        }
    }

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
        link = new CuttableLink("127.0.0.1", postgres.getPort());
    }

    @AfterAll
    static void stop() throws IOException {
        if (link != null) {
            link.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @BeforeEach
    void fleet() throws SQLException {
        link.up();
        direct = postgres.getPostgresDatabase();
        try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        }
        Flyway.configure().dataSource(direct).locations("classpath:db/migration/postgresql").load().migrate();
        MeterRepository meters = new MeterRepository(JdbcClient.create(direct));
        Random random = new Random(28);
        for (int m = 0; m < METERS; m++) {
            meterIds[m] = meters.register(name(m), "fleet").id();
            streams.add(MeterStream.readings(random, T0.plusSeconds(m), 5, 2));
        }
        for (int m = 0; m < METERS; m++) {
            for (RegisterSnapshot r : streams.get(m)) {
                deliveries.add(new Delivery(m, r, FleetIngestTest.telegram(r.at(), r.registers())));
            }
        }
        deliveries.sort(Comparator.comparing((Delivery d) -> d.reading().at()).thenComparing(Delivery::meter));

        // as a node's pool: a connection is waited for a quarter second at most, then the write fails
        HikariConfig config = new HikariConfig();
        config.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + link.port() + "/postgres");
        config.setUsername("postgres");
        config.setMaximumPoolSize(2);
        config.setConnectionTimeout(250);
        config.setValidationTimeout(250);
        config.addDataSourceProperty("connectTimeout", "1");
        config.addDataSourceProperty("reWriteBatchedInserts", "true");
        pool = new HikariDataSource(config);

        logged.start();
        ingestLog.addAppender(logged);
    }

    @AfterEach
    void close() {
        ingestLog.detachAppender(logged);
        pool.close();
    }

    static String name(int meter) {
        return "dongle-" + meter;
    }

    FleetIngest node(int mostWaiting) {
        FleetSettings settings = new FleetSettings(true, "meterkast/+/p1", "meterkast", "node-1",
                MeterStream.WINDOW, Duration.ofMillis(100), Duration.ofSeconds(10), Duration.ofMinutes(10));
        return new FleetIngest(settings, new MeterRepository(JdbcClient.create(pool)),
                RegisterBoundaryRepositoryContract.repository(pool), new FleetStatusRepository(new JdbcTemplate(pool)),
                clock, mostWaiting, FleetIngest.HEARD_INTERVAL);
    }

    Answer deliver(FleetIngest node, Delivery d) {
        Instant now = clock.instant();
        CompletableFuture<Void> stored = node.accept(name(d.meter()), d.payload());
        mostWaitingSeen = Math.max(mostWaitingSeen, node.counts().waiting());
        return new Answer(d, stored, !stored.isDone(), now);
    }

    /** Hands the node the messages of [from, to) in time order, flushing every 40 messages and the status every 200. */
    List<Answer> feed(FleetIngest node, Instant from, Instant to) {
        return feed(node, from, to, 40);
    }

    List<Answer> feed(FleetIngest node, Instant from, Instant to, int flushEvery) {
        List<Answer> answers = new ArrayList<>();
        int n = 0;
        for (Delivery d : deliveries) {
            if (d.reading().at().isBefore(from) || !d.reading().at().isBefore(to)) {
                continue;
            }
            clock.set(d.reading().at().plusSeconds(1));
            answers.add(deliver(node, d));
            if (++n % flushEvery == 0) {
                node.flush();
            }
            if (n % 200 == 0) {
                node.writeStatus();
            }
        }
        node.flush();
        return answers;
    }

    /** What the broker does with unacknowledged messages: delivers them again, until each is stored. */
    void deliverAgain(FleetIngest node, List<Answer> answers, int flushEvery) {
        for (int round = 0; round < 100; round++) {
            List<Answer> failed = answers.stream().filter(Answer::failed).toList();
            if (failed.isEmpty()) {
                return;
            }
            answers.removeAll(failed);
            int n = 0;
            for (Answer a : failed) {
                answers.add(deliver(node, a.delivery()));
                if (++n % flushEvery == 0) {
                    node.flush();
                }
            }
            node.flush();
        }
    }

    /** Every quarter of every meter as one QuarterBuilder makes it of the meter's whole stream. */
    void assertSingleNodeQuarters() {
        QuarterRepository quarters = new QuarterRepository(new JdbcTemplate(direct));
        int total = 0;
        for (int m = 0; m < METERS; m++) {
            List<ClosedQuarter> expected = MeterStream.quarters(streams.get(m));
            assertThat(quarters.quarters(meterIds[m], T0.minusSeconds(3600), T0.plusSeconds(4 * 3600)))
                    .as("meter %d", m).containsExactlyElementsOf(expected);
            total += expected.size();
        }
        System.out.println("quarters equal to a single node's: " + total);
    }

    /** Takes the advisory locks of every meter, so that the node's next write waits inside its transaction. */
    Connection lockEveryMeter() throws SQLException {
        Connection c = direct.getConnection();
        try (Statement s = c.createStatement()) {
            for (int id : meterIds) {
                s.execute("SELECT pg_advisory_lock(" + RegisterBoundaryRepository.LOCK_CLASS + ", " + id + ")");
            }
        }
        return c;
    }

    void awaitWriteWaitingForLock() throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        try (Connection c = direct.getConnection(); Statement s = c.createStatement()) {
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM pg_stat_activity WHERE wait_event_type = "
                        + "'Lock' AND query LIKE '%pg_advisory_xact_lock%'")) {
                    rs.next();
                    if (rs.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("the node's write never waited for the lock");
    }

    List<String> messages(Level level, String containing) {
        return logged.list.stream().filter(e -> e.getLevel() == level)
                .map(ILoggingEvent::getFormattedMessage).filter(m -> m.contains(containing)).toList();
    }

    @Test
    void aConnectionCutMidTransactionThenRefusedAcknowledgesNothingAndAllIsStoredWhenItIsBack() throws Exception {
        FleetIngest node = node(FleetIngest.MOST_WAITING);
        List<Answer> answers = feed(node, T0, DOWN);
        assertThat(answers).allMatch(Answer::acknowledged);
        assertThat(node.counts().failing()).isFalse();

        // a write under way when the connection is cut: it waits in its transaction for the meters' locks
        List<Answer> outage = new ArrayList<>();
        CompletableFuture<Void> write;
        try (Connection locks = lockEveryMeter()) {
            for (Delivery d : deliveries) {
                if (!d.reading().at().isBefore(DOWN) && node.counts().waiting() == 0) {
                    clock.set(d.reading().at().plusSeconds(1));
                    outage.add(deliver(node, d));
                }
            }
            assertThat(node.counts().waiting()).isPositive();
            write = CompletableFuture.runAsync(node::flush);
            awaitWriteWaitingForLock();
            link.down();
            write.get(10, TimeUnit.SECONDS);
        }
        Instant failedAt = clock.instant();
        FleetIngest.Counts failing = node.counts();
        assertThat(failing.failing()).isTrue();
        assertThat(failing.failingSince()).isEqualTo(failedAt);
        assertThat(failing.lastWriteProblem()).startsWith("cannot store");
        assertThat(outage).filteredOn(Answer::candidate).isNotEmpty().allMatch(Answer::failed);

        // refused: every flush fails within the pool's quarter second, the node goes on taking telegrams
        Instant resumeFrom = outage.get(outage.size() - 1).delivery().reading().at().plusMillis(1);
        long started = System.nanoTime();
        outage.addAll(feed(node, resumeFrom, UP));
        System.out.printf("outage of %d telegrams fed in %d ms%n", outage.size(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
        FleetIngest.Counts during = node.counts();
        System.out.println("during the outage: " + during);
        assertThat(outage).filteredOn(Answer::candidate).hasSizeGreaterThan(50)
                .noneMatch(Answer::acknowledged);
        assertThat(during.failing()).isTrue();
        assertThat(during.failingSince()).isEqualTo(failedAt);
        assertThat(during.failedWrites()).isGreaterThan(5);
        assertThat(during.waiting()).isPositive();
        assertThat(during.droppedAtBound()).isZero();
        assertThat(during.lastWriteProblem()).contains("Connection refused");

        link.up();
        // the node's writes fail until its pool has a connection again: it is not told the database is back
        List<Answer> after = feed(node, UP, Instant.MAX);
        assertThat(node.counts().failing()).isFalse();
        List<Answer> all = new ArrayList<>(answers);
        all.addAll(outage);
        all.addAll(after);
        deliverAgain(node, all, 40);
        clock.set(clock.instant().plusSeconds(3600));
        node.writeStatus();     // the newest reading of each meter, gone silent
        node.flush();

        assertThat(all).allMatch(Answer::acknowledged);
        FleetIngest.Counts done = node.counts();
        System.out.println("after: " + done);
        assertThat(done.waiting()).isZero();
        assertSingleNodeQuarters();

        // the log: the start once, a summary at most once a minute of the 12 minutes, the end once
        assertThat(messages(Level.WARN, "cannot write to the database")).hasSize(1);
        List<String> summaries = messages(Level.WARN, "the database has failed for");
        summaries.forEach(System.out::println);
        List<Integer> seconds = summaries.stream()
                .map(m -> Integer.parseInt(m.replaceAll(".*failed for (\\d+) s.*", "$1"))).toList();
        assertThat(seconds).isNotEmpty().isSorted();
        for (int i = 0; i < seconds.size(); i++) {
            assertThat(seconds.get(i) - (i == 0 ? 0 : seconds.get(i - 1))).isGreaterThanOrEqualTo(60);
        }
        List<String> ends = messages(Level.INFO, "database back after");
        assertThat(ends).hasSize(1);
        System.out.println(ends.get(0));
        assertThat(ends.get(0)).containsPattern("database back after 1[0-9]{3} s; [0-9,]+ boundary readings stored");
        assertThat(logged.list).hasSize(1 + summaries.size() + 1);
    }

    @Test
    void pastTheBoundMessagesAreNotTakenAndComeAgainNothingIsLost() throws Exception {
        int bound = 12;
        FleetIngest node = node(bound);
        // flushed often enough that the bound is never reached while the database is there
        List<Answer> answers = feed(node, T0, DOWN, 8);
        assertThat(answers).allMatch(Answer::acknowledged);

        // the write hangs in its transaction while telegrams keep coming: the batch fills to the bound
        List<Answer> outage = new ArrayList<>();
        CompletableFuture<Void> write = null;
        Instant resumeFrom = null;
        try (Connection locks = lockEveryMeter()) {
            for (Delivery d : deliveries) {
                if (d.reading().at().isBefore(DOWN)) {
                    continue;
                }
                clock.set(d.reading().at().plusSeconds(1));
                outage.add(deliver(node, d));
                if (write == null && node.counts().waiting() > 0) {
                    write = CompletableFuture.runAsync(node::flush);
                    awaitWriteWaitingForLock();
                }
                if (node.counts().droppedAtBound() >= 20) {
                    resumeFrom = d.reading().at().plusMillis(1);
                    break;
                }
            }
            link.down();
            write.get(10, TimeUnit.SECONDS);
        }
        List<Answer> refused = outage.stream().filter(a -> a.failed() && !a.candidate()).toList();
        assertThat(refused).hasSize(20).allSatisfy(a -> assertThat(a.stored).failsWithin(Duration.ZERO)
                .withThrowableOfType(java.util.concurrent.ExecutionException.class)
                .withCauseInstanceOf(FleetIngest.WaitingBoundReached.class)
                .withMessageContaining("meterkast.fleet.most-waiting"));
        assertThat(outage).noneMatch(a -> a.candidate() && a.acknowledged());

        outage.addAll(feed(node, resumeFrom, UP, 40));
        FleetIngest.Counts during = node.counts();
        System.out.println("at the bound: " + during + ", most waiting seen " + mostWaitingSeen);
        assertThat(during.failing()).isTrue();
        assertThat(during.waiting()).isLessThanOrEqualTo(bound + 2);
        assertThat(mostWaitingSeen).isLessThanOrEqualTo(bound + 2);
        assertThat(during.droppedAtBound()).isGreaterThanOrEqualTo(20);
        assertThat(during.mostWaiting()).isEqualTo(bound);
        assertThat(outage).noneMatch(a -> a.candidate() && a.acknowledged());

        link.up();
        List<Answer> all = new ArrayList<>(answers);
        all.addAll(outage);
        all.addAll(feed(node, UP, Instant.MAX, 8));
        deliverAgain(node, all, 8);
        clock.set(clock.instant().plusSeconds(3600));
        node.writeStatus();
        node.flush();

        assertThat(all).allMatch(Answer::acknowledged);
        assertThat(node.counts().failing()).isFalse();
        assertSingleNodeQuarters();
    }
}
