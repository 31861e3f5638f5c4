package org.meterkast.bench.load;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * A database the server is pointed at, made fresh for a run: an SQLite file, or a PostgreSQL database of its own
 * on a local server. The driver connects to it with the settings the server uses, for the raw JDBC anchor.
 */
abstract class Database {
    /** sqlite or postgresql: the server's name for the dialect, and the folder of its migrations. */
    abstract String vendor();

    abstract String url();

    /** The server's command-line arguments that point it at this database. */
    abstract List<String> serverArgs();

    /** Removes whatever a previous run left and makes the database empty. */
    abstract void create() throws SQLException;

    abstract void drop() throws SQLException;

    abstract Connection connect() throws SQLException;

    @Override
    public String toString() {
        return url();
    }

    /** The statements of the server's schema (V1__quarters.sql of this dialect), read from the server jar. */
    List<String> schema(Path serverJar) {
        String name = "BOOT-INF/classes/db/migration/" + vendor() + "/V1__quarters.sql";
        try (ZipFile jar = new ZipFile(serverJar.toFile())) {
            ZipEntry entry = jar.getEntry(name);
            if (entry == null) {
                throw new IllegalStateException(serverJar + " has no " + name);
            }
            String script;
            try (InputStream in = jar.getInputStream(entry)) {
                script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            List<String> statements = new ArrayList<>();
            StringBuilder sql = new StringBuilder();
            for (String line : script.split("\n")) {
                int comment = line.indexOf("--");
                sql.append(comment >= 0 ? line.substring(0, comment) : line).append('\n');
            }
            for (String s : sql.toString().split(";")) {
                if (!s.isBlank()) {
                    statements.add(s.strip());
                }
            }
            return statements;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + name + " from " + serverJar, e);
        }
    }

    /** Creates the server's schema here, as its migration does. */
    void createSchema(Path serverJar) throws SQLException {
        try (Connection c = connect(); Statement s = c.createStatement()) {
            for (String sql : schema(serverJar)) {
                s.execute(sql);
            }
        }
    }

    static Database sqlite(Path file) {
        return new Sqlite(file);
    }

    static Database postgresql(String hostPort, String name) {
        return new Postgresql(hostPort, name, "");
    }

    /** The same PostgreSQL database reached with extra JDBC URL parameters, e.g. reWriteBatchedInserts=true. */
    static Database postgresql(String hostPort, String name, String parameters) {
        return new Postgresql(hostPort, name, parameters);
    }

    /** An SQLite file with the server's connection settings (see the server's SqliteDataSourceSetup). */
    static final class Sqlite extends Database {
        private final Path file;

        Sqlite(Path file) {
            this.file = file.toAbsolutePath();
        }

        Path file() {
            return file;
        }

        @Override
        String vendor() {
            return "sqlite";
        }

        @Override
        String url() {
            return "jdbc:sqlite:" + file;
        }

        @Override
        List<String> serverArgs() {
            return List.of("--spring.datasource.url=" + url());
        }

        @Override
        void create() {
            drop();
            try {
                Files.createDirectories(file.getParent());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        void drop() {
            try {
                for (String suffix : List.of("", "-wal", "-shm", "-journal")) {
                    Files.deleteIfExists(Path.of(file + suffix));
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        /** The bytes of the database file and its WAL, as they are now. */
        long sizeBytes() {
            long size = 0;
            for (String suffix : List.of("", "-wal")) {
                Path p = Path.of(file + suffix);
                try {
                    size += Files.exists(p) ? Files.size(p) : 0;
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
            return size;
        }

        @Override
        Connection connect() throws SQLException {
            Properties p = new Properties();
            p.setProperty("journal_mode", "WAL");
            p.setProperty("busy_timeout", "10000");
            p.setProperty("foreign_keys", "true");
            return DriverManager.getConnection(url(), p);
        }
    }

    /** A database of its own on a local PostgreSQL server, user postgres. */
    static final class Postgresql extends Database {
        private final String hostPort;
        private final String name;
        private final String parameters;

        Postgresql(String hostPort, String name, String parameters) {
            if (!name.matches("[a-z0-9_]+")) {
                throw new IllegalArgumentException("database name '" + name + "': only a-z, 0-9 and _");
            }
            this.hostPort = hostPort;
            this.name = name;
            this.parameters = parameters;
        }

        String name() {
            return name;
        }

        @Override
        String vendor() {
            return "postgresql";
        }

        @Override
        String url() {
            return "jdbc:postgresql://" + hostPort + "/" + name + (parameters.isEmpty() ? "" : "?" + parameters);
        }

        @Override
        List<String> serverArgs() {
            return List.of("--spring.datasource.url=" + url(), "--spring.datasource.username=postgres");
        }

        @Override
        void create() throws SQLException {
            drop();
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("CREATE DATABASE " + name);
            }
        }

        @Override
        void drop() throws SQLException {
            try (Connection c = admin(); Statement s = c.createStatement()) {
                s.execute("DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
            }
        }

        /** The database's size as PostgreSQL counts it (tables, indexes, free space). */
        long sizeBytes() throws SQLException {
            try (Connection c = connect(); Statement s = c.createStatement();
                 var rs = s.executeQuery("SELECT pg_database_size(current_database())")) {
                rs.next();
                return rs.getLong(1);
            }
        }

        private Connection admin() throws SQLException {
            return DriverManager.getConnection("jdbc:postgresql://" + hostPort + "/postgres", "postgres", "");
        }

        @Override
        Connection connect() throws SQLException {
            return DriverManager.getConnection(url(), "postgres", "");
        }
    }
}
