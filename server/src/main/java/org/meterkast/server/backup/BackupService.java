package org.meterkast.server.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.Locale;
import javax.sql.DataSource;
import org.springframework.stereotype.Service;

/** Takes the backup of the running server's own database (SQLite) and settings files; see {@link BackupArchive}. */
@Service
public class BackupService {
    static final String ON_POSTGRESQL = "this server keeps its data in PostgreSQL: back it up with pg_dump "
            + "(docs/BACKUP.md), which the database does best while it runs";

    private final DataSource dataSource;
    private final Clock clock;

    BackupService(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Whether this server's database can be backed up here (SQLite), rather than with pg_dump. */
    public boolean available() {
        try (Connection c = dataSource.getConnection()) {
            return isSqlite(c);
        } catch (SQLException e) {
            return false;
        }
    }

    /**
     * Writes the backup as a zip to {@code out}; throws {@link BackupException} on PostgreSQL. The pool's connection is
     * held for the snapshot only, not while the zip is written.
     */
    public void write(OutputStream out) throws IOException {
        Path folder = Files.createTempDirectory("meterkast-backup");
        Path copy = folder.resolve(BackupArchive.DATABASE);
        try {
            try (Connection c = dataSource.getConnection()) {
                if (!isSqlite(c)) {
                    throw new BackupException(ON_POSTGRESQL);
                }
                BackupArchive.snapshot(c, copy);
            } catch (SQLException e) {
                throw new IOException("cannot copy the database: " + e.getMessage(), e);
            }
            BackupArchive.write(copy, Path.of(""), clock.instant(), out);
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(folder);
        }
    }

    private static boolean isSqlite(Connection c) throws SQLException {
        return c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
    }
}
