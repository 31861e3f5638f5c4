package org.meterkast.p1;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Decodes a frame ({@code /} to {@code !}) into an immutable {@link Telegram} in one pass over the bytes.
 *
 * <p>The parser does not check the CRC: that is the {@link TelegramFramer}'s work, done before. It never
 * fails on a single bad value: an invalid number, unit or time makes that one value absent and adds a
 * warning naming the line. Only a frame without the {@code /} header or the {@code !} end is refused, with a
 * {@link P1FormatException}. Objects it does not know are kept raw.
 *
 * <p>A parser keeps scratch space and remembers the previous telegram: the code and, for a clean object, the
 * bytes and result of each object by position, so an object whose bytes repeat is replayed rather than read and
 * its texts and lists are shared; a stream from one meter allocates little more than the telegram itself. One
 * parser serves one thread at a time.
 */
public final class TelegramParser {
    private static final ZoneRules BRUSSELS = ZoneId.of("Europe/Brussels").getRules();
    private static final long[] POW10 = {1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000,
        100_000_000, 1_000_000_000, 10_000_000_000L, 100_000_000_000L, 1_000_000_000_000L};
    private static final int MAX_CHANNEL = 9;

    // keys as ObisCode.key(a, c, d, e) computes them, written out so that switch statements can use them
    private static final int VERSION_BE = 0 << 24 | 96 << 16 | 1 << 8 | 4;
    private static final int TIMESTAMP = 0 << 24 | 1 << 16 | 0 << 8 | 0;
    private static final int EQUIPMENT_ID = 0 << 24 | 96 << 16 | 1 << 8 | 1;
    private static final int EQUIPMENT_ID_OLD = 0 << 24 | 96 << 16 | 1 << 8 | 0;
    private static final int EAN = 0 << 24 | 96 << 16 | 1 << 8 | 2;
    private static final int TEXT_MESSAGE = 0 << 24 | 96 << 16 | 13 << 8 | 0;
    private static final int MONTH_PEAK = 1 << 24 | 1 << 16 | 6 << 8 | 0;
    private static final int PEAK_HISTORY = 0 << 24 | 98 << 16 | 1 << 8 | 0;
    private static final int MBUS_TYPE = 0 << 24 | 24 << 16 | 1 << 8 | 0;
    private static final int MBUS_READING = 0 << 24 | 24 << 16 | 2 << 8 | 1;
    private static final int MBUS_READING_BE = 0 << 24 | 24 << 16 | 2 << 8 | 3;
    private static final int MBUS_VALVE = 0 << 24 | 24 << 16 | 4 << 8 | 0;
    private static final int MBUS_STATE = 0 << 24 | 96 << 16 | 3 << 8 | 10;

    private static final String[] UNITS = {"m3", "GJ", "kWh", "MWh"};
    private static final long BANGS = ByteScan.broadcast('!');
    private static final long OPEN = ByteScan.broadcast('(');
    private static final long CLOSE = ByteScan.broadcast(')');
    /** Objects per telegram whose code is remembered; a Belgian telegram has about 40. */
    private static final int REMEMBERED_CODES = 96;

    private final Telegram.Builder out = new Telegram.Builder();
    // the header line is not an object, so the replay below does not cover it: the last one is kept here
    private final byte[][] headerBytes = new byte[1][];
    private int headerLength;
    private String header;

    private int[] groupStart = new int[16];
    private int[] groupEnd = new int[16];
    private int groups;

    private final int[] mbusType = new int[MAX_CHANNEL + 1];
    private final int[] mbusValve = new int[MAX_CHANNEL + 1];
    private final int[] mbusState = new int[MAX_CHANNEL + 1];
    private final String[] mbusId = new String[MAX_CHANNEL + 1];
    private final String[] mbusEan = new String[MAX_CHANNEL + 1];
    private final MbusReading[] mbusReading = new MbusReading[MAX_CHANNEL + 1];
    private final boolean[] mbusSeen = new boolean[MAX_CHANNEL + 1];
    private final MbusDevice[] lastDevice = new MbusDevice[MAX_CHANNEL + 1];
    private List<MbusDevice> lastDevices = List.of();
    private final List<MonthlyPeak> peaks = new ArrayList<>(13);

    // the code bytes (with the '(' after them) of the object at each position in the previous telegram: a meter
    // sends the same codes in the same order every time, so a match skips decoding the code digit by digit
    private final long[] codeWord0 = new long[REMEMBERED_CODES];
    private final long[] codeWord1 = new long[REMEMBERED_CODES];
    private final long[] codeMask1 = new long[REMEMBERED_CODES];
    private final long[] codePacked = new long[REMEMBERED_CODES];
    private final int[] codeLength = new int[REMEMBERED_CODES];
    private final int[] codeFields = new int[REMEMBERED_CODES];
    private final Measurement[] codeMeasurement = new Measurement[REMEMBERED_CODES];

