package org.meterkast.server.fleet;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

class SqliteRegisterBoundaryRepositoryTest extends RegisterBoundaryRepositoryContract {
    @TempDir
    Path folder;

    @Override
    DataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        config.enforceForeignKeys(true);
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + folder.resolve("meterkast.db"));
        return ds;
    }

    @Override
    String vendor() {
        return "sqlite";
    }
}
