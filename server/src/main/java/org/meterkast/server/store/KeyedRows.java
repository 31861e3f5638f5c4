package org.meterkast.server.store;

import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.sql.DataSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Repository;

/**
 * Deletes every row keyed by one meter or one account, in whatever table holds such a key: the tables are found in
 * the schema itself, so a table a later migration adds is not forgotten.
 */
@Repository
public class KeyedRows {
    private final JdbcClient jdbc;
    private final DataSource dataSource;

    public KeyedRows(JdbcClient jdbc, DataSource dataSource) {
        this.jdbc = jdbc;
        this.dataSource = dataSource;
    }

    /** The tables with a column of this name, lower case, by name. */
    public Set<String> tablesWith(String column) {
        Set<String> tables = new TreeSet<>();
        var connection = DataSourceUtils.getConnection(dataSource);
        try {
            DatabaseMetaData meta = connection.getMetaData();
            Set<String> plain = new TreeSet<>();
            try (ResultSet rs = meta.getTables(connection.getCatalog(), connection.getSchema(), "%",
                    new String[] {"TABLE"})) {
                while (rs.next()) {
                    plain.add(rs.getString("TABLE_NAME").toLowerCase(Locale.ROOT));
                }
            }
            for (String table : plain) {
                try (ResultSet rs = meta.getColumns(connection.getCatalog(), connection.getSchema(), table, "%")) {
                    while (rs.next()) {
                        if (rs.getString("COLUMN_NAME").equalsIgnoreCase(column)) {
                            tables.add(table);
                        }
                    }
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read the database's tables: " + e.getMessage(), e);
        } finally {
            DataSourceUtils.releaseConnection(connection, dataSource);
        }
        return tables;
    }

    /**
     * Deletes the rows whose {@code column} is {@code key} in every table that has the column, except those
     * named; returns the rows deleted per table (tables without any left out). Run it in a transaction.
     */
    public Map<String, Integer> delete(String column, long key, Set<String> except) {
        Map<String, Integer> deleted = new TreeMap<>();
        for (String table : tablesWith(column)) {
            if (except.contains(table)) {
                continue;
            }
            // names from the schema itself, never from a request
            int n = jdbc.sql("DELETE FROM " + table + " WHERE " + column + " = ?").param(key).update();
            if (n > 0) {
                deleted.put(table, n);
            }
        }
        return deleted;
    }

    /** Whether any of these tables holds a row with {@code column} equal to {@code key}. */
    public boolean any(String column, long key, Set<String> tables) {
        for (String table : tables) {
            if (jdbc.sql("SELECT 1 FROM " + table + " WHERE " + column + " = ? LIMIT 1").param(key)
                    .query(Integer.class).optional().isPresent()) {
                return true;
            }
        }
        return false;
    }
}
