package org.meterkast.server.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/** The same rules on a real PostgreSQL, started from the zonky binaries, and four nodes writing one meter at once. */
class PostgresRegisterBoundaryRepositoryTest extends RegisterBoundaryRepositoryContract {
    private static EmbeddedPostgres postgres;

    @BeforeAll
    static void start() throws IOException {
        postgres = EmbeddedPostgres.start();
    }

    @AfterAll
    static void stop() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }

    @Override
    DataSource dataSource() {
        DataSource ds = postgres.getPostgresDatabase();
        try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
            s.execute("DROP SCHEMA public CASCADE; CREATE SCHEMA public");
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
        return ds;
    }

    @Override
    String vendor() {
        return "postgresql";
    }

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5, 6, 7, 8})
    void fourNodesWritingOneMeterAtOnceStoreTheBuildersQuarters(long seed) throws Exception {
        Random random = new Random(seed);
        List<RegisterSnapshot> stream = MeterStream.readings(random, T0.plusSeconds(61), 1, 3);
        List<List<RegisterSnapshot>> shares = MeterStream.shares(stream, 4, random);
        CyclicBarrier together = new CyclicBarrier(shares.size());
        ExecutorService nodes = Executors.newFixedThreadPool(shares.size());
        List<Future<Integer>> done = new ArrayList<>();
        try {
            for (List<RegisterSnapshot> share : shares) {
                List<List<RegisterBoundaryRepository.Candidate>> batches =
                        MeterStream.batches(meterId, share, new Random(random.nextLong()));
                done.add(nodes.submit(() -> {
                    // each node its own connection, as each node has its own pool
                    SingleConnectionDataSource own = new SingleConnectionDataSource(
                            postgres.getPostgresDatabase().getConnection(), true);
                    try {
                        RegisterBoundaryRepository repository = repository(own);
                        together.await();
                        int rows = 0;
                        for (List<RegisterBoundaryRepository.Candidate> batch : batches) {
                            rows += repository.write(batch).rows();
                        }
                        return rows;
                    } finally {
                        own.destroy();
                    }
                }));
            }
            for (Future<Integer> node : done) {
                assertThat(node.get()).isPositive();
            }
        } finally {
            nodes.shutdownNow();
        }

        List<ClosedQuarter> expected = MeterStream.quarters(stream);
        assertThat(expected).anyMatch(ClosedQuarter::estimated).anyMatch(q -> q.segment() == 1);
        assertThat(quarters.quarters(meterId, T0, T0.plusSeconds(4 * 3600))).containsExactlyElementsOf(expected);
    }
}