    // the whole object at each position of the previous telegram and what it did, for objects that came out
    // clean: most of a meter's lines (serials, registers between steps, peaks, M-Bus) repeat second to second
    private static final int L_NONE = 0;
    private static final int L_MEASUREMENT = 1;
    private static final int L_VERSION_BELGIAN = 2;
    private static final int L_VERSION_DUTCH = 3;
    private static final int L_TIMESTAMP = 4;
    private static final int L_EQUIPMENT = 5;
    private static final int L_EAN = 6;
    private static final int L_TEXT = 7;
    private static final int L_MONTH_PEAK = 8;
    private static final int L_HISTORY = 9;
    private static final int L_RAW = 10;
    private static final int L_MBUS_TYPE = 11;
    private static final int L_MBUS_ID = 12;
    private static final int L_MBUS_EAN = 13;
    private static final int L_MBUS_READING = 14;
    private static final int L_MBUS_VALVE = 15;
    private static final int L_MBUS_STATE = 16;
    private final byte[][] lineBytes = new byte[REMEMBERED_CODES][];
    private final int[] lineLength = new int[REMEMBERED_CODES];
    private final int[] lineKind = new int[REMEMBERED_CODES];
    private final int[] lineChannel = new int[REMEMBERED_CODES];
    private final long[] lineNumber = new long[REMEMBERED_CODES];
    private final Object[] lineValue = new Object[REMEMBERED_CODES];
    private int objectIndex;

    private byte[] buf;
    private int frameStart;
    private int dataEnd;
    private int lineStart;
    private int lineEnd;
    private boolean belgianVersion;
    private boolean dutchVersion;

    // results of the small value parsers, to keep them allocation-free
    private long number;
    private long mantissa;
    private int digitCount;
    private int decimalCount;
    private int unitStart;
    private int unitEnd;
    private long stamp;

    /** Parses a frame handed out by a {@link TelegramFramer}: it ends at its only {@code !}. */
    public Telegram parse(Frame frame) {
        return parse(frame.buffer(), frame.offset(), frame.length(), frame.offset() + frame.length() - 1);
    }

    /** Parses a whole telegram given as text (anything after the {@code !} is ignored). */
    public Telegram parse(CharSequence telegram) {
        return parse(telegram.toString().getBytes(StandardCharsets.ISO_8859_1));
    }

    public Telegram parse(byte[] telegram) {
        return parse(telegram, 0, telegram.length);
    }

    /** Parses {@code length} bytes from {@code offset}: a {@code /} header line, data lines, and a {@code !}. */
    public Telegram parse(byte[] bytes, int offset, int length) {
        java.util.Objects.checkFromIndexSize(offset, length, bytes.length);
        int bang = length == 0 ? -1 : ByteScan.indexOfEither(bytes, offset + 1, offset + length, BANGS, BANGS);
        return parse(bytes, offset, length, bang);
    }

    private Telegram parse(byte[] bytes, int offset, int length, int bang) {
        int end = offset + length;
        if (length == 0 || bytes[offset] != '/') {
            throw new P1FormatException("a telegram starts with '/', this one with "
                    + (length == 0 ? "nothing" : "'" + printable(bytes, offset, Math.min(end, offset + 20)) + "'"));
        }
        if (bang < 0 || bytes[bang] != '!') {
            throw new P1FormatException("telegram '" + printable(bytes, offset, Math.min(end, offset + 40))
                    + "...' has no '!' end line: it is truncated");
        }
        buf = bytes;
        frameStart = offset;
        dataEnd = bang;
        belgianVersion = false;
        dutchVersion = false;
        objectIndex = 0;
        out.reset();
        Arrays.fill(mbusSeen, false);
        try {
            int p = offset + 1;
            while (p < dataEnd && bytes[p] != '\r' && bytes[p] != '\n') {
                p++;
            }
            String header = header(offset + 1, p);
            out.header(header);
            while (true) {
                while (p < dataEnd && isSpace(bytes[p])) {
                    p++;
                }
                if (p >= dataEnd) {
                    break;
                }
                p = object(p);
            }
            finishMbus();
            out.dialect(belgianVersion ? Dialect.BELGIAN
                    : dutchVersion ? Dialect.DUTCH
                    : header.startsWith("FLU") ? Dialect.BELGIAN : Dialect.DUTCH);
            return out.buildAndRelease();
        } finally {
            buf = null;
        }
    }

