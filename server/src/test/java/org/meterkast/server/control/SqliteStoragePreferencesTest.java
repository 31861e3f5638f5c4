package org.meterkast.server.control;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The surplus order and boilers' tables on SQLite, with foreign keys enforced as the server's data source does. */
class SqliteStoragePreferencesTest extends StoragePreferencesContract {
    @TempDir
    Path folder;

    @Override
    DataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + folder.resolve("storage.db"));
        return ds;
    }

    @Override
    String vendor() {
        return "sqlite";
    }
}
