package org.meterkast.server.smartcharging;

import java.nio.file.Path;
import javax.sql.DataSource;
import org.junit.jupiter.api.io.TempDir;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/** The enrolments' table on SQLite, with foreign keys enforced as the server's data source does. */
class SqliteSmartChargingEnrolmentTest extends SmartChargingEnrolmentsContract {
    @TempDir
    Path folder;

    @Override
    DataSource dataSource() {
        SQLiteConfig config = new SQLiteConfig();
        config.enforceForeignKeys(true);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + folder.resolve("enrolments.db"));
        return ds;
    }

    @Override
    String vendor() {
        return "sqlite";
    }
}