    /** Reads one object (code and value groups) from {@code p}; returns where the next one may start. */
    private int object(int p) {
        lineStart = p;
        int index = objectIndex++;
        if (index < REMEMBERED_CODES && lineKind[index] != L_NONE) {
            int replayed = replay(index, p);
            if (replayed >= 0) {
                return replayed;
            }
        }
        int a = -1;
        int b = -1;
        int c = -1;
        int d = -1;
        int e = -1;
        int f = -1;
        int q = p;
        long packed = 0;
        int fields = 0;
        boolean ok = true;
        boolean remembered = false;
        if (index < REMEMBERED_CODES && codeLength[index] > 0 && p + 16 <= dataEnd) {
            long w0 = (long) ByteScan.LONGS.get(buf, p);
            long w1 = (long) ByteScan.LONGS.get(buf, p + 8);
            if (w0 == codeWord0[index] && (w1 & codeMask1[index]) == codeWord1[index]) {
                packed = codePacked[index];
                fields = codeFields[index];
                q = p + codeLength[index];
                remembered = true;
            }
        }
        // A-B:C.D.E[.F|*F]: read up to six numbers with their separators
        while (!remembered && q < dataEnd && fields < 6) {
            int v = 0;
            int digits = 0;
            while (q < dataEnd && buf[q] >= '0' && buf[q] <= '9' && digits < 4) {
                v = v * 10 + (buf[q] - '0');
                digits++;
                q++;
            }
            if (digits == 0 || v > 255) {
                ok = false;
                break;
            }
            packed = packed << 8 | v;
            fields++;
            byte sep = q < dataEnd ? buf[q] : 0;
            byte expected = switch (fields) {
                case 1 -> '-';
                case 2 -> ':';
                case 3, 4 -> '.';
                default -> 0;
            };
            if (expected != 0) {
                if (sep != expected) {
                    ok = false;
                    break;
                }
                q++;
            } else if (fields == 5 && (sep == '.' || sep == '*')) {
                q++;
            } else {
                break;
            }
        }
        if (!ok || fields < 5 || q >= dataEnd || buf[q] != '(') {
            lineEnd = endOfLine(q);
            warn(fields >= 5 && ok ? "no value after the OBIS code" : "not an OBIS code followed by values");
            return lineEnd;
        }
        if (!remembered) {
            rememberCode(index, p, q, packed, fields);
        }
        if (remembered && codeMeasurement[index] != null) {
            int next = plainMeasurement(codeMeasurement[index], q);
            if (next >= 0) {
                Measurement m = codeMeasurement[index];
                rememberLine(index, p, next, L_MEASUREMENT, m.ordinal(), out.value(m), null);
                return next;
            }
        }
        if (fields == 6) {
            f = (int) (packed & 0xFF);
            packed >>>= 8;
        }
        e = (int) (packed & 0xFF);
        d = (int) (packed >>> 8 & 0xFF);
        c = (int) (packed >>> 16 & 0xFF);
        b = (int) (packed >>> 24 & 0xFF);
        a = (int) (packed >>> 32 & 0xFF);
        int codeEnd = q;

        groups = 0;
        while (true) {
            int s = q + 1;
            int r = ByteScan.indexOfEither(buf, s, dataEnd, CLOSE, OPEN);
            if (r < 0 || buf[r] == '(') {
                r = r < 0 ? dataEnd : r;
                // a value may run over a line break, but a '(' means the next object began: resume there
                int lineBreak = r;
                while (lineBreak > s && buf[lineBreak - 1] != '\n') {
                    lineBreak--;
                }
                lineEnd = lineBreak > s ? lineBreak : r;
                warn("a '(' is not closed by ')'");
                return lineBreak > s ? lineBreak : r >= dataEnd ? dataEnd : endOfLine(r);
            }
            addGroup(s, r);
            q = r + 1;
            int next = q;
            while (next < dataEnd && (buf[next] == '\r' || buf[next] == '\n')) {
                next++;
            }
            if (next < dataEnd && buf[next] == '(') {
                q = next;
            } else {
                break;
            }
        }
        lineEnd = q;
        int warningsBefore = out.warningCount();
        int unknownBefore = out.unknownObjects.size();
        int key = ObisCode.key(a, c, d, e);
        if (f != -1 && f != 255) {
            raw(codeEnd);
        } else if (a == 1 && b == 3 && c == 0 && d == 2 && e == 8) {
            out.version(text(groupStart[0], groupEnd[0]));
            dutchVersion = true;
        } else if (a == 0 && b >= 1) {
            mbus(b, key, codeEnd);
        } else if (b == 0) {
            channelZero(key, codeEnd);
        } else {
            raw(codeEnd);
        }
        if (index < REMEMBERED_CODES && out.warningCount() == warningsBefore) {
            rememberEffect(index, p, q, a, b, c, d, e, key, unknownBefore);
        }
        return q;
    }

    // ---- whole objects remembered from the previous telegram ---------------------------------------------

