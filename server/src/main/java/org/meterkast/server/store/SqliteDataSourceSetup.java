package org.meterkast.server.store;

import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Prepares an SQLite data source before its first connection: makes the database file's folder (a first start
 * on a fresh Raspberry Pi has no {@code ./data}), turns on the WAL journal so the API reads while ingest writes,
 * a busy timeout so a writer waits for another rather than failing with SQLITE_BUSY, and transactions that take
 * the write lock when they begin.
 */
@Component
public class SqliteDataSourceSetup implements BeanPostProcessor {
    private static final String PREFIX = "jdbc:sqlite:";
    static final int BUSY_TIMEOUT_MS = 10_000;

    @Override
    public Object postProcessAfterInitialization(Object bean, String beanName) {
        if (bean instanceof HikariDataSource hikari && hikari.getJdbcUrl() != null
                && hikari.getJdbcUrl().startsWith(PREFIX)) {
            databaseFile(hikari.getJdbcUrl()).ifPresent(SqliteDataSourceSetup::makeFolder);
            hikari.addDataSourceProperty("journal_mode", "WAL");
            hikari.addDataSourceProperty("busy_timeout", Integer.toString(BUSY_TIMEOUT_MS));
            hikari.addDataSourceProperty("foreign_keys", "true");
            // Every transaction here writes. Begun IMMEDIATE it takes the write lock at its start and waits its turn
            // (busy timeout); begun DEFERRED, one that reads first fails with SQLITE_BUSY_SNAPSHOT when another
            // connection (a session's last-access update, an ingest) wrote after its read.
            hikari.addDataSourceProperty("transaction_mode", "IMMEDIATE");
        }
        return bean;
    }

    /** The file of a {@code jdbc:sqlite:} URL; empty for an in-memory database. */
    public static Optional<Path> databaseFile(String url) {
        String name = url.substring(PREFIX.length());
        int query = name.indexOf('?');
        if (query >= 0) {
            name = name.substring(0, query);
        }
        if (name.startsWith("file:")) {
            name = name.substring("file:".length());
        }
        if (name.isEmpty() || name.startsWith(":memory:") || name.contains("mode=memory")) {
            return Optional.empty();
        }
        return Optional.of(Path.of(name));
    }

    private static void makeFolder(Path file) {
        Path folder = file.toAbsolutePath().getParent();
        try {
            Files.createDirectories(folder);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot make the folder " + folder + " for the database " + file
                    + ": " + e.getMessage(), e);
        }
    }
}
