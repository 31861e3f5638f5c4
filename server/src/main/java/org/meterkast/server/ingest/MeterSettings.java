package org.meterkast.server.ingest;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import org.meterkast.energy.quarter.ConnectionLimit;
import org.meterkast.p1.serial.SerialSettings;
import org.meterkast.p1.stream.TcpByteSource;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;

/**
 * One meter this server reads, configured as {@code meterkast.meters.<name>.*}; the name is how the API calls it,
 * {@code /api/meters/<name>}. Checked at startup by {@link #check(String)}, so a wrong address stops the start
 * with the property's name rather than failing an hour later.
 *
 * @param type            where the telegrams come from, see {@link SourceType}
 * @param address         tcp: {@code HOST:PORT}; homewizard: the dongle's host name or address, or its base URL
 *                        ({@code http://192.168.1.60})
 * @param port            serial: the device, e.g. {@code /dev/ttyUSB0}
 * @param line            serial: speed and framing, {@code 115200 8N1} (DSMR 4 and 5, Fluvius) or {@code 9600 7E1}
 * @param path            file: the capture to replay
 * @param topic           mqtt: the topic the dongle publishes its raw telegrams on
 * @param token           push: the secret a data logger sends as {@code Authorization: Bearer <token>}
 * @param poll            homewizard: how often to ask for a telegram
 * @param allowMissingCrc accept telegrams that end in a bare {@code !} (DSMR 2.2 and 3 meters)
 * @param seed            sim: which simulated household (the same seed gives the same home)
 * @param historyDays     sim: how many days of history to fill on first start
 * @param capture         keep the raw bytes received, up to this size, in {@code <capture-folder>/<name>.p1}; not
 *                        set (the default): no capture
 * @param ean             the electricity connection's EAN (18 digits, on the bill and in Mijn Fluvius): a Fluvius
 *                        export of another EAN is refused; not set: any EAN is taken
 * @param gasEan          the gas connection's EAN, checked the same way for a Fluvius gas export
 * @param inverter        the short form of the solar inverter behind this meter ({@code inverter.type=sunspec|sim|none}
 *                        and that type's settings), read and checked by the device layer; ingest only needs to know
 *                        whether a simulated household comes with its roof (not set: it does)
 * @param maxPower        the most the connection carries, as its main fuse ({@code 3x40A}) or in W ({@code 17000}):
 *                        a quarter hour above it is quarantined, not billed; not set: 3x63A, the largest residential
 *                        fuse (43,470 W, about 10,868 Wh a quarter)
 */
