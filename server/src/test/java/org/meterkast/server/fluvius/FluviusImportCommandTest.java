package org.meterkast.server.fluvius;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.meterkast.server.MeterkastApplication;

/** The {@code import} command, run in this JVM as the jar's main method runs it, on SQLite files of its own. */
class FluviusImportCommandTest {
    @TempDir
    Path folder;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... args) {
        return FluviusImportCommand.run(MeterkastApplication.class, args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Test
    void importsAFileWithAProgressBarAndASummaryThenRefusesABadOneByLine() throws Exception {
        Path csv = folder.resolve("export.csv");
        Files.write(csv, FluviusImportApiTest.fixture(FluviusImportApiTest.ELECTRICITY_2021));
        String db = "--spring.datasource.url=jdbc:sqlite:" + folder.resolve("cli.db");

        assertThat(run("--meter", "home", csv.toString(), db, "--meterkast.meters.home.type=none")).isZero();
        String printed = out.toString(StandardCharsets.UTF_8);
        assertThat(printed).contains("\rdone    [##############################] 100% 3,848 rows")
                .contains("3,848 rows, 1,924 quarters from 2021-10-11T22:00:00Z to 2021-10-31T23:00:00Z")
                .contains("1,924 changed in the store, 354 estimated by Fluvius, 0 missing (gaps)");

        Path bad = folder.resolve("bad.csv");
        Files.writeString(bad, "Van Datum;Van Tijdstip;Tot Datum;Tot Tijdstip;EAN;Meter;Metertype;Register;Volume;"
                + "Eenheid;Validatiestatus\n12-10-2021;00:00:00;12-10-2021;00:15:00;=\"123456879123456789\";1SAG1;"
                + "Digitale Meter;Afname Nacht;0,001;kWh;Gevalideerd\n12-10-2021;00:00:00;12-10-2021;00:15:00;"
                + "=\"123456879123456789\";1SAG1;Digitale Meter;Afname Piek;0,001;kWh;Gevalideerd");
        assertThat(run("--meter=home", bad.toString(), db)).isEqualTo(FluviusImportCommand.FAILED);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("import failed: line 3 of the file: unknown register "
                + "'Afname Piek'");
    }

    @Test
    void aWrongCommandLineSaysHowToUseIt() {
        assertThat(run("--meter", "home")).isEqualTo(FluviusImportCommand.USAGE);
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("usage: java -jar meterkast.jar import --meter");
        assertThat(run("--meter", "home", folder.resolve("none.csv").toString())).isEqualTo(FluviusImportCommand.USAGE);
    }
}
