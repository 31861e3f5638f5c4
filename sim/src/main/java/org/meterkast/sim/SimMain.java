package org.meterkast.sim;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import org.meterkast.sim.ev.Car;
import org.meterkast.sim.ev.ChargePointFleet;
import org.meterkast.sim.ev.ChargePointSettings;
import org.meterkast.sim.ev.DepartureHabits;
import org.meterkast.sim.ev.OcppChargePoint;
import org.meterkast.sim.fleet.FleetMain;
import org.meterkast.sim.shelly.ShellyBoiler;
import org.meterkast.sim.shelly.ShellyHttpServer;
import org.meterkast.sim.shelly.ShellyMqttDevice;

/**
 * The simulator's command line: a simulated household's meter on TCP (like a dongle), published to an MQTT broker,
 * in a file or pty, or on stdout; its roof as a SunSpec inverter; its home battery as a SunSpec hybrid battery that
 * can be steered; its car at an OCPP 1.6J charge point.
 */
public final class SimMain {
    private static final String USAGE = """
            usage: meterkast-sim fleet --help   (many meters publishing to a broker, for a cluster of nodes)
                   meterkast-sim [--tcp PORT | --mqtt URL [--topic TOPIC]] [--out PATH] [--speed N] [--seed N]
                                 [--ev] [--battery] [--boiler] [--start INSTANT] [--history-days N] [--count N]
                                 [--sunspec PORT] [--battery-modbus PORT [--battery-size KWH,KW]]
                                 [--ocpp URL [--ocpp-id ID] [--ocpp-password PASSWORD]
                                 [--car KWH,KW,PHASES] [--car-soc N] [--amps N] [--meter-values N]]
                                 [--boiler-http PORT] [--boiler-mqtt URL [--boiler-prefix PREFIX]]
              --tcp PORT         serve telegrams to every client on PORT, as a ser2net P1 dongle does
              --mqtt URL         publish each telegram as one message to the broker at URL, e.g. tcp://127.0.0.1:1883
                                 (ssl://HOST:PORT for TLS), as a P1 dongle publishing raw telegrams does
              --topic TOPIC      the topic for --mqtt (default dsmr/raw, as DSMR-reader names it)
              --out PATH         write telegrams to a file, or to a pty (e.g. one end of a socat pair)
                                 (with --tcp or --mqtt: as well; with neither: instead of standard output)
              --speed N          simulated seconds per wall second (1: real time; 8640: a day in 10 s)
              --seed N           the household's seed (default 1): same seed, same household
              --ev --battery --boiler   add a 7.4 kW car charger, a 10 kWh battery, a 2.4 kW boiler
              --start INSTANT    simulated start, e.g. 2025-06-21T10:00:00Z (default: now)
              --history-days N   days the meter ran before the start (default 400: 13 months of peaks)
              --count N          stop after N telegrams (default: run until stopped)
              --sunspec PORT     also serve the roof's inverter as a SunSpec Modbus TCP device on PORT (unit 1,
                                 base 40000, models 1 and 103), on the same simulated clock as the meter
              --battery-modbus PORT  give the household a home battery served as a SunSpec hybrid battery on PORT
                                 (unit 1, base 40000: models 1, 103, 124, 802; plain registers at 1000), that runs
                                 its own self-consumption until told otherwise over model 124 or the plain block;
                                 the telegrams show what it does (in place of --battery)
              --battery-size KWH,KW  that battery's capacity and power (default 10,5)
              --ocpp URL         also run an OCPP 1.6J charge point with a car against the central system at URL,
                                 e.g. ws://127.0.0.1:8080/ocpp; it connects to URL/ID (alone, without --tcp,
                                 --mqtt or --out, it runs without telegrams, for --count simulated seconds or
                                 until stopped)
              --ocpp-id ID       the charge point's id (default SIM-<seed>)
              --ocpp-password PASSWORD   its HTTP Basic password (default: none)
              --car KWH,KW,PHASES  the car: battery kWh, on-board charger kW, phases 1 or 3 (default 60,11,3)
              --car-soc N        plug the car in at the start with N % charge; without it the car comes home and
                                 leaves by the household's habits (evenings and nights); either way the telegrams
                                 show the car drawing what the charge point gives it, in place of --ev's 7.4 kW
              --amps N           the charge point's most current per phase (default 16)
              --meter-values N   seconds between its MeterValues during a transaction (default 10)
              --boiler-http PORT also serve a 200 l, 2.4 kW boiler behind a Shelly Plus 1PM relay with the
                                 temperature add-on on Shelly's local HTTP RPC API on PORT (/rpc/Switch.GetStatus?id=0,
                                 /rpc/Switch.Set?id=0&on=true, /rpc/Temperature.GetStatus?id=100, POST /rpc), its
                                 tank heated, cooled and drawn from by the household on the simulated clock (alone,
                                 like --ocpp, it runs without telegrams)
              --boiler-mqtt URL  the same boiler (or, without --boiler-http, a boiler of its own) on Shelly's MQTT
                                 channel at the broker URL: requests on PREFIX/rpc, status on PREFIX/status/switch:0
                                 and PREFIX/status/temperature:100, PREFIX/online
              --boiler-prefix PREFIX  its topic prefix (default shellyplus1pm-boiler)
            """;

