package org.meterkast.server.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.Test;
import org.meterkast.server.MeterkastApplication;
import org.meterkast.server.TestHousehold;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * A running server with three days of a simulated household is backed up over HTTP by its administrator; the backup
 * is restored by the command onto a fresh install, which is started: its charts and bills of those days are the same,
 * answer for answer, and the household's API token still signs in.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class BackupRestoreTest {
    static final Path FOLDER;
    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");

    static {
        try {
            FOLDER = Files.createTempDirectory("meterkast-backup-test");
        } catch (IOException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    @DynamicPropertySource
    static void settings(DynamicPropertyRegistry registry) {
        registry.add("spring.datasource.url", () -> "jdbc:sqlite:" + FOLDER.resolve("first/meterkast.db"));
        registry.add("meterkast.meters.home.type", () -> "sim");
        registry.add("meterkast.meters.home.history-days", () -> "3");
    }

    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    HttpResponse<byte[]> get(int port, String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    /** The charts (with gas and water) and bills of the two full days of history, as the app asks for them. */
    static List<String> pages() {
        LocalDate today = LocalDate.now(BRUSSELS);
        String from = today.minusDays(2).atStartOfDay(BRUSSELS).toInstant().toString();
        String to = today.atStartOfDay(BRUSSELS).toInstant().toString();
        String lastMonth = java.time.YearMonth.from(today).minusMonths(1).toString();
        return List.of("/api/meters/home/buckets?size=day&from=" + from + "&to=" + to,
                "/api/meters/home/buckets?size=hour&from=" + from + "&to=" + to,
                "/api/meters/home/quarters?from=" + from + "&to=" + to,
                "/api/meters/home/bill?from=" + from + "&to=" + to + "&quarters=true",
                "/api/meters/home/costs/months?from=" + lastMonth + "&to=" + lastMonth);
    }

    @Test
    void aBackupRestoredOntoAFreshInstallGivesTheSameChartsAndBills() throws Exception {
        String household = TestHousehold.token(context, "home");
        assertThat(get(port, "/api/admin/backup", null).statusCode()).isEqualTo(401);
        assertThat(get(port, "/api/admin/backup", household).statusCode()).as("a household is no administrator")
                .isEqualTo(403);
        String administrator = TestHousehold.administratorToken(context);

        HttpResponse<byte[]> backup = get(port, "/api/admin/backup", administrator);
        assertThat(backup.statusCode()).isEqualTo(200);
        assertThat(backup.headers().firstValue("Content-Disposition")).hasValueSatisfying(
                d -> assertThat(d).startsWith("attachment").contains("meterkast-backup-").endsWith(".zip\""));
        Path zip = FOLDER.resolve("backup.zip");
        Files.write(zip, backup.body());
        try (ZipInputStream entries = new ZipInputStream(Files.newInputStream(zip))) {
            List<String> names = new java.util.ArrayList<>();
            for (ZipEntry e; (e = entries.getNextEntry()) != null; ) {
                names.add(e.getName());
            }
            assertThat(names).contains(BackupArchive.ABOUT, BackupArchive.DATABASE);
        }
        List<String> pages = pages();
        List<byte[]> before = new java.util.ArrayList<>();
        for (String page : pages) {
            HttpResponse<byte[]> answer = get(port, page, household);
            assertThat(answer.statusCode()).as(page).isEqualTo(200);
            before.add(answer.body());
        }

        // onto a fresh install: the command refuses a folder that has a database, then restores into an empty one
        Path second = FOLDER.resolve("second");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        assertThat(BackupCommand.run("restore", new String[] {zip.toString(),
                "--spring.datasource.url=jdbc:sqlite:" + FOLDER.resolve("first/meterkast.db")}, second,
                new PrintStream(out), new PrintStream(err))).isEqualTo(BackupCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("exist: a backup is restored onto a fresh install");
        assertThat(BackupCommand.run("restore", new String[] {zip.toString()}, second, new PrintStream(out),
                new PrintStream(err))).isEqualTo(BackupCommand.DONE);
        assertThat(out.toString(StandardCharsets.UTF_8)).contains("restored the backup of")
                .contains("data/meterkast.db");

        // as arguments: they come before the application's own properties, which name data/meterkast.db
        try (ConfigurableApplicationContext restored = new SpringApplicationBuilder(MeterkastApplication.class)
                .run("--server.port=0", "--spring.datasource.url=jdbc:sqlite:" + second.resolve("data/meterkast.db"),
                        "--meterkast.meters.home.type=sim", "--meterkast.meters.home.history-days=3")) {
            int restoredPort = ((WebServerApplicationContext) restored).getWebServer().getPort();
            for (int i = 0; i < pages.size(); i++) {
                HttpResponse<byte[]> answer = get(restoredPort, pages.get(i), household);
                assertThat(answer.statusCode()).as(pages.get(i)).isEqualTo(200);
                assertThat(new String(answer.body(), StandardCharsets.UTF_8)).as(pages.get(i))
                        .isEqualTo(new String(before.get(i), StandardCharsets.UTF_8));
            }
        }
    }

    @Test
    void aFileThatIsNoBackupIsRefusedAndNothingIsWritten() throws Exception {
        Path notABackup = FOLDER.resolve("not-a-backup.zip");
        Files.writeString(notABackup, "hello");
        Path third = FOLDER.resolve("third");
        ByteArrayOutputStream err = new ByteArrayOutputStream();

        assertThat(BackupCommand.run("restore", new String[] {notABackup.toString()}, third,
                new PrintStream(new ByteArrayOutputStream()), new PrintStream(err))).isEqualTo(BackupCommand.FAILED);

        assertThat(err.toString(StandardCharsets.UTF_8)).contains("is not a Meterkast backup");
        assertThat(third.resolve("data/meterkast.db")).doesNotExist();
    }

    @Test
    void aBackupOfANewerMeterkastIsRefused() throws Exception {
        Path zip = FOLDER.resolve("newer.zip");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + FOLDER.resolve("newer.db"))) {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE flyway_schema_history (installed_rank INT, version TEXT, success INT)");
                s.execute("INSERT INTO flyway_schema_history VALUES (1, '" + (BackupArchive.newestSchema() + 1)
                        + "', 1)");
            }
            try (var out = Files.newOutputStream(zip)) {
                BackupArchive.write(() -> c, FOLDER.resolve("no-settings-here"), java.time.Instant.now(), out);
            }
        }
        Path target = FOLDER.resolve("fourth/meterkast.db");

        assertThatThrownBy(() -> BackupArchive.restore(zip, target, FOLDER.resolve("fourth")))
                .isInstanceOf(BackupException.class).hasMessageContaining("newer Meterkast");
        assertThat(target).doesNotExist();
        assertThat(BackupArchive.newestSchema()).isGreaterThanOrEqualTo(28);
    }

    /** A backup of a small database of schema 1, with the settings files of {@code workingFolder}. */
    static Path smallBackup(Path zip, Path workingFolder) throws Exception {
        Path db = Files.createTempDirectory("meterkast-small").resolve("small.db");
        try (var c = java.sql.DriverManager.getConnection("jdbc:sqlite:" + db)) {
            try (var s = c.createStatement()) {
                s.execute("CREATE TABLE flyway_schema_history (installed_rank INT, version TEXT, success INT)");
                s.execute("INSERT INTO flyway_schema_history VALUES (1, '1', 1)");
            }
            try (var out = Files.newOutputStream(zip)) {
                BackupArchive.write(() -> c, workingFolder, java.time.Instant.now(), out);
            }
        }
        return zip;
    }

    @Test
    void aTargetWithALeftOverWalFileIsRefused() throws Exception {
        Path zip = smallBackup(FOLDER.resolve("small.zip"), FOLDER.resolve("nothing-here"));
        Path target = FOLDER.resolve("fifth/meterkast.db");
        Files.createDirectories(target.getParent());
        Files.write(FOLDER.resolve("fifth/meterkast.db-wal"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> BackupArchive.restore(zip, target, FOLDER.resolve("fifth")))
                .isInstanceOf(BackupException.class).hasMessageContaining("meterkast.db-wal")
                .hasMessageContaining("fresh install");
        assertThat(target).doesNotExist();
    }

    @Test
    void settingsFilesComeBackByteForByteForTheirOwnerOnlyAndTheDatabaseTheyNameIsPointedOut() throws Exception {
        Path working = FOLDER.resolve("sixth-before");
        Files.createDirectories(working.resolve("config"));
        // Spring reads .properties as ISO-8859-1: an é is one byte there
        byte[] properties = ("spring.datasource.url=jdbc:sqlite:/var/lib/meterkast/m.db\n"
                + "spring.mail.password=caf\u00e9\n").getBytes(StandardCharsets.ISO_8859_1);
        Files.write(working.resolve("config/application.properties"), properties);
        Path zip = smallBackup(FOLDER.resolve("with-settings.zip"), working);
        Path restored = FOLDER.resolve("sixth-after");
        ByteArrayOutputStream out = new ByteArrayOutputStream();

        assertThat(BackupCommand.run("restore", new String[] {zip.toString()}, restored, new PrintStream(out),
                new PrintStream(new ByteArrayOutputStream()))).isEqualTo(BackupCommand.DONE);

        Path file = restored.resolve("config/application.properties");
        assertThat(Files.readAllBytes(file)).isEqualTo(properties);
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(out.toString(StandardCharsets.UTF_8))
                .contains("settings file restored: config/application.properties").contains("names the database jdbc:sqlite:/var/lib/meterkast/m.db");
    }
}