record MeterSettings(@DefaultValue("none") SourceType type, String address, String port,
                     @DefaultValue("115200 8N1") String line, Path path, String topic, String token,
                     @DefaultValue("1s") Duration poll, @DefaultValue("false") boolean allowMissingCrc,
                     @DefaultValue("2026") long seed, @DefaultValue("365") int historyDays, DataSize capture, String ean,
                     String gasEan, Map<String, String> inverter, @DefaultValue(MeterSettings.MAIN_FUSE) String maxPower) {
    /** The limit of a meter that names none: the largest residential main fuse in Belgium. */
    static final String MAIN_FUSE = "3x63A";

    /** Where a meter's telegrams come from. */
    enum SourceType {
        /** a P1 cable on a serial port */
        SERIAL,
        /** a WiFi or Ethernet dongle serving the raw telegrams on a TCP port (ser2net and the like) */
        TCP,
        /** a HomeWizard P1 meter, asked for its last telegram over its local HTTP API */
        HOMEWIZARD,
        /** a dongle publishing raw telegrams to the MQTT broker of {@code meterkast.mqtt.*} */
        MQTT,
        /** a remote data logger that POSTs its telegrams to {@code /api/meters/<name>/telegrams} */
        PUSH,
        /** a capture replayed once */
        FILE,
        /** a simulated household, with history */
        SIM,
        /** not read: the meter's stored data is served, nothing new comes in */
        NONE
    }

    /** The settings of a live source given to an address in the app: a TCP dongle or a HomeWizard P1 meter. */
    static MeterSettings added(SourceType type, String address) {
        return new MeterSettings(type, address, null, "115200 8N1", null, null, null, Duration.ofSeconds(1), false,
                2026, 365, null, null, null, null, MAIN_FUSE);
    }

    /**
     * Checks what the type needs.
     *
     * @param name the meter's name, to name the property in a message
     * @throws IllegalArgumentException naming the property that is missing or wrong
     */
    void check(String name) {
        if (name == null || !name.matches("[a-z0-9_-]{1,64}")) {
            throw new IllegalArgumentException("meterkast.meters." + name
                    + ": a meter's name must be 1 to 64 lower-case letters, digits, '-' or '_', as it is part of "
                    + "the API's paths");
        }
        String prefix = "meterkast.meters." + name + ".";
        switch (type) {
            case TCP -> {
                require(address, prefix + "address", "tcp", "192.168.1.50:2000");
                try {
                    TcpByteSource.parse(address);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(prefix + "address: " + e.getMessage(), e);
                }
            }
            case SERIAL -> {
                require(port, prefix + "port", "serial", "/dev/ttyUSB0");
                try {
                    SerialSettings.parse(line);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(prefix + "line: " + e.getMessage(), e);
                }
            }
            case HOMEWIZARD -> {
                require(address, prefix + "address", "homewizard", "192.168.1.60");
                try {
                    HomeWizardMeterSource.telegramUri(address);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException(prefix + "address: " + e.getMessage(), e);
                }
            }
            case MQTT -> require(topic, prefix + "topic", "mqtt", "dsmr/raw");
            case PUSH -> {
                require(token, prefix + "token", "push", "a long random secret");
                if (token.length() < 16) {
                    throw new IllegalArgumentException(prefix + "token must be at least 16 characters long");
                }
            }
            case FILE -> {
                if (path == null) {
                    throw new IllegalArgumentException(
                            prefix + "path is required when the type is file, e.g. captures/home.txt");
                }
            }
            case SIM -> {
                if (historyDays < 0 || historyDays > 366 * 20) {
                    throw new IllegalArgumentException(prefix + "history-days must be between 0 and " + 366 * 20);
                }
            }
            case NONE -> {
            }
        }
        if (capture != null && capture.toBytes() < 16 * 1024) {
            throw new IllegalArgumentException(prefix + "capture must be at least 16KB, not " + capture);
        }
        checkEan(ean, prefix + "ean");
        checkEan(gasEan, prefix + "gas-ean");
        if (poll.isNegative() || poll.isZero()) {
            throw new IllegalArgumentException(prefix + "poll must be longer than zero");
        }
        try {
            connectionLimit();
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(prefix + "max-power: " + e.getMessage(), e);
        }
    }

    /** What the connection carries: {@link #maxPower} read, the main fuse's when it was not set. */
    ConnectionLimit connectionLimit() {
        return maxPower == null ? ConnectionLimit.MAIN_FUSE : ConnectionLimit.parse(maxPower);
    }

    /**
     * Whether this is a simulated household with its roof's inverter: its history then holds the roof's production
     * too, and the device layer reads the roof live.
     */
    boolean withRoof() {
        String inverterType = inverter == null ? null : inverter.get("type");
        return type == SourceType.SIM && (inverterType == null || inverterType.strip().toLowerCase(Locale.ROOT)
                .equals("sim"));
    }

    private static void checkEan(String ean, String property) {
        if (ean != null && !ean.matches("\\d{18}")) {
            throw new IllegalArgumentException(property + " must be the 18 digits of an EAN, e.g. 541448820050357909, not '"
                    + ean + "'");
        }
    }

    private static void require(String value, String property, String type, String example) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(
                    property + " is required when the type is " + type + ", e.g. " + example);
        }
    }
}
