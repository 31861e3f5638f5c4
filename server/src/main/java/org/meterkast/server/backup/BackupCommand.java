package org.meterkast.server.backup;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import java.util.Properties;
import org.meterkast.server.store.SqliteDataSourceSetup;

/**
 * {@code meterkast.jar backup <file.zip>} and {@code meterkast.jar restore <file.zip>}: a backup of the SQLite database
 * (while the server runs or not) and of the settings files in the working folder; and its restore onto a fresh install
 * (the server stopped, no database yet). Both take {@code --spring.datasource.url=jdbc:sqlite:…} when the database is
 * not the default {@code data/meterkast.db}. No Spring context: the commands touch the files only.
 */
public final class BackupCommand {
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    static final String DEFAULT_URL = "jdbc:sqlite:data/meterkast.db";

    private BackupCommand() {
    }

    /**
     * Runs {@code backup} or {@code restore}.
     *
     * @param command {@code backup} or {@code restore}
     * @param args    the arguments after it
     * @return the exit code
     */
    public static int run(String command, String[] args, Path workingFolder, PrintStream out, PrintStream err) {
        String url = DEFAULT_URL;
        Path file = null;
        for (String a : args) {
            if (a.startsWith("--spring.datasource.url=")) {
                url = a.substring("--spring.datasource.url=".length());
            } else if (a.equals("--help") || a.equals("-h")) {
                usage(out);
                return DONE;
            } else if (a.startsWith("--")) {
                err.println("unknown option " + a);
                usage(err);
                return USAGE;
            } else if (file == null) {
                file = Path.of(a);
            } else {
                err.println("one file at a time: '" + file + "' and '" + a + "'");
                return USAGE;
            }
        }
        if (file == null) {
            usage(err);
            return USAGE;
        }
        if (!url.startsWith("jdbc:sqlite:")) {
            err.println(BackupService.ON_POSTGRESQL);
            return FAILED;
        }
        Optional<Path> named = SqliteDataSourceSetup.databaseFile(url);
        if (named.isEmpty()) {
            err.println("no database file in " + url);
            return USAGE;
        }
        Path database = workingFolder.resolve(named.get());
        try {
            return command.equals("backup") ? backup(database, file, workingFolder, out)
                    : restore(database, file, workingFolder, out);
        } catch (BackupException e) {
            err.println(command + " failed: " + e.getMessage());
            return FAILED;
        } catch (IOException | SQLException e) {
            err.println(command + " failed: " + e);
            return FAILED;
        }
    }

    private static int backup(Path database, Path file, Path workingFolder, PrintStream out)
            throws IOException, SQLException {
        if (!Files.isRegularFile(database)) {
            throw new BackupException("no database at " + database);
        }
        Path part = Files.createTempFile(file.toAbsolutePath().getParent(), "backup-", ".part");
        try {
            // a server writing meanwhile holds the database for a moment at a checkpoint: wait for it
            Properties busy = new Properties();
            busy.setProperty("busy_timeout", "10000");
            try (OutputStream zip = Files.newOutputStream(part)) {
                BackupArchive.write(() -> DriverManager.getConnection("jdbc:sqlite:" + database, busy), workingFolder,
                        Instant.now(), zip);
            }
            Files.move(part, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(part);
        }
        out.printf("backup of %s in %s (%,d bytes)%n", database, file, Files.size(file));
        return DONE;
    }

    private static int restore(Path database, Path file, Path workingFolder, PrintStream out) throws IOException {
        BackupArchive.Restored r = BackupArchive.restore(file, database, workingFolder);
        out.printf("restored the backup of %s (schema %s) to %s%n", r.takenAt(), r.schemaVersion(), r.database());
        r.settingsWritten().forEach(s -> out.println("settings file restored: " + s));
        for (String s : r.settingsWritten()) {
            String named = datasourceUrl(workingFolder.resolve(s));
            if (named != null && !named.isBlank() && !SqliteDataSourceSetup.databaseFile(named)
                    .map(p -> workingFolder.resolve(p).toAbsolutePath().normalize()
                            .equals(database.toAbsolutePath().normalize())).orElse(false)) {
                out.println("note: " + s + " names the database " + named + ", not " + database + ": restore "
                        + "again with --spring.datasource.url=" + named + " (after moving " + database + " away)");
            }
        }
        r.settingsKept().forEach(s -> out.println("settings file kept as it is here (the backup's differs or not): "
                + s));
        return DONE;
    }

    /** The {@code spring.datasource.url} a restored .properties file names, or null. */
    private static String datasourceUrl(Path settings) throws IOException {
        if (!settings.toString().endsWith(".properties")) {
            return null;
        }
        Properties p = new Properties();
        try (var in = Files.newInputStream(settings)) {
            p.load(in);
        }
        return p.getProperty("spring.datasource.url");
    }

    private static void usage(PrintStream s) {
        s.println("usage: java -jar meterkast.jar backup <file.zip> [--spring.datasource.url=jdbc:sqlite:PATH]");
        s.println("       java -jar meterkast.jar restore <file.zip> [--spring.datasource.url=jdbc:sqlite:PATH]");
        s.println("backup copies the SQLite database (default data/meterkast.db) while Meterkast runs or not, with");
        s.println("the settings files of this folder; restore puts it back onto a fresh install, Meterkast stopped.");
        s.println("On PostgreSQL, use pg_dump and pg_restore (docs/BACKUP.md).");
    }
}
