package org.meterkast.server.backup;

import java.io.IOException;
import java.io.OutputStream;
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
    /** Whether the database is SQLite, once asked: it does not change while the server runs. */
    private volatile Boolean sqlite;

    BackupService(DataSource dataSource, Clock clock) {
        this.dataSource = dataSource;
        this.clock = clock;
    }

    /** Whether this server's database can be backed up here (SQLite), rather than with pg_dump. */
    public boolean available() {
        Boolean known = sqlite;
        if (known == null) {
            try (Connection c = dataSource.getConnection()) {
                known = c.getMetaData().getDatabaseProductName().toLowerCase(Locale.ROOT).contains("sqlite");
            } catch (SQLException e) {
                return false;
            }
            sqlite = known;
        }
        return known;
    }

    /** Writes the backup as a zip to {@code out}; throws {@link BackupException} on PostgreSQL. */
    public void write(OutputStream out) throws IOException {
        if (!available()) {
            throw new BackupException(ON_POSTGRESQL);
        }
        try {
            BackupArchive.write(dataSource::getConnection, Path.of(""), clock.instant(), out);
        } catch (SQLException e) {
            throw new IOException("cannot copy the database: " + e.getMessage(), e);
        }
    }
}
