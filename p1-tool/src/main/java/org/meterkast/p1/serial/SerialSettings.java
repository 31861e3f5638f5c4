package org.meterkast.p1.serial;

import java.util.Locale;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** How a serial line is set: baud rate, data bits, parity and stop bits, as in {@code 115200 8N1}. */
public record SerialSettings(int baud, int dataBits, Parity parity, int stopBits) {
    /** DSMR 4 and 5 and Belgian e-MUCS meters: 115200 8N1. */
    public static final SerialSettings DSMR_4_5 = new SerialSettings(115_200, 8, Parity.NONE, 1);
    /** DSMR 2.2 and 3 meters: 9600 7E1 (and no CRC on their telegrams). */
    public static final SerialSettings DSMR_2_2 = new SerialSettings(9_600, 7, Parity.EVEN, 1);
    /** What meters sold today use: {@link #DSMR_4_5}. */
    public static final SerialSettings DEFAULT = DSMR_4_5;

    private static final Pattern TEXT = Pattern.compile("(\\d{2,7}) +([5-8])([NEO])([12])");

    /** The parity bit of each character. */
    public enum Parity {
        NONE('N'), EVEN('E'), ODD('O');

        private final char letter;

        Parity(char letter) {
            this.letter = letter;
        }

        /** N, E or O, as in {@code 8N1}. */
        public char letter() {
            return letter;
        }
    }

    public SerialSettings {
        if (baud < 50 || baud > 4_000_000) {
            throw new IllegalArgumentException("baud must be from 50 to 4000000, not " + baud);
        }
        if (dataBits < 5 || dataBits > 8) {
            throw new IllegalArgumentException("dataBits must be 5 to 8, not " + dataBits);
        }
        Objects.requireNonNull(parity, "parity");
        if (stopBits != 1 && stopBits != 2) {
            throw new IllegalArgumentException("stopBits must be 1 or 2, not " + stopBits);
        }
    }

    /**
     * Reads settings written as {@link #toString()} writes them: {@code 115200 8N1}, {@code 9600 7E1} (the parity
     * letter in either case).
     *
     * @throws IllegalArgumentException quoting the text and saying what is wrong with it
     */
    public static SerialSettings parse(String text) {
        Objects.requireNonNull(text, "text");
        Matcher m = TEXT.matcher(text.strip().toUpperCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("'" + text + "' is not a serial line such as 115200 8N1 or 9600 7E1 "
                    + "(speed, then data bits 5-8, parity N, E or O, stop bits 1 or 2)");
        }
        Parity parity = switch (m.group(3).charAt(0)) {
            case 'N' -> Parity.NONE;
            case 'E' -> Parity.EVEN;
            case 'O' -> Parity.ODD;
            default -> throw new IllegalStateException("the pattern admits only N, E and O");
        };
        try {
            return new SerialSettings(Integer.parseInt(m.group(1)), m.group(2).charAt(0) - '0', parity,
                    m.group(4).charAt(0) - '0');
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("'" + text + "': " + e.getMessage(), e);
        }
    }

    /** The same framing at another speed. */
    public SerialSettings withBaud(int newBaud) {
        return new SerialSettings(newBaud, dataBits, parity, stopBits);
    }

    /** {@code 115200 8N1}. */
    @Override
    public String toString() {
        return baud + " " + dataBits + parity.letter() + stopBits;
    }
}