    /**
     * Remembers what the object from p to q did, read back from the builder and the M-Bus scratch, so that the
     * same bytes at the same position in the next telegram can replay it without being read again.
     */
    private void rememberEffect(int index, int p, int q, int a, int b, int c, int d, int e, int key,
                                int unknownBefore) {
        if (out.unknownObjects.size() > unknownBefore) {
            rememberLine(index, p, q, L_RAW, 0, 0, out.unknownObjects.get(out.unknownObjects.size() - 1));
        } else if (a == 1 && b == 3 && c == 0 && d == 2 && e == 8) {
            rememberLine(index, p, q, L_VERSION_DUTCH, 0, 0, out.version);
        } else if (a == 0 && b >= 1) {
            switch (key) {
                case MBUS_TYPE -> rememberLine(index, p, q, L_MBUS_TYPE, b, mbusType[b], null);
                case EQUIPMENT_ID, EQUIPMENT_ID_OLD -> rememberLine(index, p, q, L_MBUS_ID, b, 0, mbusId[b]);
                case EAN -> rememberLine(index, p, q, L_MBUS_EAN, b, 0, mbusEan[b]);
                case MBUS_READING, MBUS_READING_BE -> rememberLine(index, p, q, L_MBUS_READING, b, 0, mbusReading[b]);
                case MBUS_VALVE -> rememberLine(index, p, q, L_MBUS_VALVE, b, mbusValve[b], null);
                case MBUS_STATE -> rememberLine(index, p, q, L_MBUS_STATE, b, mbusState[b], null);
                default -> lineKind[index] = L_NONE;
            }
        } else if (b == 0) {
            Measurement m = Measurement.find(key);
            if (m != null) {
                if (out.has(m)) {
                    rememberLine(index, p, q, L_MEASUREMENT, m.ordinal(), out.value(m), null);
                } else {
                    lineKind[index] = L_NONE;
                }
                return;
            }
            switch (key) {
                case VERSION_BE -> rememberLine(index, p, q, L_VERSION_BELGIAN, 0, 0, out.version);
                case TIMESTAMP -> rememberLine(index, p, q, L_TIMESTAMP, 0, 0, out.timestamp);
                case EQUIPMENT_ID, EQUIPMENT_ID_OLD -> rememberLine(index, p, q, L_EQUIPMENT, 0, 0, out.equipmentId);
                case EAN -> rememberLine(index, p, q, L_EAN, 0, 0, out.ean);
                case TEXT_MESSAGE -> rememberLine(index, p, q, L_TEXT, 0, 0, out.textMessage);
                case MONTH_PEAK -> rememberLine(index, p, q, L_MONTH_PEAK, 0, 0, out.monthPeak);
                case PEAK_HISTORY -> rememberLine(index, p, q, L_HISTORY, 0, 0, out.peakHistory);
                default -> lineKind[index] = L_NONE;
            }
        } else {
            lineKind[index] = L_NONE;
        }
    }

    private void rememberLine(int index, int p, int q, int kind, int channel, long number, Object value) {
        if (index >= REMEMBERED_CODES) {
            return;
        }
        lineLength[index] = keep(lineBytes, index, p, q);
        lineKind[index] = kind;
        lineChannel[index] = channel;
        lineNumber[index] = number;
        lineValue[index] = value;
    }

    /**
     * Replays the object at this position of the previous telegram if this one has the very same bytes there,
     * ending at a line end with no value group continuing on the next line. Returns where it ends, or -1.
     */
    @SuppressWarnings("unchecked")
    private int replay(int index, int p) {
        int n = lineLength[index];
        int after = p + n;
        if (after > dataEnd || !Arrays.equals(lineBytes[index], 0, n, buf, p, after)
                || after < dataEnd && buf[after] != '\r' && buf[after] != '\n') {
            return -1;
        }
        int next = after;
        while (next < dataEnd && (buf[next] == '\r' || buf[next] == '\n')) {
            next++;
        }
        if (next < dataEnd && buf[next] == '(') {
            return -1;
        }
        int ch = lineChannel[index];
        long number = lineNumber[index];
        Object value = lineValue[index];
        switch (lineKind[index]) {
            case L_MEASUREMENT -> out.set(Measurement.byOrdinal(ch), number);
            case L_VERSION_BELGIAN -> {
                out.version((String) value);
                belgianVersion = true;
            }
            case L_VERSION_DUTCH -> {
                out.version((String) value);
                dutchVersion = true;
            }
            case L_TIMESTAMP -> out.timestamp((Instant) value);
            case L_EQUIPMENT -> out.equipmentId((String) value);
            case L_EAN -> out.ean((String) value);
            case L_TEXT -> out.textMessage((String) value);
            case L_MONTH_PEAK -> out.monthPeak((DemandPeak) value);
            case L_HISTORY -> out.peakHistory((List<MonthlyPeak>) value);
            case L_RAW -> out.addUnknownObject((RawObject) value);
            default -> {
                openChannel(ch);
                switch (lineKind[index]) {
                    case L_MBUS_TYPE -> mbusType[ch] = (int) number;
                    case L_MBUS_ID -> mbusId[ch] = (String) value;
                    case L_MBUS_EAN -> mbusEan[ch] = (String) value;
                    case L_MBUS_READING -> mbusReading[ch] = (MbusReading) value;
                    case L_MBUS_VALVE -> mbusValve[ch] = (int) number;
                    case L_MBUS_STATE -> mbusState[ch] = (int) number;
                    default -> throw new IllegalStateException("unknown remembered kind " + lineKind[index]);
                }
            }
        }
        return after;
    }

