package org.meterkast.p1.tool;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.meterkast.p1.FramerStatistics;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramJson;
import org.meterkast.p1.serial.SerialByteSource;
import org.meterkast.p1.serial.SerialSettings;
import org.meterkast.p1.stream.ByteSource;
import org.meterkast.p1.stream.FileByteSource;
import org.meterkast.p1.stream.TcpByteSource;
import org.meterkast.p1.stream.TelegramListener;
import org.meterkast.p1.stream.TelegramReader;

/** The {@code p1-tool} command: P1 telegrams from a serial port, a TCP dongle or a file, printed as JSON lines. */
public final class P1Tool {
    /** The end of the input, {@code --count} telegrams, or an interrupt. */
    public static final int EXIT_OK = 0;
    /** A file that opened but could not be read to its end. */
    public static final int EXIT_READ_FAILED = 1;
    /** Bad arguments, or the first open of the port, dongle or file failed. */
    public static final int EXIT_USAGE = 2;

    static final String USAGE = """
            Usage: p1-tool (--serial DEVICE [--baud N] [--7e1] | --tcp HOST:PORT | --file PATH)
                           [--allow-no-crc] [--count N]

            Reads P1 telegrams from a digital meter and prints each as one JSON line on standard output.
            Rejected telegrams, warnings and a closing summary go to standard error.

              --serial DEVICE   a serial port with a P1 cable, e.g. /dev/ttyUSB0 or COM3;
                                115200 8N1 (DSMR 4/5, Belgian e-MUCS)
              --baud N          another speed for --serial
              --7e1             9600 7E1 for DSMR 2.2/3 meters; implies --allow-no-crc
              --tcp HOST:PORT   a WiFi/Ethernet P1 dongle serving raw bytes (ser2net), e.g. 192.168.1.50:2000
              --file PATH       a capture of P1 bytes; stops at its end
              --allow-no-crc    accept telegrams that end in a bare '!' (DSMR 2.2/3)
              --count N         stop after N telegrams
              --help            show this help

            A serial port or dongle that drops is opened again (after 1 s, 2 s, 4 s ... up to 60 s).
            Exit status: 0 at the end of the input or after --count telegrams; 1 when a file cannot be read
            to its end; 2 for bad arguments or when the port, dongle or file cannot be opened at the start.
            """;

    private P1Tool() {
    }

    public static void main(String[] args) {
        // JSON is UTF-8 whatever the platform's default charset
        PrintStream out = new PrintStream(new FileOutputStream(FileDescriptor.out), true, StandardCharsets.UTF_8);
        PrintStream err = new PrintStream(new FileOutputStream(FileDescriptor.err), true, StandardCharsets.UTF_8);
        System.exit(run(args, out, err, true));
    }

    /** Runs the command as {@link #main} does, without exiting the JVM; returns the exit status. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        return run(args, out, err, false);
    }

    private static int run(String[] args, PrintStream out, PrintStream err, boolean stopOnInterrupt) {
        Invocation invocation;
        try {
            invocation = Invocation.parse(args);
        } catch (IllegalArgumentException e) {
            err.println("p1-tool: " + e.getMessage());
            err.println();
            err.print(USAGE);
            return EXIT_USAGE;
        }
        if (invocation.help()) {
            out.print(USAGE);
            return EXIT_OK;
        }
        return new Session(invocation, out, err).run(stopOnInterrupt);
    }

    /** What the command line asks for. */
    record Invocation(ByteSource source, boolean allowMissingCrc, long count, boolean help) {
        static final Invocation HELP = new Invocation(null, false, Long.MAX_VALUE, true);

        Invocation {
            if (!help && source == null) {
                throw new IllegalArgumentException("a source is needed unless only help is asked for");
            }
            if (count < 1) {
                throw new IllegalArgumentException("count must be at least 1, not " + count);
            }
        }