    /** The simulated Shelly boiler relay's topic prefix when --boiler-prefix is not given. */
    static final String DEFAULT_BOILER_PREFIX = "shellyplus1pm-boiler";

    /** The Shelly boiler relay --boiler-http and --boiler-mqtt ask for; each null when not asked. */
    record ShellyOptions(Integer httpPort, String mqtt, String prefix) {
        ShellyOptions {
            if (httpPort != null && (httpPort < 0 || httpPort > 65_535)) {
                throw new IllegalArgumentException("--boiler-http: the port must be 0 to 65535, not " + httpPort);
            }
            if (mqtt != null) {
                try {
                    ShellyMqttDevice.brokerUri(mqtt);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--boiler-mqtt: " + e.getMessage());
                }
            }
            if (prefix != null && mqtt == null) {
                throw new IllegalArgumentException("--boiler-prefix is only for --boiler-mqtt");
            }
        }

        boolean any() {
            return httpPort != null || mqtt != null;
        }
    }

    /** DSMR-reader's topic for raw telegrams, which many dongles copy. */
    static final String DEFAULT_TOPIC = "dsmr/raw";

    private SimMain() {
    }

    public static void main(String[] args) {
        int code = run(args, Clock.systemUTC(), System.out, System.err);
        if (code != 0) {
            System.exit(code);
        }
    }

