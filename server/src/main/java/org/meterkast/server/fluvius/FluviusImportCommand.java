package org.meterkast.server.fluvius;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.meterkast.energy.fluvius.FluviusExport;
import org.springframework.boot.Banner;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.MessageSource;

/**
 * {@code meterkast.jar import --meter <name> <file.csv>}: imports one Mijn Fluvius export into a meter's store and
 * stops, with a progress bar and a summary. The application starts without its web server and without reading any
 * meter; other {@code --property=value} arguments (the database's URL, the meter's EAN) are the server's own.
 */
public final class FluviusImportCommand {
    /** The exit codes: done, the file was refused, the command was wrong. */
    static final int DONE = 0;
    static final int FAILED = 1;
    static final int USAGE = 2;
    private static final int BAR = 30;

    private FluviusImportCommand() {
    }

    /**
     * Runs the command.
     *
     * @param application the Spring Boot application class to start
     * @param args        the arguments after {@code import}
     * @return the exit code
     */
    public static int run(Class<?> application, String[] args, PrintStream out, PrintStream err) {
        String meter = null;
        Path file = null;
        List<String> springArgs = new ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--meter") && i + 1 < args.length) {
                meter = args[++i];
            } else if (a.startsWith("--meter=")) {
                meter = a.substring("--meter=".length());
            } else if (a.equals("--help") || a.equals("-h")) {
                usage(out);
                return DONE;
            } else if (a.startsWith("--")) {
                springArgs.add(a);
            } else if (file == null) {
                file = Path.of(a);
            } else {
                err.println("one file at a time: '" + file + "' and '" + a + "'");
                return USAGE;
            }
        }
        if (meter == null || file == null) {
            usage(err);
            return USAGE;
        }
        byte[] csv;
        try {
            csv = Files.readAllBytes(file);
        } catch (IOException e) {
            err.println("cannot read " + file + ": " + e.getMessage());
            return USAGE;
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(application)
                .web(WebApplicationType.NONE).bannerMode(Banner.Mode.OFF).logStartupInfo(false)
                .properties("meterkast.read-meters=false", "logging.level.root=WARN")
                .run(springArgs.toArray(String[]::new))) {
            FluviusImportService imports = context.getBean(FluviusImportService.class);
            ImportJob job;
            try {
                job = imports.prepare(meter, csv);
            } catch (org.meterkast.server.store.UnknownMeterException e) {
                err.println("no meter '" + meter + "': configure it as meterkast.meters." + meter + ".type (none "
                        + "for a meter only imported), see docs/FLUVIUS.md");
                return USAGE;
            } catch (ImportRefusedException e) {
                err.println(context.getBean(MessageSource.class).getMessage(e.code(), e.arguments(), Locale.ENGLISH));
                return FAILED;
            }
            return importWithProgress(imports, job, csv, context.getBean(MessageSource.class), out, err);
        }
    }

    private static int importWithProgress(FluviusImportService imports, ImportJob job, byte[] csv,
                                          MessageSource messages, PrintStream out, PrintStream err) {
        Thread bar = new Thread(() -> {
            while (!Thread.currentThread().isInterrupted()) {
                draw(job, out);
                try {
                    Thread.sleep(100);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "import-progress");
        bar.setDaemon(true);
        bar.start();
        imports.run(job, csv);
        bar.interrupt();
        try {
            bar.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        draw(job, out);
        out.println();
        if (job.state != ImportJob.State.DONE) {
            err.println("import failed: " + messages.getMessage(job.errorCode, job.errorArguments, Locale.ENGLISH));
            return FAILED;
        }
        FluviusExport e = job.export;
        String unit = e.kind() == FluviusExport.Kind.ELECTRICITY ? "quarters" : "gas hours";
        out.printf(Locale.ROOT, "%s export of EAN %s (meter %s) into '%s': %,d rows, %,d %s from %s to %s%n",
                e.kind() == FluviusExport.Kind.ELECTRICITY ? "Electricity" : "Gas", e.ean(), e.meterSerial(),
                job.meter, e.rows(), e.intervals(), unit, e.from(), e.to());
        out.printf(Locale.ROOT, "%,d changed in the store, %,d estimated by Fluvius, %,d missing (gaps)%n",
                job.changed, e.estimates(), e.missing());
        out.printf(Locale.ROOT, "read in %.3f s (%,d rows/s), stored in %.3f s (%,d rows/s)%n",
                job.parseMillis / 1000.0, perSecond(e.rows(), job.parseMillis), job.storeMillis / 1000.0,
                perSecond(e.rows(), job.storeMillis));
        return DONE;
    }

    private static long perSecond(long rows, long millis) {
        return rows * 1000 / Math.max(1, millis);
    }

    private static void draw(ImportJob job, PrintStream out) {
        boolean reading = job.export == null && job.state == ImportJob.State.RUNNING;
        long done = job.export != null ? job.totalBytes : job.bytesRead;
        int filled = (int) (BAR * done / Math.max(1, job.totalBytes));
        String phase = job.state == ImportJob.State.DONE ? "done   "
                : job.state == ImportJob.State.FAILED ? "failed " : reading ? "reading" : "storing";
        out.printf(Locale.ROOT, "\r%s [%s%s] %3d%% %,d rows", phase, "#".repeat(filled), " ".repeat(BAR - filled),
                100 * done / Math.max(1, job.totalBytes), job.export != null ? job.export.rows() : job.rowsRead);
        out.flush();
    }

    private static void usage(PrintStream out) {
        out.println("usage: java -jar meterkast.jar import --meter <name> <export.csv> [--property=value ...]");
        out.println("  imports a Mijn Fluvius quarter-hour (electricity) or hourly (gas) CSV export into the meter");
        out.println("  <name> (meterkast.meters.<name>.*), with the server's settings and database; the file is");
        out.println("  checked whole first and stored in one transaction, so a bad file imports nothing.");
    }
}
