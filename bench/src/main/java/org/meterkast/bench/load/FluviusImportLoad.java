package org.meterkast.bench.load;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.meterkast.energy.fluvius.FluviusCsvWriter;

/**
 * The Fluvius import's stored rate into SQLite: writes a synthetic quarter-hour export of some years, then runs the
 * server jar's {@code import} command on it, into an empty database and again into the same one (an identical
 * re-import changes nothing), and reports the command's own timing of each phase and the whole process's time.
 */
public final class FluviusImportLoad {
    private static final String USAGE = """
            usage: java -cp bench/target/benchmarks.jar org.meterkast.bench.load.FluviusImportLoad \\
                     server/target/meterkast.jar [--years 3] [--runs 3] [--work /tmp/meterkast-bench]
              --years  years of quarter hours in the export, from 1 January 2023 (3: 210,432 rows)
              --runs   how many times the pair (empty database, then the same file again) is run
              --work   where the export and the databases go
            """;
    private static final Pattern READ = Pattern.compile("read in ([0-9.]+) s \\(([0-9,]+) rows/s\\), stored in "
            + "([0-9.]+) s \\(([0-9,]+) rows/s\\)");

    private FluviusImportLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = Options.parse(args, USAGE, Set.of("years", "runs", "work"));
        int years = options.number("years", 3);
        int runs = options.number("runs", 3);
        Path work = Path.of(options.text("work", "/tmp/meterkast-bench")).resolve("fluvius");
        Files.createDirectories(work);
        Machine.print();
        Path csv = work.resolve("synthetic-" + years + "y.csv");
        Files.write(csv, FluviusCsvWriter.electricity("541448820050357909", "1SAG3200193141", LocalDate.of(2023, 1, 1),
                LocalDate.of(2023 + years - 1, 12, 31), FluviusCsvWriter.syntheticHousehold(2026)));
        System.out.printf("export: %s, %,d bytes%n", csv, Files.size(csv));
        for (int run = 1; run <= runs; run++) {
            Path db = work.resolve("import-" + run + ".db");
            Files.deleteIfExists(db);
            Files.deleteIfExists(Path.of(db + "-wal"));
            Files.deleteIfExists(Path.of(db + "-shm"));
            importOnce(options.serverJar(), csv, db, "run " + run + " empty database");
            importOnce(options.serverJar(), csv, db, "run " + run + " same file again");
        }
    }

    private static void importOnce(Path jar, Path csv, Path db, String label) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "import", "--meter", "home", csv.toString(),
                "--spring.datasource.url=jdbc:sqlite:" + db, "--meterkast.meters.home.type=none"));
        long t0 = System.nanoTime();
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        String summary = null;
        StringBuilder all = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = out.readLine()) != null; ) {
                all.append(line).append('\n');
                if (READ.matcher(line).find()) {
                    summary = line;
                }
            }
        }
        int exit = p.waitFor();
        double seconds = (System.nanoTime() - t0) / 1e9;
        if (exit != 0 || summary == null) {
            throw new IllegalStateException(label + ": the import command ended with " + exit + ":\n" + all);
        }
        Matcher m = READ.matcher(summary);
        m.find();
        String changed = all.toString().lines().filter(l -> l.contains("changed in the store")).findFirst().orElse("");
        System.out.printf("%-28s parse %6s s %12s rows/s | store %6s s %12s rows/s | process %.1f s | %s%n", label,
                m.group(1), m.group(2), m.group(3), m.group(4), seconds, changed.trim());
    }
}
