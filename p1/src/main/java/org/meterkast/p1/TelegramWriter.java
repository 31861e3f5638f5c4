package org.meterkast.p1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.List;

/**
 * Writes a {@link Telegram} as the bytes a meter would send, with CRC, in the telegram's dialect: Belgian
 * e-MUCS (version {@code 0-0:96.1.4}, gas on {@code 24.2.3}, M-Bus serials on {@code 96.1.1}, currents with two
 * decimals) or Dutch DSMR ({@code 1-3:0.2.8}, readings on {@code 24.2.1}, serials on {@code 96.1.0}). Writing a
 * parsed telegram and parsing the result gives an equal telegram.
 */
public final class TelegramWriter {
    private static final ZoneRules BRUSSELS = ZoneId.of("Europe/Brussels").getRules();
    /** Written for a time the meter did not have, as meters do. */
    static final String NO_TIME = "632525252525W";
    private static final char[] HEX_DIGITS = "0123456789ABCDEF".toCharArray();

    private TelegramWriter() {
    }

    /** The telegram as bytes, from {@code /} to the CRC and its CR LF. */
    public static byte[] toBytes(Telegram telegram) {
        byte[] covered = covered(telegram);
        // the CRC and CR LF after what it covers, without going through a String again: a simulated fleet writes
        // ten thousand telegrams a second
        byte[] all = Arrays.copyOf(covered, covered.length + 6);
        int crc = Crc16.of(covered, 0, covered.length);
        for (int i = 0; i < 4; i++) {
            all[covered.length + i] = (byte) HEX_DIGITS[(crc >> (12 - 4 * i)) & 0xF];
        }
        all[covered.length + 4] = '\r';
        all[covered.length + 5] = '\n';
        return all;
    }

    /** The telegram as text, from {@code /} to the CRC and its CR LF. */
    public static String write(Telegram t) {
        return new String(toBytes(t), StandardCharsets.ISO_8859_1);
    }

