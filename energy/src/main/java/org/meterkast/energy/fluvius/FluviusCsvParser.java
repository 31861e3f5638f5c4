package org.meterkast.energy.fluvius;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;

/**
 * Reads a Mijn Fluvius "verbruikshistoriek" export: quarter-hour electricity or hourly gas, Dutch (both header
 * generations) or English, and checks it whole before anything is used. Columns are found by name, never by place;
 * volumes become exact Wh and litres; local Brussels times become UTC, the repeated October hour told apart by
 * order (the first of a pair is summer time). A file that cannot be read throws {@link FluviusFormatException}
 * naming the line.
 *
 * <p>Works on the bytes, with no regular expression, no split and no decimal object per row, because a three-year
 * quarter-hour file has over 200,000 rows.
 */
public final class FluviusCsvParser {
    /** Told how far a parse has come, every few thousand rows and at the end. */
    @FunctionalInterface
    public interface Progress {
        Progress NONE = (bytes, totalBytes, rows) -> { };

        void read(long bytes, long totalBytes, long rows);
    }

    static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    private static final ZoneRules RULES = BRUSSELS.getRules();
    private static final int PROGRESS_EVERY = 8192;
    /** A date typed wrongly (2201 for 2021) would otherwise ask for an array of centuries. */
    private static final long LONGEST_SPAN_SECONDS = 20L * 366 * 86400;

    // the columns, by what they hold
    private static final int START_DATE = 0;
    private static final int START_TIME = 1;
    private static final int END_DATE = 2;
    private static final int END_TIME = 3;
    private static final int EAN = 4;
    private static final int METER = 5;
    private static final int METER_TYPE = 6;
    private static final int REGISTER = 7;
    private static final int VOLUME = 8;
    private static final int UNIT = 9;
    private static final int STATUS = 10;
    private static final int CALORIFIC = 11;
    private static final int DESCRIPTION = 12;
    private static final String[] COLUMN_NAMES = {"Van (datum)", "Van (tijdstip)", "Tot (datum)", "Tot (tijdstip)",
        "EAN", "Meter", "Metertype", "Register", "Volume", "Eenheid", "Validatiestatus", "Calorische bovenwaarde",
        "Omschrijving"};
    /** Header names lower-cased without spaces, brackets and dashes: Dutch old and new, and English. */
    private static final Map<String, Integer> HEADER = Map.ofEntries(
            Map.entry("vandatum", START_DATE), Map.entry("fromdate", START_DATE),
            Map.entry("vantijdstip", START_TIME), Map.entry("fromtime", START_TIME),
            Map.entry("totdatum", END_DATE), Map.entry("untildate", END_DATE),
            Map.entry("tottijdstip", END_TIME), Map.entry("untiltime", END_TIME),
            Map.entry("ean", EAN), Map.entry("eancode", EAN),
            Map.entry("meter", METER), Map.entry("metertype", METER_TYPE),
            Map.entry("register", REGISTER), Map.entry("volume", VOLUME),
            Map.entry("eenheid", UNIT), Map.entry("unit", UNIT),
            Map.entry("validatiestatus", STATUS), Map.entry("validationstatus", STATUS),
            Map.entry("calorischebovenwaarde", CALORIFIC), Map.entry("caloricuppervalue", CALORIFIC),
            Map.entry("omschrijving", DESCRIPTION), Map.entry("description", DESCRIPTION));
    private static final int[] REQUIRED = {START_DATE, START_TIME, EAN, REGISTER, VOLUME, UNIT};

