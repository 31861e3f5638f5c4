package org.meterkast.sim.fleet;

import java.io.IOException;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;

/**
 * {@code meterkast-sim fleet}: a provider's fleet of meters publishing raw telegrams to a broker, one topic per meter,
 * for a cluster of nodes to take through a shared subscription. It prints the values that regenerate every telegram
 * (seed, start, seconds per telegram, rounds) and, at the end, what it sent and the CPU it took.
 */
public final class FleetMain {
    static final String USAGE = """
            usage: meterkast-sim fleet [--meters N] [--rate R] [--seconds-per-telegram S] [--start INSTANT]
                                       [--duration SECONDS] [--broker URL] [--qos 0|1] [--mqtt-version 3|5]
                                       [--topic PATTERN] [--seed N] [--connections N]
              --meters N         meters fleet-00001 … (default 10000, at most 99999)
              --rate R           telegrams per meter per second (default 1; 0.1 is one every ten seconds), the meters
                                 spread evenly over each period
              --seconds-per-telegram S  meter time between two telegrams of a meter (default 1: real time; 10 makes
                                 two minutes of publishing cover twenty minutes of meter time)
              --start INSTANT    the time on every meter's first telegram, e.g. 2026-03-10T08:59:00Z (default: now)
              --duration SECONDS publish for this long, in whole rounds, then stop (default: until stopped)
              --broker URL       the broker (default tcp://127.0.0.1:1883; ssl://HOST:PORT for TLS)
              --qos 0|1          the publishes' QoS (default 1)
              --mqtt-version 3|5 MQTT 3.1.1 or 5 (default 5)
              --topic PATTERN    the topic, with + where the meter id goes (default meterkast/+/p1)
              --seed N           the fleet's seed (default 1): same seed, same households, same telegrams
              --connections N    connections the meters are spread over (default: one per 5000 meters)
            Telegram i (from 0) of meter n is stamped start + i × S and is the same bytes for the same seed, start, S.
            A lost connection is made again (same client id, session kept): what the broker had not acknowledged goes
            again (DUP), then what fell due meanwhile; a meter keeps up to 600 telegrams, the oldest beyond are dropped.
            Exit status 1 when a telegram failed, was dropped or was still unsent at the end.
            """;

    private FleetMain() {
    }