    /** The telegram's bytes from {@code /} to {@code !} included: what its CRC covers. */
    private static byte[] covered(Telegram t) {
        boolean be = t.dialect() == Dialect.BELGIAN;
        StringBuilder s = new StringBuilder(1400);
        s.append('/').append(t.header()).append("\r\n\r\n");
        t.version().ifPresent(v -> line(s, be ? "0-0:96.1.4" : "1-3:0.2.8").append(v).append(")\r\n"));
        if (be) {
            t.equipmentId().ifPresent(id -> hexLine(s, "0-0:96.1.1", id));
            t.ean().ifPresent(ean -> hexLine(s, "0-0:96.1.2", ean));
            t.timestamp().ifPresent(ts -> line(s, "0-0:1.0.0").append(stamp(ts)).append(")\r\n"));
        } else {
            t.timestamp().ifPresent(ts -> line(s, "0-0:1.0.0").append(stamp(ts)).append(")\r\n"));
            t.equipmentId().ifPresent(id -> hexLine(s, "0-0:96.1.1", id));
            t.ean().ifPresent(ean -> hexLine(s, "0-0:96.1.2", ean));
        }
        for (Measurement m : Measurement.values()) {
            if (t.has(m)) {
                measurement(s, m, t.rawValue(m), be);
            }
            if (m == Measurement.CURRENT_AVERAGE_DEMAND) {
                t.monthPeak().ifPresent(p -> line(s, "1-0:1.6.0").append(stamp(p.occurredAt().orElse(null)))
                        .append(")(").append(fixed(p.watts(), 2, 3)).append("*kW)\r\n"));
                if (t.hasPeakHistory()) {
                    peakHistory(s, t.peakHistory());
                }
            }
        }
        line(s, "0-0:96.13.0").append(hex(t.textMessage().orElse(""))).append(")\r\n");
        for (MbusDevice d : t.mbusDevices()) {
            mbus(s, d, be);
        }
        for (RawObject o : t.unknownObjects()) {
            s.append(o.code());
            for (String v : o.values()) {
                s.append('(').append(v).append(')');
            }
            s.append("\r\n");
        }
        s.append('!');
        return s.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void measurement(StringBuilder s, Measurement m, long value, boolean be) {
        line(s, m.code().toString());
        switch (m) {
            case ENERGY_IMPORTED_TARIFF_1, ENERGY_IMPORTED_TARIFF_2, ENERGY_EXPORTED_TARIFF_1, ENERGY_EXPORTED_TARIFF_2 ->
                    s.append(fixed(value, 6, 3));
            case VOLTAGE_L1, VOLTAGE_L2, VOLTAGE_L3 -> s.append(fixed(value, 3, 1));
            case CURRENT_L1, CURRENT_L2, CURRENT_L3 -> s.append(fixed(value, 3, be ? 2 : 0));
            case LIMITER_THRESHOLD -> s.append(fixed(value, 3, 1));
            case FUSE_THRESHOLD_L1, FUSE_THRESHOLD_L2, FUSE_THRESHOLD_L3 -> s.append(fixed(value, 3, 0));
            case TARIFF_INDICATOR -> s.append(padded(value, 4));
            case BREAKER_STATE -> s.append(value);
            default -> s.append(m.unit() == null ? padded(value, 5) : fixed(value, 2, 3));
        }
        if (m.unit() != null) {
            s.append('*').append(m.unit());
        }
        s.append(")\r\n");
    }

    private static void peakHistory(StringBuilder s, List<MonthlyPeak> peaks) {
        line(s, "0-0:98.1.0").append(peaks.size()).append(")(1-0:1.6.0)(1-0:1.6.0)");
        if (peaks.isEmpty()) {
            s.append("()");
        }
        for (MonthlyPeak p : peaks) {
            s.append('(').append(stamp(p.monthEnd())).append(")(").append(stamp(p.occurredAt().orElse(null)))
                    .append(")(").append(fixed(p.watts(), 2, 3)).append("*kW)");
        }
        s.append("\r\n");
    }

    private static void mbus(StringBuilder s, MbusDevice d, boolean be) {
        String ch = "0-" + d.channel() + ":";
        line(s, ch + "24.1.0");
        if (d.rawDeviceType() >= 0) {
            s.append(padded(d.rawDeviceType(), 3));
        }
        s.append(")\r\n");
        d.equipmentId().ifPresent(id -> hexLine(s, ch + (be ? "96.1.1" : "96.1.0"), id));
        d.ean().ifPresent(ean -> hexLine(s, ch + "96.1.2", ean));
        if (d.rawValveState() >= 0) {
            line(s, ch + "24.4.0").append(d.rawValveState()).append(")\r\n");
        }
        if (d.rawState() >= 0) {
            line(s, ch + "96.3.10").append(d.rawState()).append(")\r\n");
        }
        d.reading().ifPresent(r -> {
            // e-MUCS 1.7: gas on 24.2.3 (not temperature-corrected), water on 24.2.1; DSMR: 24.2.1
            String code = be && d.medium() != Medium.WATER ? "24.2.3" : "24.2.1";
            line(s, ch + code).append(stamp(r.capturedAt())).append(")(").append(fixed(r.thousandths(), 5, 3));
            r.unit().ifPresent(u -> s.append('*').append(u));
            s.append(")\r\n");
        });
    }

    private static StringBuilder line(StringBuilder s, String code) {
        return s.append(code).append('(');
    }

    private static void hexLine(StringBuilder s, String code, String text) {
        line(s, code).append(hex(text)).append(")\r\n");
    }

    /** {@code YYMMDDhhmmss} in Brussels time with S (summer time) or W (winter time); the no-time mark for null. */
    static String stamp(Instant instant) {
        if (instant == null) {
            return NO_TIME;
        }
        ZoneOffset offset = BRUSSELS.getOffset(instant);
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), 0, offset);
        char[] c = new char[13];
        twoDigits(c, 0, t.getYear() % 100);
        twoDigits(c, 2, t.getMonthValue());
        twoDigits(c, 4, t.getDayOfMonth());
        twoDigits(c, 6, t.getHour());
        twoDigits(c, 8, t.getMinute());
        twoDigits(c, 10, t.getSecond());
        c[12] = offset.getTotalSeconds() == 7200 ? 'S' : 'W';
        return new String(c);
    }

    private static void twoDigits(char[] c, int at, int value) {
        c[at] = (char) ('0' + value / 10);
        c[at + 1] = (char) ('0' + value % 10);
    }

    /**
     * A value kept in thousandths, written with at least {@code intDigits} integer digits and {@code decimals}
     * decimals, or more decimals when fewer would lose part of it.
     */
    static String fixed(long thousandths, int intDigits, int decimals) {
        long abs = Math.abs(thousandths);
        int needed = abs % 1000 == 0 ? 0 : abs % 100 == 0 ? 1 : abs % 10 == 0 ? 2 : 3;
        int places = Math.max(decimals, needed);
        StringBuilder s = new StringBuilder(12);
        if (thousandths < 0) {
            s.append('-');
        }
        s.append(padded(abs / 1000, intDigits));
        if (places > 0) {
            String fraction = padded(abs % 1000, 3);
            s.append('.').append(fraction, 0, places);
        }
        return s.toString();
    }

    private static String padded(long value, int digits) {
        String text = Long.toString(value);
        return text.length() >= digits ? text : "0".repeat(digits - text.length()) + text;
    }

    private static String hex(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.ISO_8859_1);
        StringBuilder s = new StringBuilder(bytes.length * 2);
        for (byte b : bytes) {
            s.append(HEX_DIGITS[(b >> 4) & 0xF]).append(HEX_DIGITS[b & 0xF]);
        }
        return s.toString();
    }
}