    /** Remembers the code from p to the '(' at q, if it and the '(' fit in 16 bytes. */
    private void rememberCode(int index, int p, int q, long packed, int fields) {
        int n = q - p + 1;
        if (index >= REMEMBERED_CODES || n <= 8 || n > 16 || p + 16 > dataEnd) {
            return;
        }
        long mask1 = n == 16 ? -1L : (1L << (8 * (n - 8))) - 1;
        codeWord0[index] = (long) ByteScan.LONGS.get(buf, p);
        codeWord1[index] = (long) ByteScan.LONGS.get(buf, p + 8) & mask1;
        codeMask1[index] = mask1;
        codePacked[index] = packed;
        codeFields[index] = fields;
        codeLength[index] = q - p;
        int f = fields == 6 ? (int) (packed & 0xFF) : 255;
        long abcde = fields == 6 ? packed >>> 8 : packed;
        boolean channelZero = (abcde >>> 24 & 0xFF) == 0;
        codeMeasurement[index] = f == 255 && channelZero
                ? Measurement.find(ObisCode.key((int) (abcde >>> 32 & 0xFF), (int) (abcde >>> 16 & 0xFF),
                        (int) (abcde >>> 8 & 0xFF), (int) (abcde & 0xFF)))
                : null;
    }

    /**
     * The common case of a numeric object, read straight from the bytes: one group of digits with an optional
     * point and a {@code *unit} as declared, and no further group. Returns where the object ends, or -1 for
     * anything else, which the general path then reads (and warns about) from the start.
     */
    private int plainMeasurement(Measurement m, int q) {
        int i = decimal(q + 1, dataEnd);
        long v = mantissa;
        int digits = digitCount;
        int decimals = decimalCount;
        int scale = m.scale();
        if (i < 0 || digits == 0 || decimals > scale || digits + scale - decimals > 18) {
            return -1;
        }
        String unit = m.unit();
        if (unit != null) {
            int n = unit.length();
            if (i + n + 1 >= dataEnd || buf[i] != '*') {
                return -1;
            }
            for (int k = 0; k < n; k++) {
                if ((buf[i + 1 + k] | 0x20) != (unit.charAt(k) | 0x20)) {
                    return -1;
                }
            }
            i += n + 1;
        }
        if (i >= dataEnd || buf[i] != ')') {
            return -1;
        }
        i++;
        int next = i;
        while (next < dataEnd && (buf[next] == '\r' || buf[next] == '\n')) {
            next++;
        }
        if (next < dataEnd && buf[next] == '(') {
            return -1;
        }
        out.set(m, v * POW10[scale - decimals]);
        return i;
    }

    private void channelZero(int key, int codeEnd) {
        Measurement m = Measurement.find(key);
        if (m != null) {
            measurement(m, codeEnd);
            return;
        }
        if (key == VERSION_BE) {
            out.version(text(groupStart[0], groupEnd[0]));
            belgianVersion = true;
        } else if (key == TIMESTAMP) {
            if (stamp(0, "meter time")) {
                out.timestamp(Instant.ofEpochSecond(stamp));
            }
        } else if (key == EQUIPMENT_ID || key == EQUIPMENT_ID_OLD) {
            out.equipmentId(hexText("equipment identifier", true));
        } else if (key == EAN) {
            out.ean(hexText("EAN code", true));
        } else if (key == TEXT_MESSAGE) {
            out.textMessage(hexText("text message", false));
        } else if (key == MONTH_PEAK) {
            monthPeak();
        } else if (key == PEAK_HISTORY) {
            peakHistory();
        } else {
            raw(codeEnd);
        }
    }

    private void measurement(Measurement m, int codeEnd) {
        if (groups != 1) {
            warn(m + " has " + groups + " values, expected 1");
            return;
        }
        int s = groupStart[0];
        int e = groupEnd[0];
        if (!number(s, e, m.scale())) {
            warn("'" + printable(buf, s, e) + "' is not a valid " + m.name().toLowerCase().replace('_', ' '));
            return;
        }
        String unit = m.unit();
        if (unitEnd > unitStart && (unit == null || !unitIs(unit))) {
            // the same code with another unit (e.g. a DSMR 3 limiter in A): a different object, kept as sent
            raw(codeEnd);
            return;
        }
        out.set(m, number);
    }

    private void mbus(int channel, int key, int codeEnd) {
        if (channel > MAX_CHANNEL) {
            raw(codeEnd);
            return;
        }
        openChannel(channel);
        if (key == MBUS_TYPE) {
            mbusType[channel] = smallInteger("M-Bus device type");
        } else if (key == EQUIPMENT_ID || key == EQUIPMENT_ID_OLD) {
            mbusId[channel] = hexText("M-Bus equipment identifier", true);
        } else if (key == EAN) {
            mbusEan[channel] = hexText("M-Bus EAN code", true);
        } else if (key == MBUS_READING || key == MBUS_READING_BE) {
            mbusReading[channel] = mbusReading(channel);
        } else if (key == MBUS_VALVE) {
            mbusValve[channel] = smallInteger("valve state");
        } else if (key == MBUS_STATE) {
            mbusState[channel] = smallInteger("M-Bus channel state");
        } else {
            raw(codeEnd);
        }
    }