    // what a register says: the direction (or the gas meter) and the tariff period
    private static final int IMPORT = 0;
    private static final int EXPORT = 1;
    private static final int GAS = 2;
    private static final int NO_PERIOD = 0;
    private static final int DAY = 1;
    private static final int NIGHT = 2;
    private static final byte[][] REGISTER_NAMES = ascii("afname dag", "afname nacht", "injectie dag",
            "injectie nacht", "offtake day", "offtake night", "injection day", "injection night", "afname", "offtake");
    private static final int[] REGISTER_DIRECTION = {IMPORT, IMPORT, EXPORT, EXPORT, IMPORT, IMPORT, EXPORT, EXPORT,
        GAS, GAS};
    private static final int[] REGISTER_PERIOD = {DAY, NIGHT, DAY, NIGHT, DAY, NIGHT, DAY, NIGHT, NO_PERIOD,
        NO_PERIOD};

    private static final int KWH = 0;
    private static final int CUBIC_METRES = 1;
    private static final byte[][] UNIT_NAMES = {ascii("kwh")[0], "m³".getBytes(StandardCharsets.UTF_8), ascii("m3")[0]};
    private static final int[] UNIT_CODE = {KWH, CUBIC_METRES, CUBIC_METRES};

    private static final FluviusStatus[] STATUSES = FluviusStatus.values();
    private static final byte[][] STATUS_NAMES = new byte[STATUSES.length * 2][];

    static {
        for (int i = 0; i < STATUSES.length; i++) {
            STATUS_NAMES[2 * i] = ascii(STATUSES[i].dutch().toLowerCase(Locale.ROOT))[0];
            STATUS_NAMES[2 * i + 1] = ascii(STATUSES[i].english().toLowerCase(Locale.ROOT))[0];
        }
    }

    private static final byte[][] CALORIFIC_NAMES = ascii("voorlopig", "provisional", "definitief", "final",
            "definitive");
    private static final CalorificValue[] CALORIFIC_CODE = {CalorificValue.PROVISIONAL, CalorificValue.PROVISIONAL,
        CalorificValue.FINAL, CalorificValue.FINAL, CalorificValue.FINAL};

    // per interval: which rows were seen and what they said. A is import (electricity) or m³ (gas), B export or kWh.
    private static final int A_SEEN = 1;
    private static final int B_SEEN = 2;
    private static final int A_MISSING = 4;
    private static final int B_MISSING = 8;
    private static final int A_NIGHT = 16;
    private static final int B_NIGHT = 32;
    private static final int ESTIMATE = 64;
    private static final int CALORIFIC_PROVISIONAL = 128;
    private static final int CALORIFIC_FINAL = 256;

    private final ByteBuffer data;
    private final int size;
    private final Progress progress;
    private final int[] column = new int[COLUMN_NAMES.length];
    private int[] fieldStart = new int[16];
    private int[] fieldEnd = new int[16];
    private int fields;
    private byte separator;
    private int lineNumber;
    private int lineStart;
    private int lineEnd;

    private FluviusExport.Kind kind;
    private int step;
    private long base;
    private int slots;
    private long[] a = new long[1024];
    private long[] b = new long[1024];
    private int[] flags = new int[1024];
    private boolean anyB;
    private boolean anyA;
    private byte[] ean;
    private String meterSerial = "";

    // the last date read, so a day's 96 or 192 rows convert it once
    private final byte[] lastDate = new byte[10];
    private long dayLocalSeconds;
    private int dayOffsetSeconds;
    private boolean dayChangesOffset;
    private LocalDate day;
    private final Set<Long> repeatedSeen = new HashSet<>();

    private FluviusCsvParser(ByteBuffer data, Progress progress) {
        this.data = data;
        this.size = data.limit();
        this.progress = progress;
        Arrays.fill(column, -1);
    }

    /** Reads a whole export. */
    public static FluviusExport parse(byte[] file) {
        return parse(file, Progress.NONE);
    }

    /** Reads a whole export, telling {@code progress} how far it has come. */
    public static FluviusExport parse(byte[] file, Progress progress) {
        return new FluviusCsvParser(ByteBuffer.wrap(file), progress).run();
    }

