package org.meterkast.server.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * The backup's zip: {@code meterkast.db} (the SQLite database, copied with {@code VACUUM INTO}: one consistent
 * snapshot while the server goes on writing), {@code backup.properties} (when, which schema) and {@code settings/…}
 * (the settings files found in the server's working folder). And the restore of such a zip onto a fresh install.
 */
public final class BackupArchive {
    static final String DATABASE = "meterkast.db";
    static final String ABOUT = "backup.properties";
    static final String SETTINGS = "settings/";
    /** The settings files a server reads from its working folder, as Spring Boot looks for them. */
    static final List<String> SETTINGS_FILES = List.of("application.properties", "application.yml",
            "config/application.properties", "config/application.yml");
    /** The largest entry taken from a zip: a database bigger than this is not a household's. */
    static final long LARGEST_ENTRY = 64L << 30;
    /** The largest settings file taken from a zip. */
    static final int LARGEST_SETTINGS = 1 << 20;
    /** The files SQLite keeps beside a database while it is in use or was not closed cleanly. */
    static final List<String> BESIDE = List.of("-wal", "-shm", "-journal");

    private BackupArchive() {
    }

    /** What a restore did. */
    public record Restored(Path database, String schemaVersion, Instant takenAt, List<String> settingsWritten,
                           List<String> settingsKept) {
    }

    /** Opens a connection to the SQLite database to back up. */
    @FunctionalInterface
    interface Database {
        Connection open() throws SQLException;
    }

    /**
     * Writes the backup of the SQLite database, and of the settings files under {@code workingFolder}, to
     * {@code out}. The connection is held for the snapshot only ({@code VACUUM INTO} a temporary file), not while the
     * zip is written.
     */
    static void write(Database database, Path workingFolder, Instant now, OutputStream out)
            throws IOException, SQLException {
        Path folder = Files.createTempDirectory("meterkast-backup");
        Path copy = folder.resolve(DATABASE);
        try {
            try (Connection c = database.open(); Statement s = c.createStatement()) {
                s.execute("VACUUM INTO '" + copy.toAbsolutePath().toString().replace("'", "''") + "'");
            }
            zip(copy, workingFolder, now, out);
        } finally {
            Files.deleteIfExists(copy);
            Files.deleteIfExists(folder);
        }
    }

    private static void zip(Path copy, Path workingFolder, Instant now, OutputStream out) throws IOException {
        String schema = schemaVersion(copy);
        ZipOutputStream zip = new ZipOutputStream(out);
        Properties about = new Properties();
        about.setProperty("taken-at", now.toString());
        about.setProperty("schema-version", schema);
        about.setProperty("database", "sqlite");
        zip.putNextEntry(new ZipEntry(ABOUT));
        about.store(zip, "Meterkast backup");
        zip.closeEntry();
        zip.putNextEntry(new ZipEntry(DATABASE));
        Files.copy(copy, zip);
        zip.closeEntry();
        for (String name : SETTINGS_FILES) {
            Path file = workingFolder.resolve(name);
            if (Files.isRegularFile(file)) {
                zip.putNextEntry(new ZipEntry(SETTINGS + name));
                Files.copy(file, zip);
                zip.closeEntry();
            }
        }
        zip.finish();
    }

    /**
     * Restores a backup onto a fresh install: the database to {@code database}, which must not exist yet, and each
     * settings file to {@code workingFolder} unless one is there already (then it is kept, and named in the answer).
     *
     * @throws BackupException when the file is not a Meterkast backup, its database is damaged, or the target exists
     */
    public static Restored restore(Path zipFile, Path database, Path workingFolder) throws IOException {
        return restore(zipFile, database, workingFolder, newestSchema());
    }

    /** As {@link #restore(Path, Path, Path)}, refusing a database whose schema is newer than {@code newestSchema}. */
    static Restored restore(Path zipFile, Path database, Path workingFolder, int newestSchema) throws IOException {
        refuseExisting(database);
        Path parent = database.toAbsolutePath().getParent();
        Files.createDirectories(parent);
        Path part = Files.createTempFile(parent, "restore-", ".db");
        Properties about = new Properties();
        List<Settings> settings = new ArrayList<>();
        boolean sawDatabase = false;
        try {
            try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(zipFile))) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    if (e.getName().equals(DATABASE)) {
                        copyAtMost(zip, part);
                        sawDatabase = true;
                    } else if (e.getName().equals(ABOUT)) {
                        about.load(zip);
                    } else if (e.getName().startsWith(SETTINGS)
                            && SETTINGS_FILES.contains(e.getName().substring(SETTINGS.length()))) {
                        // the bytes as they were: Spring reads .properties as ISO-8859-1, .yml as UTF-8
                        byte[] content = zip.readNBytes(LARGEST_SETTINGS + 1);
                        if (content.length > LARGEST_SETTINGS) {
                            throw new BackupException(e.getName() + " in " + zipFile + " is larger than "
                                    + (LARGEST_SETTINGS >> 20) + " MiB: not a settings file");
                        }
                        settings.add(new Settings(e.getName().substring(SETTINGS.length()), content));
                    }
                }
            } catch (java.util.zip.ZipException e) {
                throw new BackupException(zipFile + " is not a Meterkast backup: " + e.getMessage());
            }
            if (!sawDatabase || about.getProperty("taken-at") == null) {
                throw new BackupException(zipFile + " is not a Meterkast backup: it holds no " + DATABASE + " and "
                        + ABOUT);
            }
            String check = integrity(part);
            if (!check.equals("ok")) {
                throw new BackupException("the database in " + zipFile + " is damaged: " + check);
            }
            String schema = schemaVersion(part);
            if (schema.matches("\\d+") && Integer.parseInt(schema) > newestSchema) {
                throw new BackupException("the backup is of a newer Meterkast (schema " + schema
                        + ", this one knows up to " + newestSchema + "): restore it with that version or a newer one");
            }
            // again, just before: a server started meanwhile has made a database there; a link is made only where
            // no file is, so one that appears between this check and it is never replaced
            refuseExisting(database);
            try {
                Files.createLink(database, part);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                throw new BackupException(database + " appeared while the backup was being restored: nothing "
                        + "replaced; stop Meterkast first");
            } catch (UnsupportedOperationException e) {
                Files.move(part, database, StandardCopyOption.ATOMIC_MOVE);
            }
            List<String> written = new ArrayList<>();
            List<String> kept = new ArrayList<>();
            for (Settings s : settings) {
                Path target = workingFolder.resolve(s.name());
                if (Files.exists(target)) {
                    kept.add(s.name());
                } else {
                    Files.createDirectories(target.toAbsolutePath().getParent());
                    Files.write(target, s.content());
                    ownerOnly(target);
                    written.add(s.name());
                }
            }
            return new Restored(database, schema, Instant.parse(about.getProperty("taken-at")), written, kept);
        } finally {
            Files.deleteIfExists(part);
        }
    }

    /** A settings file of the backup: its name under the working folder, its bytes. */
    private record Settings(String name, byte[] content) {
    }

    /** Refuses a target where a database, or what SQLite keeps beside one, is there already. */
    private static void refuseExisting(Path database) {
        List<Path> there = new ArrayList<>();
        if (Files.exists(database)) {
            there.add(database);
        }
        for (String suffix : BESIDE) {
            Path beside = database.resolveSibling(database.getFileName() + suffix);
            if (Files.exists(beside)) {
                there.add(beside);
            }
        }
        if (!there.isEmpty()) {
            throw new BackupException(there + " exist: a backup is restored onto a fresh install. Stop Meterkast "
                    + "and move the database and the files beside it away first (an old -wal file would be replayed "
                    + "onto the restored database)");
        }
    }

    /** Settings files hold passwords and tokens: readable by their owner only, where the file system says so. */
    private static void ownerOnly(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own defaults
        }
    }

    private static void copyAtMost(InputStream in, Path to) throws IOException {
        try (OutputStream out = Files.newOutputStream(to)) {
            byte[] buffer = new byte[1 << 16];
            long total = 0;
            for (int n; (n = in.read(buffer)) > 0; ) {
                total += n;
                if (total > LARGEST_ENTRY) {
                    throw new BackupException("the database in the backup is larger than " + (LARGEST_ENTRY >> 30)
                            + " GiB: not taken");
                }
                out.write(buffer, 0, n);
            }
        }
    }

    private static String integrity(Path db) {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db);
             Statement s = c.createStatement(); ResultSet r = s.executeQuery("PRAGMA quick_check")) {
            return r.next() ? r.getString(1) : "no answer";
        } catch (SQLException e) {
            return e.getMessage();
        }
    }

    /** The newest schema this Meterkast knows: the highest version of its SQLite migrations. */
    static int newestSchema() throws IOException {
        int newest = 0;
        for (var r : new org.springframework.core.io.support.PathMatchingResourcePatternResolver()
                .getResources("classpath*:db/migration/sqlite/V*__*.sql")) {
            String name = r.getFilename();
            if (name != null) {
                newest = Math.max(newest, Integer.parseInt(name.substring(1, name.indexOf("__"))));
            }
        }
        return newest;
    }

    /** The last Flyway migration applied to the database in {@code db}. */
    static String schemaVersion(Path db) throws IOException {
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db); Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT version FROM flyway_schema_history WHERE success = 1 "
                     + "ORDER BY installed_rank DESC LIMIT 1")) {
            return r.next() ? r.getString(1) : "none";
        } catch (SQLException e) {
            throw new BackupException("not a Meterkast database: " + e.getMessage().toLowerCase(Locale.ROOT));
        }
    }
}