        /** @throws IllegalArgumentException saying which argument is wrong and how */
        static Invocation parse(String[] args) {
            List<String> sources = new ArrayList<>();
            String serial = null;
            String tcp = null;
            String file = null;
            Integer baud = null;
            boolean sevenE1 = false;
            boolean allowMissingCrc = false;
            long count = Long.MAX_VALUE;
            for (int i = 0; i < args.length; i++) {
                String arg = args[i];
                String inline = null;
                int equals = arg.indexOf('=');
                if (arg.startsWith("--") && equals > 0) {
                    inline = arg.substring(equals + 1);
                    arg = arg.substring(0, equals);
                }
                switch (arg) {
                    case "--help", "-h" -> {
                        return HELP;
                    }
                    case "--serial" -> {
                        serial = inline != null ? inline : value(args, i++, arg, "DEVICE");
                        sources.add(arg);
                    }
                    case "--tcp" -> {
                        tcp = inline != null ? inline : value(args, i++, arg, "HOST:PORT");
                        sources.add(arg);
                    }
                    case "--file" -> {
                        file = inline != null ? inline : value(args, i++, arg, "PATH");
                        sources.add(arg);
                    }
                    case "--baud" -> baud = (int) number(inline != null ? inline : value(args, i++, arg, "N"),
                            arg, Integer.MAX_VALUE);
                    case "--count" -> count = number(inline != null ? inline : value(args, i++, arg, "N"),
                            arg, Long.MAX_VALUE);
                    case "--7e1" -> sevenE1 = flag(arg, inline);
                    case "--allow-no-crc" -> allowMissingCrc = flag(arg, inline);
                    default -> throw new IllegalArgumentException(arg.startsWith("-")
                            ? "unknown option '" + arg + "'" : "unexpected argument '" + arg + "'");
                }
            }
            if (sources.isEmpty()) {
                throw new IllegalArgumentException("say where to read: --serial DEVICE, --tcp HOST:PORT or --file PATH");
            }
            if (sources.size() > 1) {
                throw new IllegalArgumentException("read from one place only, not " + String.join(" and ", sources));
            }
            if ((baud != null || sevenE1) && serial == null) {
                throw new IllegalArgumentException((baud != null ? "--baud" : "--7e1") + " is for --serial only");
            }
            ByteSource source;
            if (serial != null) {
                SerialSettings settings = sevenE1 ? SerialSettings.DSMR_2_2 : SerialSettings.DEFAULT;
                try {
                    source = new SerialByteSource(serial, baud == null ? settings : settings.withBaud(baud));
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--serial " + serial + ": " + e.getMessage(), e);
                }
                // DSMR 2.2 and 3 meters, the 7E1 ones, put no CRC on their telegrams
                allowMissingCrc |= sevenE1;
            } else if (tcp != null) {
                try {
                    source = TcpByteSource.parse(tcp);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--tcp " + e.getMessage(), e);
                }
            } else {
                if (file.isBlank()) {
                    throw new IllegalArgumentException("--file needs a PATH, not an empty one");
                }
                source = new FileByteSource(Path.of(file));
            }
            return new Invocation(source, allowMissingCrc, count, false);
        }

        private static String value(String[] args, int i, String option, String what) {
            if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new IllegalArgumentException(option + " needs a " + what);
            }
            return args[i + 1];
        }