    /**
     * Reads a whole export from a buffer's absolute positions 0 to its limit, which may be a file mapped into
     * memory: a large upload is then parsed without being held on the heap.
     */
    public static FluviusExport parse(ByteBuffer file, Progress progress) {
        return new FluviusCsvParser(file, progress).run();
    }

    /** Reads a whole export from a stream, which it reads to the end and does not close. */
    public static FluviusExport parse(InputStream in) throws IOException {
        return parse(in.readAllBytes());
    }

    private FluviusExport run() {
        int pos = 0;
        if (size >= 3 && (data.get(0) & 0xff) == 0xEF && (data.get(1) & 0xff) == 0xBB && (data.get(2) & 0xff) == 0xBF) {
            pos = 3;
        }
        pos = nextLine(pos);
        if (lineStart >= size) {
            throw new FluviusFormatException(1, null, "the file is empty");
        }
        readHeader();
        long rows = 0;
        while (pos < size) {
            pos = nextLine(pos);
            if (lineEnd == lineStart) {
                continue;       // a blank line, such as a final one
            }
            splitFields();
            readRow();
            rows++;
            if (rows % PROGRESS_EVERY == 0) {
                progress.read(pos, size, rows);
            }
        }
        if (rows == 0) {
            throw new FluviusFormatException(lineNumber, null, "the file has a header and no data rows");
        }
        progress.read(size, size, rows);
        return result(rows);
    }

    /** Finds the line that starts at pos; returns where the next one starts. */
    private int nextLine(int pos) {
        lineNumber++;
        lineStart = pos;
        int end = pos;
        while (end < size && data.get(end) != '\n') {
            end++;
        }
        int next = end < size ? end + 1 : end;
        if (end > pos && data.get(end - 1) == '\r') {
            end--;
        }
        lineEnd = end;
        return next;
    }

    private void readHeader() {
        separator = ';';
        if (indexOf((byte) ';') < 0) {
            if (indexOf((byte) '\t') < 0) {
                throw error("the header has neither ';' nor TAB between its names: not a Mijn Fluvius export");
            }
            separator = '\t';
        }
        splitFields();
        for (int f = 0; f < fields; f++) {
            String name = normalise(string(fieldStart[f], fieldEnd[f] - fieldStart[f]));
            Integer c = HEADER.get(name);
            if (c == null) {
                continue;       // a column this import has no use for
            }
            if (column[c] >= 0) {
                throw error("the column " + COLUMN_NAMES[c] + " appears twice");
            }
            column[c] = f;
        }
        for (int c : REQUIRED) {
            if (column[c] < 0) {
                throw error("the column " + COLUMN_NAMES[c] + " is missing");
            }
        }
    }