    /** The first object of a channel in this telegram clears what the previous telegram left there. */
    private void openChannel(int channel) {
        if (!mbusSeen[channel]) {
            mbusSeen[channel] = true;
            mbusType[channel] = MbusDevice.ABSENT;
            mbusValve[channel] = MbusDevice.ABSENT;
            mbusState[channel] = MbusDevice.ABSENT;
            mbusId[channel] = null;
            mbusEan[channel] = null;
            mbusReading[channel] = null;
        }
    }

    private MbusReading mbusReading(int channel) {
        if (groups != 2) {
            warn("an M-Bus reading has a time and a value, not " + groups + " values");
            return null;
        }
        if (!stamp(0, "reading time")) {
            return null;
        }
        long captured = stamp;
        int s = groupStart[1];
        int e = groupEnd[1];
        if (!number(s, e, 3)) {
            warn("'" + printable(buf, s, e) + "' is not a valid M-Bus reading");
            return null;
        }
        String unit = null;
        if (unitEnd > unitStart) {
            for (String known : UNITS) {
                if (unitIs(known)) {
                    unit = known;
                }
            }
            if (unit == null) {
                unit = printable(buf, unitStart, unitEnd);
            }
        }
        return new MbusReading(Instant.ofEpochSecond(captured), number, unit);
    }

    /**
     * Makes the devices of this telegram; a device whose values are the very objects of the previous telegram's
     * (the texts and readings are shared through the caches) is reused, and so is the list when all are.
     */
    private void finishMbus() {
        int count = 0;
        boolean same = true;
        for (int ch = 1; ch <= MAX_CHANNEL; ch++) {
            if (!mbusSeen[ch]) {
                continue;
            }
            MbusDevice last = lastDevice[ch];
            if (last == null || last.rawDeviceType() != mbusType[ch] || last.rawValveState() != mbusValve[ch]
                    || last.rawState() != mbusState[ch] || last.rawEquipmentId() != mbusId[ch]
                    || last.rawEan() != mbusEan[ch] || last.rawReading() != mbusReading[ch]) {
                lastDevice[ch] = new MbusDevice(ch, mbusType[ch], mbusId[ch], mbusEan[ch], mbusReading[ch],
                        mbusValve[ch], mbusState[ch]);
                same = false;
            }
            same &= count < lastDevices.size() && lastDevices.get(count) == lastDevice[ch];
            count++;
        }
        if (!same || count != lastDevices.size()) {
            MbusDevice[] devices = new MbusDevice[count];
            int i = 0;
            for (int ch = 1; ch <= MAX_CHANNEL; ch++) {
                if (mbusSeen[ch]) {
                    devices[i++] = lastDevice[ch];
                }
            }
            lastDevices = List.of(devices);
        }
        out.mbusDevices(lastDevices);
    }

    private void monthPeak() {
        if (groups != 2) {
            warn("the month peak has a time and a value, not " + groups + " values");
            return;
        }
        int s = groupStart[1];
        int e = groupEnd[1];
        if (!number(s, e, 3) || !(unitEnd == unitStart || unitIs("kW"))) {
            warn("'" + printable(buf, s, e) + "' is not a valid month peak in kW");
            return;
        }
        long watts = number;
        boolean clean = stamp(0, "month peak time");
        out.monthPeak(new DemandPeak(clean ? Instant.ofEpochSecond(stamp) : null, watts));
    }

    private void peakHistory() {
        if (!number(groupStart[0], groupEnd[0], 0) || unitEnd > unitStart || number > 99) {
            warn("the peak history must start with the number of months");
            return;
        }
        int count = (int) number;
        int triples = Math.max(0, (groups - 3) / 3);
        boolean emptyForm = count == 0 && groups == 4 && groupEnd[3] == groupStart[3];
        if (!emptyForm && groups != 3 + 3 * count) {
            warn("the peak history announces " + count + " months but carries " + triples);
        }
        peaks.clear();
        int n = emptyForm ? 0 : Math.min(count, triples);
        for (int i = 0; i < n; i++) {
            int g = 3 + 3 * i;
            if (!stamp(g, "peak history month")) {
                continue;
            }
            long monthEnd = stamp;
            int s = groupStart[g + 2];
            int e = groupEnd[g + 2];
            if (!number(s, e, 3) || !(unitEnd == unitStart || unitIs("kW"))) {
                warn("'" + printable(buf, s, e) + "' is not a valid peak in kW");
                continue;
            }
            long watts = number;
            Instant occurred = stamp(g + 1, "peak time") ? Instant.ofEpochSecond(stamp) : null;
            peaks.add(new MonthlyPeak(Instant.ofEpochSecond(monthEnd), occurred, watts));
        }
        out.peakHistory(Telegram.sortedByMonth(peaks));
    }

    private int smallInteger(String what) {
        if (groups != 1 || !number(groupStart[0], groupEnd[0], 0) || unitEnd > unitStart
                || number < 0 || number > 0xFFFF) {
            warn("'" + printable(buf, groupStart[0], groupEnd[0]) + "' is not a valid " + what);
            return MbusDevice.ABSENT;
        }
        return (int) number;
    }