        private static long number(String text, String option, long max) {
            long n;
            try {
                n = Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + " needs a whole number, not '" + text + "'");
            }
            if (n < 1 || n > max) {
                throw new IllegalArgumentException(option + " must be at least 1" + (max == Long.MAX_VALUE ? ""
                        : " and at most " + max) + ", not " + n);
            }
            return n;
        }

        private static boolean flag(String option, String inline) {
            if (inline != null) {
                throw new IllegalArgumentException(option + " takes no value");
            }
            return true;
        }
    }

    /** One run of the command: a reader, and what it says on standard output and standard error. */
    private static final class Session implements TelegramListener {
        private final Invocation invocation;
        private final PrintStream out;
        private final PrintStream err;
        private final TelegramReader reader;
        private boolean opened;
        private long printed;

        Session(Invocation invocation, PrintStream out, PrintStream err) {
            this.invocation = invocation;
            this.out = out;
            this.err = err;
            this.reader = new TelegramReader(invocation.source(), this, TelegramReader.Options.DEFAULTS
                    .withAllowMissingCrc(invocation.allowMissingCrc())
                    // a wrong device or address is a mistake to report, not a dongle to wait for
                    .withFailOnFirstOpen(true));
        }

        int run(boolean stopOnInterrupt) {
            CountDownLatch finished = new CountDownLatch(1);
            Thread stopper = new Thread(() -> {
                // Ctrl-C: stop reading and let run() print its summary before the JVM goes
                reader.close();
                try {
                    finished.await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "p1-tool-stop");
            if (stopOnInterrupt) {
                Runtime.getRuntime().addShutdownHook(stopper);
            }
            try {
                reader.run();
                summary();
                return EXIT_OK;
            } catch (IOException e) {
                err.println("p1-tool: " + e.getMessage());
                if (!opened) {
                    return EXIT_USAGE;
                }
                summary();
                return EXIT_READ_FAILED;
            } finally {
                finished.countDown();
                if (stopOnInterrupt) {
                    try {
                        Runtime.getRuntime().removeShutdownHook(stopper);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running: it is what stopped us
                    }
                }
            }
        }

        @Override
        public void onTelegram(Telegram telegram) {
            printed++;
            out.println(TelegramJson.toJson(telegram));
            for (String warning : telegram.warnings()) {
                err.println("p1-tool: telegram " + printed + ": " + warning);
            }
            if (printed >= invocation.count() || out.checkError()) {
                reader.close();     // enough, or nobody reads standard output any more (| head)
            }
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            err.println("p1-tool: rejected a telegram, " + label(reason) + ": " + detail);
        }

        @Override
        public void onParseError(P1FormatException error) {
            err.println("p1-tool: cannot decode a telegram: " + error.getMessage());
        }

        @Override
        public void onConnected(String source) {
            if (!invocation.source().isFinite()) {
                err.println("p1-tool: " + (opened ? "reading " + source + " again" : "reading " + source));
            }
            opened = true;
        }

        @Override
        public void onOpenFailed(IOException cause, Duration retryIn) {
            err.println("p1-tool: " + cause.getMessage() + "; trying again in " + seconds(retryIn));
        }

        @Override
        public void onDisconnected(IOException cause) {
            // a file's read error comes back out of run() and is reported there
            if (!invocation.source().isFinite()) {
                err.println("p1-tool: lost " + invocation.source().describe() + ": "
                        + (cause == null ? "the other end closed the connection" : cause.getMessage()));
            }
        }

        /** One line: telegrams, rejections by reason, garbage bytes, and the rest only when it happened. */
        private void summary() {
            TelegramReader.Statistics stats = reader.statistics();
            FramerStatistics framer = stats.framer();
            StringBuilder line = new StringBuilder("p1-tool: ").append(plural(stats.telegrams(), "telegram"))
                    .append(", ").append(framer.rejected()).append(" rejected (");
            Rejection[] reasons = Rejection.values();
            for (int i = 0; i < reasons.length; i++) {
                line.append(i == 0 ? "" : ", ").append(label(reasons[i])).append(' ')
                        .append(framer.count(reasons[i]));
            }
            line.append("), ").append(plural(framer.garbageBytes(), "garbage byte"));
            if (stats.parseErrors() > 0) {
                line.append(", ").append(stats.parseErrors()).append(" undecodable");
            }
            if (stats.connects() > 1) {
                line.append(", ").append(plural(stats.connects() - 1, "reconnect"));
            }
            err.println(line);
        }

        private static String label(Rejection reason) {
            return switch (reason) {
                case BAD_CRC -> "bad CRC";
                case MISSING_CRC -> "missing CRC";
                case TRUNCATED -> "truncated";
                case OVERSIZE -> "oversize";
            };
        }

        private static String plural(long n, String noun) {
            return n + " " + noun + (n == 1 ? "" : "s");
        }

        private static String seconds(Duration d) {
            return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
        }
    }
}