    private static String normalise(String name) {
        StringBuilder s = new StringBuilder(name.length());
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c != '(' && c != ')' && c != '-' && c != ' ' && c != '_' && c != '"' && c != '\uFEFF') {
                s.append(Character.toLowerCase(c));
            }
        }
        return s.toString();
    }

    private int indexOf(byte wanted) {
        for (int i = lineStart; i < lineEnd; i++) {
            if (data.get(i) == wanted) {
                return i;
            }
        }
        return -1;
    }

    private void splitFields() {
        fields = 0;
        int start = lineStart;
        for (int i = lineStart; i <= lineEnd; i++) {
            if (i == lineEnd || data.get(i) == separator) {
                if (fields == fieldStart.length) {
                    fieldStart = Arrays.copyOf(fieldStart, fields * 2);
                    fieldEnd = Arrays.copyOf(fieldEnd, fields * 2);
                }
                fieldStart[fields] = start;
                fieldEnd[fields] = i;
                fields++;
                start = i + 1;
            }
        }
    }

    private void readRow() {
        int register = match(REGISTER, REGISTER_NAMES);
        if (register < 0) {
            throw error("unknown register '" + text(REGISTER)
                    + "', expected Afname/Injectie Dag/Nacht, Afname, or their English names");
        }
        int direction = REGISTER_DIRECTION[register];
        FluviusExport.Kind rowKind = direction == GAS ? FluviusExport.Kind.GAS : FluviusExport.Kind.ELECTRICITY;
        int unit = match(UNIT, UNIT_NAMES);
        if (unit < 0) {
            throw error("unknown unit '" + text(UNIT) + "', expected kWh or m³");
        }
        unit = UNIT_CODE[unit];
        if (rowKind == FluviusExport.Kind.ELECTRICITY && unit != KWH) {
            throw error("electricity in '" + text(UNIT) + "', expected kWh");
        }
        if (kind == null) {
            kind = rowKind;
            step = kind == FluviusExport.Kind.GAS ? 3600 : 900;
        } else if (kind != rowKind) {
            throw error("a " + rowKind.name().toLowerCase(Locale.ROOT) + " row in an export of "
                    + kind.name().toLowerCase(Locale.ROOT));
        }
        checkEanAndMeter();
        // which of the interval's two rows this is: import/export, or m³/kWh
        boolean isA = rowKind == FluviusExport.Kind.GAS ? unit == CUBIC_METRES : direction == IMPORT;
        long start = startEpoch(isA ? 0 : 1);
        int slot = slot(start);
        int status = column[STATUS] >= 0 ? match(STATUS, STATUS_NAMES) : -1;
        if (status < 0 && column[STATUS] >= 0 && fieldLength(STATUS) > 0) {
            throw error("unknown validation status '" + text(STATUS) + "'");
        }
        FluviusStatus fluviusStatus = status < 0 ? null : STATUSES[status / 2];
        int seen = isA ? A_SEEN : B_SEEN;
        int f = flags[slot];
        if ((f & seen) != 0) {
            throw error("a second " + text(REGISTER) + (rowKind == FluviusExport.Kind.GAS ? " " + text(UNIT) : "")
                    + " row for " + Instant.ofEpochSecond(start)
                    + ": only the hour the clock goes back in October is given twice");
        }
        f |= seen;
        long value;
        if (fieldLength(VOLUME) == 0) {
            value = 0;
            if (fluviusStatus == null || !fluviusStatus.emptyMeansZero()) {
                f |= isA ? A_MISSING : B_MISSING;
            }
        } else {
            value = thousandths();
            if (fluviusStatus == FluviusStatus.ESTIMATED) {
                f |= ESTIMATE;
            }
        }
        if (REGISTER_PERIOD[register] == NIGHT) {
            f |= isA ? A_NIGHT : B_NIGHT;
        }
        if (rowKind == FluviusExport.Kind.GAS && !isA && column[CALORIFIC] >= 0 && fieldLength(CALORIFIC) > 0) {
            int c = match(CALORIFIC, CALORIFIC_NAMES);
            if (c < 0) {
                throw error("unknown calorific value status '" + text(CALORIFIC)
                        + "', expected Voorlopig or Definitief");
            }
            f |= CALORIFIC_CODE[c] == CalorificValue.PROVISIONAL ? CALORIFIC_PROVISIONAL : CALORIFIC_FINAL;
        }
        flags[slot] = f;
        if (isA) {
            a[slot] = value;
            anyA = true;
        } else {
            b[slot] = value;
            anyB = true;
        }
    }

    private void checkEanAndMeter() {
        int s = fieldStart[field(EAN)];
        int e = fieldEnd[field(EAN)];
        // Excel's text formula ="541448820052377134", so a spreadsheet keeps the leading digits
        if (e - s >= 2 && data.get(s) == '=' && data.get(s + 1) == '"') {
            s += 2;
        } else if (e - s >= 1 && data.get(s) == '"') {
            s++;
        }
        if (e > s && data.get(e - 1) == '"') {
            e--;
        }
        if (ean == null) {
            if (e - s != 18) {
                throw error("the EAN '" + text(EAN) + "' does not have 18 digits");
            }
            for (int i = s; i < e; i++) {
                if (data.get(i) < '0' || data.get(i) > '9') {
                    throw error("the EAN '" + text(EAN) + "' does not have 18 digits");
                }
            }
            ean = bytes(s, e);
            if (column[METER] >= 0) {
                meterSerial = text(METER).trim();
            }
        } else if (!same(s, e, ean)) {
            throw error("a second EAN '" + text(EAN) + "' in an export of " + new String(ean,
                    StandardCharsets.US_ASCII) + ": one file holds one connection");
        }
    }

    /** The row's start in UTC epoch seconds; {@code series} tells the two rows of one interval apart. */
    private long startEpoch(int series) {
        int c = field(START_DATE);
        int s = fieldStart[c];
        if (fieldEnd[c] - s != 10 || !same(s, s + 10, lastDate)) {
            readDate(s, fieldEnd[c]);
        }
        int secondOfDay = timeOfDay();
        long local = dayLocalSeconds + secondOfDay;
        if (!dayChangesOffset) {
            return local - dayOffsetSeconds;
        }
        LocalDateTime wall = LocalDateTime.of(day, LocalTime.ofSecondOfDay(secondOfDay));
        List<ZoneOffset> offsets = RULES.getValidOffsets(wall);
        if (offsets.isEmpty()) {
            throw error(wall + " does not exist in Brussels: the clock goes forward an hour that night");
        }
        if (offsets.size() == 1) {
            return local - offsets.get(0).getTotalSeconds();
        }
        // the October hour given twice: the first row of a time is summer time (the larger offset), a repeat winter
        int summer = Math.max(offsets.get(0).getTotalSeconds(), offsets.get(1).getTotalSeconds());
        int winter = Math.min(offsets.get(0).getTotalSeconds(), offsets.get(1).getTotalSeconds());
        return local - (repeatedSeen.add(local * 2 + series) ? summer : winter);
    }

    private void readDate(int s, int e) {
        if (e - s != 10 || (data.get(s + 2) != '-' && data.get(s + 2) != '/') || data.get(s + 5) != data.get(s + 2)) {
            throw error("the date '" + text(START_DATE) + "' is not dd-MM-yyyy or dd/MM/yyyy");
        }
        int dd = digits(s, 2, START_DATE);
        int mm = digits(s + 3, 2, START_DATE);
        int yyyy = digits(s + 6, 4, START_DATE);
        try {
            day = LocalDate.of(yyyy, mm, dd);
        } catch (java.time.DateTimeException ex) {
            throw error("the date '" + text(START_DATE) + "' does not exist");
        }
        data.get(s, lastDate, 0, 10);
        dayLocalSeconds = day.toEpochDay() * 86400;
        int atStart = RULES.getOffset(day.atStartOfDay()).getTotalSeconds();
        int atEnd = RULES.getOffset(day.plusDays(1).atStartOfDay()).getTotalSeconds();
        dayOffsetSeconds = atStart;
        dayChangesOffset = atStart != atEnd;
        repeatedSeen.clear();
    }

    /** H:mm, HH:mm or HH:mm:ss as seconds of the day. */
    private int timeOfDay() {
        int c = field(START_TIME);
        int s = fieldStart[c];
        int e = fieldEnd[c];
        int colon = s;
        while (colon < e && data.get(colon) != ':') {
            colon++;
        }
        int hourDigits = colon - s;
        if ((hourDigits != 1 && hourDigits != 2) || (e - colon != 3 && e - colon != 6)
                || (e - colon == 6 && data.get(colon + 3) != ':')) {
            throw error("the time '" + text(START_TIME) + "' is not HH:mm:ss");
        }
        int hour = digits(s, hourDigits, START_TIME);
        int minute = digits(colon + 1, 2, START_TIME);
        int second = e - colon == 6 ? digits(colon + 4, 2, START_TIME) : 0;
        if (hour > 23 || minute > 59 || second > 59) {
            throw error("the time '" + text(START_TIME) + "' does not exist");
        }
        return hour * 3600 + minute * 60 + second;
    }

    private int digits(int s, int n, int columnForMessage) {
        int v = 0;
        for (int i = s; i < s + n; i++) {
            int d = data.get(i) - '0';
            if (d < 0 || d > 9) {
                throw error("'" + text(columnForMessage) + "' is not a "
                        + (columnForMessage == START_TIME ? "time" : "date"));
            }
            v = v * 10 + d;
        }
        return v;
    }

    private int slot(long start) {
        if (Math.floorMod(start, (long) step) != 0) {
            throw error("the interval starting " + Instant.ofEpochSecond(start) + " does not start on a "
                    + (step == 900 ? "quarter hour" : "whole hour"));
        }
        if (slots == 0) {
            base = start;
        }
        long offset = start - base;
        if (offset < 0) {
            throw error(Instant.ofEpochSecond(start) + " comes before the file's first row "
                    + Instant.ofEpochSecond(base) + ": the rows are not in time order");
        }
        if (offset > LONGEST_SPAN_SECONDS) {
            throw error(Instant.ofEpochSecond(start) + " is more than 20 years after the file's first row");
        }
        int slot = (int) (offset / step);
        if (slot >= flags.length) {
            int size = Math.max(slot + 1, flags.length * 2);
            a = Arrays.copyOf(a, size);
            b = Arrays.copyOf(b, size);
            flags = Arrays.copyOf(flags, size);
        }
        slots = Math.max(slots, slot + 1);
        return slot;
    }

    /** The volume, written with a decimal comma and up to three decimals, in thousandths: Wh or litres, exact. */
    private long thousandths() {
        int c = field(VOLUME);
        int s = fieldStart[c];
        int e = fieldEnd[c];
        long whole = 0;
        int i = s;
        int digits = 0;
        while (i < e && data.get(i) >= '0' && data.get(i) <= '9') {
            whole = whole * 10 + (data.get(i) - '0');
            i++;
            digits++;
        }
        long fraction = 0;
        int decimals = 0;
        if (i < e && (data.get(i) == ',' || data.get(i) == '.')) {
            i++;
            while (i < e && data.get(i) >= '0' && data.get(i) <= '9' && decimals < 4) {
                fraction = fraction * 10 + (data.get(i) - '0');
                i++;
                decimals++;
            }
        }
        if (i != e || digits == 0 || digits > 12) {
            throw error("the volume '" + text(VOLUME) + "' is not a number with a decimal comma");
        }
        if (decimals > 3) {
            throw error("the volume '" + text(VOLUME) + "' has more than 3 decimals, finer than a Wh or a litre");
        }
        for (int d = decimals; d < 3; d++) {
            fraction *= 10;
        }
        return whole * 1000 + fraction;
    }

    private FluviusExport result(long rows) {
        List<ClosedQuarter> quarters = new ArrayList<>(kind == FluviusExport.Kind.ELECTRICITY ? slots : 0);
        List<FluviusGasHour> hours = new ArrayList<>(kind == FluviusExport.Kind.GAS ? slots : 0);
        List<FluviusGap> gaps = new ArrayList<>();
        int wanted = (anyA ? A_SEEN : 0) | (anyB ? B_SEEN : 0);
        int estimates = 0;
        int missing = 0;
        int gapFrom = -1;
        for (int i = 0; i <= slots; i++) {
            int f = i < slots ? flags[i] : 0;
            boolean complete = i < slots && (f & wanted) == wanted && (f & (A_MISSING | B_MISSING)) == 0;
            if (!complete) {
                if (i < slots) {
                    missing++;
                    if (gapFrom < 0) {
                        gapFrom = i;
                    }
                }
                if (i == slots && gapFrom >= 0) {
                    gaps.add(gap(gapFrom, i));
                }
                continue;
            }
            if (gapFrom >= 0) {
                gaps.add(gap(gapFrom, i));
                gapFrom = -1;
            }
            boolean estimated = (f & ESTIMATE) != 0;
            if (estimated) {
                estimates++;
            }
            Instant start = Instant.ofEpochSecond(base + (long) i * step);
            if (kind == FluviusExport.Kind.ELECTRICITY) {
                long in = a[i];
                long out = b[i];
                boolean inNight = (f & A_NIGHT) != 0;
                boolean outNight = (f & B_NIGHT) != 0;
                quarters.add(new ClosedQuarter(new Quarter(start), 0, new QuarterEnergy(inNight ? 0 : in,
                        inNight ? in : 0, outNight ? 0 : out, outNight ? out : 0), estimated));
            } else {
                CalorificValue calorific = (f & CALORIFIC_FINAL) != 0 ? CalorificValue.FINAL
                        : (f & CALORIFIC_PROVISIONAL) != 0 ? CalorificValue.PROVISIONAL : CalorificValue.UNKNOWN;
                hours.add(new FluviusGasHour(start, a[i], b[i], estimated, calorific));
            }
        }
        String eanText = new String(ean, StandardCharsets.US_ASCII);
        return new FluviusExport(kind, eanText, meterSerial, quarters, hours, gaps, rows, slots - missing, estimates,
                missing, Instant.ofEpochSecond(base), Instant.ofEpochSecond(base + (long) slots * step));
    }

    private FluviusGap gap(int fromSlot, int toSlot) {
        return new FluviusGap(Instant.ofEpochSecond(base + (long) fromSlot * step),
                Instant.ofEpochSecond(base + (long) toSlot * step));
    }

    private int field(int c) {
        int f = column[c];
        if (f >= fields) {
            throw error("the row has " + fields + " fields, the header " + (f + 1) + " or more");
        }
        return f;
    }

    private int fieldLength(int c) {
        int f = field(c);
        return fieldEnd[f] - fieldStart[f];
    }

    /** Which of the names (lower-case) the field is, in any case; -1 when none. */
    private int match(int c, byte[][] names) {
        int f = field(c);
        int s = fieldStart[f];
        int n = fieldEnd[f] - s;
        for (int k = 0; k < names.length; k++) {
            byte[] name = names[k];
            if (name.length != n) {
                continue;
            }
            int i = 0;
            while (i < n && (data.get(s + i) == name[i] || (data.get(s + i) >= 'A' && data.get(s + i) <= 'Z'
                    && data.get(s + i) + 32 == name[i]))) {
                i++;
            }
            if (i == n) {
                return k;
            }
        }
        return -1;
    }

    private String text(int c) {
        int f = column[c];
        if (f < 0 || f >= fields) {
            return "";
        }
        return string(fieldStart[f], fieldEnd[f] - fieldStart[f]);
    }

    private String string(int from, int length) {
        return new String(bytes(from, from + length), StandardCharsets.UTF_8);
    }

    private byte[] bytes(int from, int to) {
        byte[] bytes = new byte[to - from];
        data.get(from, bytes, 0, bytes.length);
        return bytes;
    }

    /** Whether the bytes from..to are those of {@code expected}. */
    private boolean same(int from, int to, byte[] expected) {
        if (to - from != expected.length) {
            return false;
        }
        for (int i = 0; i < expected.length; i++) {
            if (data.get(from + i) != expected[i]) {
                return false;
            }
        }
        return true;
    }

    private FluviusFormatException error(String problem) {
        return new FluviusFormatException(lineNumber, string(lineStart, lineEnd - lineStart), problem);
    }

    private static byte[][] ascii(String... names) {
        byte[][] bytes = new byte[names.length][];
        for (int i = 0; i < names.length; i++) {
            bytes[i] = names[i].getBytes(StandardCharsets.UTF_8);
        }
        return bytes;
    }
}