    /**
     * The charge point --ocpp asks for.
     *
     * @param socPercent the car's charge when plugged in at the start, or null to follow the household's habits
     */
    record ChargePointOptions(ChargePointSettings settings, Car car, Integer socPercent) {
        static ChargePointOptions parse(String url, String id, String password, String car, Integer socPercent,
                                        int amps, long meterValueSeconds) {
            ChargePointSettings settings;
            try {
                settings = ChargePointSettings.of(URI.create(url), id, password);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--ocpp: " + e.getMessage());
            }
            try {
                settings = settings.withMaxAmps(amps);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--amps: " + e.getMessage());
            }
            try {
                settings = settings.withMeterValueInterval(Duration.ofSeconds(meterValueSeconds));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--meter-values: " + e.getMessage());
            }
            String[] parts = car.split(",", -1);
            if (parts.length != 3) {
                throw new IllegalArgumentException("--car: '" + car + "' is not KWH,KW,PHASES like 60,11,3");
            }
            Car made;
            try {
                long wh = new BigDecimal(parts[0].trim()).movePointRight(3).longValue();
                long watts = new BigDecimal(parts[1].trim()).movePointRight(3).longValue();
                made = new Car(wh, watts, Integer.parseInt(parts[2].trim()), 90, socPercent == null ? 50 : socPercent);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--car: '" + car + "' is not KWH,KW,PHASES like 60,11,3");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException((e.getMessage().startsWith("socPercent") ? "--car-soc: " : "--car: ")
                        + e.getMessage());
            }
            return new ChargePointOptions(settings, made, socPercent);
        }
    }

    /** What the command line asked for. */
    record Options(Integer tcpPort, String mqtt, String topic, Path out, long speed, long seed, boolean ev, boolean battery, boolean boiler,
                   Instant start, long historyDays, long count, boolean help, Integer sunspecPort,
                   ChargePointOptions chargePoint, Integer batteryModbusPort, BatterySettings modbusBattery,
                   ShellyOptions shelly) {
        Options {
            if (batteryModbusPort != null && (batteryModbusPort < 0 || batteryModbusPort > 65_535)) {
                throw new IllegalArgumentException("--battery-modbus: the port must be 0 to 65535, not "
                        + batteryModbusPort);
            }
            if (batteryModbusPort != null && battery) {
                throw new IllegalArgumentException("--battery and --battery-modbus cannot be used together: choose one");
            }
            if (sunspecPort != null && (sunspecPort < 0 || sunspecPort > 65_535)) {
                throw new IllegalArgumentException("--sunspec: the port must be 0 to 65535, not " + sunspecPort);
            }
            if (tcpPort != null && (tcpPort < 0 || tcpPort > 65_535)) {
                throw new IllegalArgumentException("--tcp: the port must be 0 to 65535, not " + tcpPort);
            }
            if (tcpPort != null && mqtt != null) {
                throw new IllegalArgumentException("--tcp and --mqtt cannot be used together: choose one");
            }
            if (topic != null && mqtt == null) {
                throw new IllegalArgumentException("--topic is only for --mqtt");
            }
            if (mqtt != null) {
                try {
                    TelegramMqttPublisher.brokerUri(mqtt);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--mqtt: " + e.getMessage());
                }
                try {
                    TelegramMqttPublisher.topic(topic != null ? topic : DEFAULT_TOPIC);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--topic: " + e.getMessage());
                }
            }
            if (speed < 1) {
                throw new IllegalArgumentException("--speed must be at least 1, not " + speed);
            }
            if (historyDays < 0 || historyDays > 3_650) {
                throw new IllegalArgumentException("--history-days must be 0 to 3650, not " + historyDays);
            }
            if (count < 0) {
                throw new IllegalArgumentException("--count must not be negative, not " + count);
            }
        }

        static Options parse(String[] args) {
            Integer tcp = null;
            String mqtt = null;
            String topic = null;
            Path out = null;
            long speed = 1;
            long seed = 1;
            boolean ev = false;
            boolean battery = false;
            boolean boiler = false;
            Instant start = null;
            long history = 400;
            long count = 0;
            boolean help = false;
            Integer sunspec = null;
            String ocpp = null;
            String ocppId = null;
            String ocppPassword = null;
            String car = null;
            Integer carSoc = null;
            Integer amps = null;
            Long meterValues = null;
            Integer batteryModbus = null;
            String batterySize = null;
            Integer boilerHttp = null;
            String boilerMqtt = null;
            String boilerPrefix = null;
            for (int i = 0; i < args.length; i++) {
                String a = args[i];
                switch (a) {
                    case "--tcp" -> tcp = (int) number(a, value(args, ++i, a));
                    case "--mqtt" -> mqtt = value(args, ++i, a);
                    case "--topic" -> topic = value(args, ++i, a);
                    case "--out" -> out = Path.of(value(args, ++i, a));
                    case "--speed" -> speed = number(a, value(args, ++i, a));
                    case "--seed" -> seed = number(a, value(args, ++i, a));
                    case "--ev" -> ev = true;
                    case "--battery" -> battery = true;
                    case "--boiler" -> boiler = true;
                    case "--start" -> start = instant(value(args, ++i, a));
                    case "--history-days" -> history = number(a, value(args, ++i, a));
                    case "--count" -> count = number(a, value(args, ++i, a));
                    case "--sunspec" -> sunspec = (int) number(a, value(args, ++i, a));
                    case "--battery-modbus" -> batteryModbus = (int) number(a, value(args, ++i, a));
                    case "--battery-size" -> batterySize = value(args, ++i, a);
                    case "--ocpp" -> ocpp = value(args, ++i, a);
                    case "--ocpp-id" -> ocppId = value(args, ++i, a);
                    case "--ocpp-password" -> ocppPassword = value(args, ++i, a);
                    case "--car" -> car = value(args, ++i, a);
                    case "--car-soc" -> carSoc = (int) number(a, value(args, ++i, a));
                    case "--amps" -> amps = (int) number(a, value(args, ++i, a));
                    case "--meter-values" -> meterValues = number(a, value(args, ++i, a));
                    case "--boiler-http" -> boilerHttp = (int) number(a, value(args, ++i, a));
                    case "--boiler-mqtt" -> boilerMqtt = value(args, ++i, a);
                    case "--boiler-prefix" -> boilerPrefix = value(args, ++i, a);
                    case "--help", "-h" -> help = true;
                    default -> throw new IllegalArgumentException("unknown option '" + a + "'");
                }
            }
            ChargePointOptions chargePoint = null;
            if (ocpp != null) {
                chargePoint = ChargePointOptions.parse(ocpp, ocppId != null ? ocppId : "SIM-" + seed, ocppPassword,
                        car != null ? car : "60,11,3", carSoc, amps != null ? amps : 16,
                        meterValues != null ? meterValues : 10);
                // the car that comes and goes by the household's habits is the household's car
                ev |= carSoc == null;
            } else {
                String[][] onlyWithOcpp = {{"--ocpp-id", ocppId}, {"--ocpp-password", ocppPassword}, {"--car", car},
                        {"--car-soc", carSoc == null ? null : ""}, {"--amps", amps == null ? null : ""},
                        {"--meter-values", meterValues == null ? null : ""}};
                for (String[] option : onlyWithOcpp) {
                    if (option[1] != null) {
                        throw new IllegalArgumentException(option[0] + " is only for --ocpp");
                    }
                }
            }
            if (batterySize != null && batteryModbus == null) {
                throw new IllegalArgumentException("--battery-size is only for --battery-modbus");
            }
            return new Options(tcp, mqtt, topic, out, speed, seed, ev, battery, boiler, start, history, count, help,
                    sunspec, chargePoint, batteryModbus,
                    batteryModbus == null ? null : batterySize(batterySize != null ? batterySize : "10,5"),
                    new ShellyOptions(boilerHttp, boilerMqtt, boilerPrefix));
        }

        /** {@code KWH,KW} as a battery with the default reserve and efficiency. */
        private static BatterySettings batterySize(String text) {
            String[] parts = text.split(",", -1);
            try {
                if (parts.length != 2) {
                    throw new NumberFormatException();
                }
                long wh = new BigDecimal(parts[0].trim()).movePointRight(3).longValue();
                long watts = new BigDecimal(parts[1].trim()).movePointRight(3).longValue();
                BatterySettings d = BatterySettings.DEFAULT;
                return new BatterySettings(wh, watts, d.reservePercent(), d.efficiencyPercent());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("--battery-size: '" + text + "' is not KWH,KW like 10,5");
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("--battery-size: " + e.getMessage());
            }
        }

        /** Whether telegrams go anywhere: without --tcp, --mqtt or --out, --ocpp or the boiler's relay run alone. */
        boolean telegrams() {
            return chargePoint == null && !shelly.any() || tcpPort != null || mqtt != null || out != null;
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

        private static Instant instant(String text) {
            try {
                return Instant.parse(text).truncatedTo(ChronoUnit.SECONDS);
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("--start: '" + text + "' is not an instant like 2025-06-21T10:00:00Z");
            }
        }

        /** The topic --mqtt publishes to. */
        String mqttTopic() {
            return topic != null ? topic : DEFAULT_TOPIC;
        }

        HouseholdSettings settings() {
            HouseholdSettings s = HouseholdSettings.defaults(seed);
            if (ev) {
                s = s.withEv(EvSettings.DEFAULT);
            }
            if (battery) {
                s = s.withBattery(BatterySettings.DEFAULT);
            }
            if (boiler) {
                s = s.withBoiler(BoilerSettings.DEFAULT);
            }
            return s;
        }
    }

    /** Runs the simulator; returns the exit code (0 fine, 1 failed, 2 bad arguments). */
    static int run(String[] args, Clock wall, PrintStream stdout, PrintStream stderr) {
        Objects.requireNonNull(wall, "wall");
        if (args.length > 0 && args[0].equals("fleet")) {
            return FleetMain.run(Arrays.copyOfRange(args, 1, args.length), wall, stdout, stderr);
        }
        Options o;
        try {
            o = Options.parse(args);
        } catch (IllegalArgumentException e) {
            stderr.println("meterkast-sim: " + e.getMessage());
            stderr.print(USAGE);
            return 2;
        }
        if (o.help()) {
            stdout.print(USAGE);
            return 0;
        }
        Instant start = o.start() != null ? o.start() : wall.instant().truncatedTo(ChronoUnit.SECONDS);
        Household household = new Household(o.settings());
        Instant before = wall.instant();
        SimulatedMeter meter = SimulatedMeter.withHistory(household, start, Duration.ofDays(o.historyDays()),
                Duration.ofSeconds(60));
        stderr.printf(Locale.ROOT, "meterkast-sim: seed %d%s%s%s, meter history of %d days in %d ms; from %s at speed %d%n",
                o.seed(), o.ev() ? ", car" : "", o.battery() ? ", battery" : o.batteryModbusPort() != null ? ", Modbus battery" : "", o.boiler() ? ", boiler" : "",
                o.historyDays(), Duration.between(before, wall.instant()).toMillis(), start, o.speed());
        Instant end = o.count() > 0 ? start.plusSeconds(o.count()) : null;
        SimulationClock clock = SimulationClock.startingNow(wall, start, o.speed());
        SimulatedInverter inverter = SimulatedInverter.following(meter);
        TelegramStream stream = new TelegramStream(meter, clock, Sleeper.REAL, end);
        ChargePointFleet fleet = o.chargePoint() == null ? null
                : startChargePoint(o.chargePoint(), household, clock, stderr);
        if (fleet != null) {
            // the meter counts the car as the charge point charges it, not the household's own fixed car load
            meter.chargeCarAt(fleet.chargePoints().get(0).asCarLoad());
        }
        ShellyBoiler boiler = o.shelly().any() ? shellyBoiler(o.seed(), clock) : null;
        try (OutputStream file = o.out() == null ? null : TelegramFileOutput.open(o.out());
             SunSpecInverterServer sunspec = o.sunspecPort() == null ? null : SunSpecInverterServer.start(
                     new SunSpecInverterServer.Options("0.0.0.0", o.sunspecPort(), 1, 40_000,
                             SunSpecInverterServer.Model.THREE_PHASE_INT),
                     "SIM-" + o.seed(), () -> inverter.readAt(clock.instant()));
             SunSpecBatteryServer battery = o.batteryModbusPort() == null ? null
                     : serveBattery(o, meter, clock, inverter);
             ShellyHttpServer shellyHttp = o.shelly().httpPort() == null ? null
                     : ShellyHttpServer.start(boiler, "0.0.0.0", o.shelly().httpPort());
             ShellyMqttDevice shellyMqtt = o.shelly().mqtt() == null ? null : ShellyMqttDevice.start(
                     boiler, o.shelly().mqtt(), o.shelly().prefix() != null ? o.shelly().prefix()
                             : DEFAULT_BOILER_PREFIX, clock, ShellyMqttDevice.DEFAULT_STATUS_PERIOD,
                     Duration.ofSeconds(1))) {
            if (shellyHttp != null) {
                stderr.println("meterkast-sim: serving the " + shellyHttp.describe());
            }
            if (shellyMqtt != null) {
                stderr.println("meterkast-sim: connecting the " + shellyMqtt.describe());
            }
            if (sunspec != null) {
                stderr.println("meterkast-sim: serving the " + sunspec.describe());
            }
            if (battery != null) {
                stderr.println("meterkast-sim: serving the " + battery.describe());
            }
            if (!o.telegrams()) {
                if (end != null) {
                    clock.awaitSimulated(end, Sleeper.REAL);
                } else {
                    new CountDownLatch(1).await();      // the charge point runs on the fleet's threads until stopped
                }
            } else if (o.tcpPort() != null) {
                Iterator<byte[]> telegrams = file == null ? stream : copyingTo(stream, file);
                try (TelegramTcpServer server = TelegramTcpServer.start(o.tcpPort(), telegrams)) {
                    stderr.println("meterkast-sim: serving telegrams on TCP port " + server.port());
                    server.awaitEnd();
                }
            } else if (o.mqtt() != null) {
                Iterator<byte[]> telegrams = file == null ? stream : copyingTo(stream, file);
                try (TelegramMqttPublisher publisher = TelegramMqttPublisher.connect(o.mqtt(), o.mqttTopic())) {
                    stderr.println("meterkast-sim: publishing telegrams to " + publisher.describe());
                    publisher.publish(telegrams, 0);
                    stderr.println("meterkast-sim: " + publisher.published() + " telegrams published");
                }
            } else {
                TelegramFileOutput.write(stream, file != null ? file : stdout, 0);
            }
            return 0;
        } catch (IOException | UncheckedIOException e) {
            stderr.println("meterkast-sim: " + e.getMessage());
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } finally {
            if (fleet != null) {
                fleet.close();
            }
        }
    }

    /**
     * The household's battery, half full, served over Modbus: the meter asks it for its power at every step (with
     * the household's net power before it, which the battery's own control follows) and counts what it moves.
     */
    private static SunSpecBatteryServer serveBattery(Options o, SimulatedMeter meter, SimulationClock clock,
                                                     SimulatedInverter inverter) throws IOException {
        AtomicLong netBeforeBattery = new AtomicLong(meter.power().netBeforeBatteryWatts());
        BatteryModel model = new BatteryModel(o.modbusBattery(), 50);
        SunSpecBatteryServer server = SunSpecBatteryServer.start(
                new SunSpecBatteryServer.Options("0.0.0.0", o.batteryModbusPort(), 1, 40_000),
                "SIM-BAT-" + o.seed(), model, clock, netBeforeBattery::get, () -> inverter.readAt(clock.instant()));
        meter.batteryAt(new BatteryLoad() {
            @Override
            public long watts(long net) {
                netBeforeBattery.set(net);
                server.update();
                return Math.round(server.watts());
            }

            @Override
            public long chargeWh() {
                return Math.round(server.socPercent() * o.modbusBattery().capacityWh() / 100);
            }
        });
        return server;
    }

    /** The boiler --boiler-http and --boiler-mqtt serve: a default tank at 50 °C, drawn from by the household. */
    private static ShellyBoiler shellyBoiler(long seed, Clock clock) {
        return new ShellyBoiler(String.format(Locale.ROOT, "shellyplus1pm-%012x", 0xA8032AB00000L + seed % 0x100000),
                BoilerTankSettings.DEFAULT, 50, new HotWaterDraws(seed), clock);
    }

    /** A fleet of one: the charge point --ocpp asks for, with its car plugged in or following the household. */
    private static ChargePointFleet startChargePoint(ChargePointOptions c, Household household, SimulationClock clock,
                                                     PrintStream stderr) {
        ChargePointFleet fleet = ChargePointFleet.withDefaultTiming();
        OcppChargePoint cp = fleet.connect(c.settings(), clock, line -> stderr.println("meterkast-sim: " + line));
        stderr.println("meterkast-sim: charge point " + c.settings().id() + " connects to " + c.settings().url()
                + " with " + c.car());
        if (c.socPercent() != null) {
            cp.plugIn(c.car());
        } else {
            cp.follow(new DepartureHabits(household, c.car().capacityWh(), 80), c.car());
        }
        return fleet;
    }

    /** The telegrams, each also written to {@code out} as it passes. */
    private static Iterator<byte[]> copyingTo(Iterator<byte[]> telegrams, OutputStream out) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return telegrams.hasNext();
            }

            @Override
            public byte[] next() {
                byte[] t = telegrams.next();
                try {
                    out.write(t);
                    out.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return t;
            }
        };
    }
}
