package org.meterkast.server.storage;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class SqliteStorageHistoryRepositoryTest extends StorageHistoryRepositoryContract {
    @TempDir
    Path folder;
    private int databases;

    @Override
    DataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + folder.resolve("meterkast-" + ++databases + ".db"));
        return ds;
    }

    @Override
    String vendor() {
        return "sqlite";
    }
}
