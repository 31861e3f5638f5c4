package org.meterkast.server.storage;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** The batteries' and boilers' quarters on a real PostgreSQL, started from the zonky binaries for this class. */
class PostgresStorageHistoryRepositoryTest extends StorageHistoryRepositoryContract {
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
            // each test starts from an empty schema
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
}