    private void raw(int codeEnd) {
        String[] texts = new String[groups];
        for (int i = 0; i < groups; i++) {
            texts[i] = withoutLineBreaks(groupStart[i], groupEnd[i]);
        }
        out.addUnknownObject(new RawObject(new String(buf, lineStart, codeEnd - lineStart, StandardCharsets.ISO_8859_1),
                List.of(texts)));
    }

    // ---- value parsers ------------------------------------------------------------------------------------

    /**
     * Reads a decimal number, optionally followed by a unit after {@code *}, {@code _} or nothing, into
     * {@link #number} scaled to {@code scale} decimals exactly; the unit's bounds go to unitStart/unitEnd.
     */
    private boolean number(int s, int e, int scale) {
        int i = s;
        boolean negative = false;
        if (i < e && buf[i] == '-') {
            negative = true;
            i++;
        }
        i = decimal(i, e);
        if (i < 0 || digitCount == 0) {
            return false;
        }
        long m = mantissa;
        int decimals = decimalCount;
        if (i < e && (buf[i] == '*' || buf[i] == '_')) {
            i++;
            if (i == e) {
                return false;
            }
        }
        for (int u = i; u < e; u++) {
            byte ch = buf[u];
            if (!(ch >= 'a' && ch <= 'z' || ch >= 'A' && ch <= 'Z' || ch >= '0' && ch <= '9')) {
                return false;
            }
        }
        unitStart = i;
        unitEnd = e;
        if (decimals <= scale) {
            long factor = POW10[scale - decimals];
            if (m > Long.MAX_VALUE / factor) {
                return false;
            }
            m *= factor;
        } else {
            if (decimals - scale >= POW10.length) {
                return false;
            }
            long divisor = POW10[decimals - scale];
            if (m % divisor != 0) {
                return false;
            }
            m /= divisor;
        }
        number = negative ? -m : m;
        return true;
    }

    /**
     * Reads digits with at most one decimal point from {@code i} up to {@code end} into {@link #mantissa},
     * {@link #digitCount} and {@link #decimalCount}; returns the index after them, or -1 for more than 18 digits.
     */
    private int decimal(int i, int end) {
        long m = 0;
        int digits = 0;
        int decimals = -1;
        for (; i < end; i++) {
            byte ch = buf[i];
            if (ch >= '0' && ch <= '9') {
                if (digits == 18) {
                    return -1;
                }
                m = m * 10 + (ch - '0');
                digits++;
                if (decimals >= 0) {
                    decimals++;
                }
            } else if (ch == '.' && decimals < 0) {
                decimals = 0;
            } else {
                break;
            }
        }
        mantissa = m;
        digitCount = digits;
        decimalCount = Math.max(decimals, 0);
        return i;
    }

    private boolean unitIs(String unit) {
        int n = unitEnd - unitStart;
        if (n != unit.length()) {
            return false;
        }
        for (int i = 0; i < n; i++) {
            int x = buf[unitStart + i] | 0x20;
            int y = unit.charAt(i) | 0x20;
            if (x != y) {
                return false;
            }
        }
        return true;
    }

    /**
     * Reads group {@code g} as {@code YYMMDDhhmmss} plus {@code S} (summer, UTC+2) or {@code W} (winter, UTC+1)
     * into {@link #stamp} (epoch seconds). Without the flag (DSMR 2.2/3) the Brussels rules decide. Warns and
     * returns false for anything else, such as the {@code 632525252525W} meters send when they have no time.
     */
    private boolean stamp(int g, String what) {
        int s = groupStart[g];
        int e = groupEnd[g];
        int n = e - s;
        boolean valid = n == 12 || n == 13;
        long v = 0;
        if (valid) {
            for (int i = 0; i < 12; i++) {
                byte ch = buf[s + i];
                if (ch < '0' || ch > '9') {
                    valid = false;
                    break;
                }
                v = v * 10 + (ch - '0');
            }
        }
        int offsetSeconds = Integer.MIN_VALUE;
        if (valid && n == 13) {
            byte flag = buf[s + 12];
            offsetSeconds = flag == 'S' ? 7200 : flag == 'W' ? 3600 : Integer.MIN_VALUE;
            valid = offsetSeconds != Integer.MIN_VALUE;
        }
        if (valid) {
            int second = (int) (v % 100);
            int minute = (int) (v / 100 % 100);
            int hour = (int) (v / 10_000 % 100);
            int day = (int) (v / 1_000_000 % 100);
            int month = (int) (v / 100_000_000 % 100);
            int yy = (int) (v / 10_000_000_000L);
            // two-digit years: 70-99 are 1970-1999 (a device without a clock reports the Unix epoch, 700101)
            int year = yy >= 70 ? 1900 + yy : 2000 + yy;
            valid = month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
                    && hour < 24 && minute < 60 && second < 60;
            if (valid) {
                long local = epochDay(year, month, day) * 86_400L + hour * 3600L + minute * 60L + second;
                if (offsetSeconds == Integer.MIN_VALUE) {
                    offsetSeconds = BRUSSELS.getOffset(LocalDateTime.of(year, month, day, hour, minute, second))
                            .getTotalSeconds();
                }
                stamp = local - offsetSeconds;
            }
        }
        if (!valid) {
            warn(what + " '" + printable(buf, s, e) + "' is not a valid YYMMDDhhmmss time with S or W");
        }
        return valid;
    }