    public static void main(String[] args) {
        int code = run(args, Clock.systemUTC(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /** What the command line asked for. */
    record Options(int meters, double rate, int secondsPerTelegram, Instant start, long durationSeconds, String broker,
                   int qos, int mqttVersion, String topic, long seed, int connections, boolean help) {
        static Options parse(String[] args, Clock wall) {
            int meters = 10_000;
            double rate = 1;
            int spt = 1;
            Instant start = null;
            long duration = 0;
            String broker = "tcp://127.0.0.1:1883";
            int qos = 1;
            int version = 5;
            String topic = "meterkast/+/p1";
            long seed = 1;
            Integer connections = null;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--meters" -> meters = (int) number(a, value(args, ++i, a));
                    case "--rate" -> rate = decimal(a, value(args, ++i, a));
                    case "--seconds-per-telegram" -> spt = (int) number(a, value(args, ++i, a));
                    case "--start" -> start = instant(value(args, ++i, a));
                    case "--duration" -> duration = number(a, value(args, ++i, a));
                    case "--broker" -> broker = value(args, ++i, a);
                    case "--qos" -> qos = (int) number(a, value(args, ++i, a));
                    case "--mqtt-version" -> version = version(value(args, ++i, a));
                    case "--topic" -> topic = value(args, ++i, a);
                    case "--seed" -> seed = number(a, value(args, ++i, a));
                    case "--connections" -> connections = (int) number(a, value(args, ++i, a));
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            if (duration < 0) {
                throw new IllegalArgumentException("--duration must not be negative, not " + duration);
            }
            return new Options(meters, rate, spt, start != null ? start : wall.instant().truncatedTo(ChronoUnit.SECONDS),
                    duration, broker, qos, version, topic, seed,
                    connections != null ? connections : Math.max(1, (meters + 4_999) / 5_000), help);
        }

        /** Whole rounds that fit in the duration; 0 (until stopped) without one. */
        long rounds() {
            return durationSeconds == 0 ? 0 : Math.max(1, (long) Math.floor(durationSeconds * rate));
        }

        private static int version(String text) {
            return switch (text) {
                case "3", "3.1.1" -> 3;
                case "5", "5.0" -> 5;
                default -> throw new IllegalArgumentException("--mqtt-version: '" + text + "' is not 3 (3.1.1) or 5");
            };
        }

        private static String value(String[] args, int i, String option) {
            if (i >= args.length) {
                throw new IllegalArgumentException(option + " needs a value");
            }
            return args[i];
        }

        private static long number(String option, String text) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not a whole number");
            }
        }

        private static double decimal(String option, String text) {
            try {
                return Double.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(option + ": '" + text + "' is not a number like 1 or 0.5");
            }
        }

        private static Instant instant(String text) {
            try {
                Instant at = Instant.parse(text);
                if (at.getNano() != 0) {
                    throw new IllegalArgumentException("--start: '" + text + "' must be a whole second");
                }
                return at;
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start: '" + text + "' is not an instant like 2026-03-10T08:59:00Z");
            }
        }
    }

    /** Runs the fleet; returns the exit code (0 fine, 1 failed or telegrams lost, 2 bad arguments). */
    public static int run(String[] args, Clock wall, PrintStream stdout, PrintStream stderr) {
        Objects.requireNonNull(wall, "wall");
        Options o;
        Fleet fleet;
        FleetPublisher.Settings settings;
        try {
            o = Options.parse(args, wall);
            if (o.help()) {
                stdout.print(USAGE);
                return 0;
            }
            fleet = new Fleet(o.seed(), o.start(), o.secondsPerTelegram());
            settings = new FleetPublisher.Settings(o.broker(), o.topic(), o.meters(), o.rate(), o.qos(),
                    o.mqttVersion(), o.connections());
        } catch (IllegalArgumentException e) {
            stderr.println("meterkast-sim fleet: " + e.getMessage());
            stderr.print(USAGE);
            return 2;
        }
        long before = System.nanoTime();
        try (FleetPublisher publisher = FleetPublisher.connect(fleet, settings)) {
            stderr.printf(Locale.ROOT, "meterkast-sim fleet: %d meters (fleet-00001 to %s) made and %d connection(s) "
                            + "to %s opened in %d ms%n", o.meters(), Fleet.meterId(o.meters()), o.connections(),
                    o.broker(), (System.nanoTime() - before) / 1_000_000);
            stderr.printf(Locale.ROOT, "meterkast-sim fleet: seed %d, start %s, %d s per telegram, %s telegram(s) per "
                            + "meter per second on %s, QoS %d, MQTT %s, %s%n", o.seed(), o.start(), o.secondsPerTelegram(),
                    trim(o.rate()), o.topic(), o.qos(), o.mqttVersion() == 5 ? "5" : "3.1.1",
                    o.rounds() == 0 ? "until stopped" : o.rounds() + " rounds");
            CountDownLatch done = new CountDownLatch(1);
            Thread hook = new Thread(() -> {
                publisher.stop();
                try {
                    done.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "fleet-stop");
            Runtime.getRuntime().addShutdownHook(hook);
            FleetPublisher.Result result;
            try {
                result = publisher.publish(o.rounds(), Duration.ofSeconds(30));
                stderr.println("meterkast-sim fleet: " + result.describe());
                stderr.printf(Locale.ROOT, "meterkast-sim fleet: regenerate with --seed %d --start %s "
                                + "--seconds-per-telegram %d: telegrams 0 to %d of each meter%n", o.seed(), o.start(),
                        o.secondsPerTelegram(), result.rounds() - 1);
            } finally {
                done.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException e) {
                    // the JVM is already shutting down: the hook is running and has been let go
                }
            }
            return result.failed() == 0 && result.acknowledged() == result.published()
                    && result.kept() + result.dropped() == 0 ? 0 : 1;
        } catch (IOException e) {
            stderr.println("meterkast-sim fleet: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        }
    }

    private static String trim(double rate) {
        return rate == Math.rint(rate) ? Long.toString((long) rate) : Double.toString(rate);
    }
}