    private static int daysInMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
    }

    /** Days since 1970-01-01 of a proleptic Gregorian date (the civil-from-days inverse). */
    private static long epochDay(int year, int month, int day) {
        long y = month <= 2 ? year - 1 : year;
        long era = Math.floorDiv(y, 400);
        long yoe = y - era * 400;
        long doy = (153L * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1;
        long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        return era * 146_097 + doe - 719_468;
    }

    /**
     * Group 0 as hex-encoded text; empty gives null; text that is not hex warns and gives null. For an
     * identifier, all zero bytes (a channel with no device registered) give null, and bytes that are not
     * printable ASCII mean the meter did not hex-encode it (heat meters, test telegrams): the text is kept as sent.
     */
    private String hexText(String what, boolean identifier) {
        if (groups != 1) {
            warn("the " + what + " has " + groups + " values, expected 1");
            return null;
        }
        int s = groupStart[0];
        int e = groupEnd[0];
        if (s == e) {
            return null;
        }
        int digits = 0;
        byte[] decoded = new byte[(e - s) / 2];
        int hi = -1;
        for (int i = s; i < e; i++) {
            byte ch = buf[i];
            if (ch == '\r' || ch == '\n') {
                continue;
            }
            int nibble = Hex.digit(ch);
            if (nibble < 0) {
                warn("the " + what + " is not hex-encoded text");
                return null;
            }
            if (hi < 0) {
                hi = nibble;
            } else {
                decoded[digits++] = (byte) (hi << 4 | nibble);
                hi = -1;
            }
        }
        if (hi >= 0) {
            warn("the " + what + " has an odd number of hex digits");
            return null;
        }
        String text = new String(decoded, 0, digits, StandardCharsets.ISO_8859_1);
        if (identifier) {
            boolean allZero = true;
            boolean printable = true;
            for (int i = 0; i < digits; i++) {
                allZero &= decoded[i] == 0;
                printable &= decoded[i] >= 0x20 && decoded[i] < 0x7F;
            }
            if (allZero) {
                return null;
            }
            if (!printable) {
                text = withoutLineBreaks(s, e);
            }
        }
        return text;
    }

    private String text(int s, int e) {
        return new String(buf, s, e - s, StandardCharsets.ISO_8859_1);
    }

    /** The header as text; the same String as last time when its bytes are the same. */
    private String header(int s, int e) {
        if (header == null || headerLength != e - s || !Arrays.equals(headerBytes[0], 0, e - s, buf, s, e)) {
            headerLength = keep(headerBytes, 0, s, e);
            header = text(s, e);
        }
        return header;
    }

    /** Copies buf[s, e) into slot i of {@code slots}, growing it when needed; returns the length copied. */
    private int keep(byte[][] slots, int i, int s, int e) {
        int n = e - s;
        byte[] slot = slots[i];
        if (slot == null || slot.length < n) {
            slot = new byte[Math.max(n, 32)];
            slots[i] = slot;
        }
        System.arraycopy(buf, s, slot, 0, n);
        return n;
    }

    // ---- scanning helpers ---------------------------------------------------------------------------------

    private void addGroup(int s, int e) {
        if (groups == groupStart.length) {
            groupStart = Arrays.copyOf(groupStart, groups * 2);
            groupEnd = Arrays.copyOf(groupEnd, groups * 2);
        }
        groupStart[groups] = s;
        groupEnd[groups] = e;
        groups++;
    }

    private int endOfLine(int p) {
        while (p < dataEnd && buf[p] != '\n') {
            p++;
        }
        return p;
    }

    private static boolean isSpace(byte b) {
        return b == '\r' || b == '\n' || b == ' ' || b == '\t';
    }

    private void warn(String problem) {
        int line = 1;
        for (int i = frameStart; i < lineStart; i++) {
            if (buf[i] == '\n') {
                line++;
            }
        }
        out.warn("line " + line + " '" + withoutLineBreaks(lineStart, Math.min(lineEnd, dataEnd)) + "': " + problem);
    }

    private String withoutLineBreaks(int s, int e) {
        StringBuilder text = new StringBuilder(e - s);
        for (int i = s; i < e; i++) {
            byte ch = buf[i];
            if (ch != '\r' && ch != '\n') {
                text.append((char) (ch & 0xFF));
            }
        }
        return text.toString();
    }

    private static String printable(byte[] bytes, int s, int e) {
        StringBuilder text = new StringBuilder(e - s);
        for (int i = s; i < e; i++) {
            int ch = bytes[i] & 0xFF;
            if (ch >= 0x20 && ch < 0x7F) {
                text.append((char) ch);
            } else {
                text.append(String.format("\\x%02X", ch));
            }
        }
        return text.toString();
    }
}
