package org.meterkast.server.operator;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.location.Ean;

/**
 * A file assigning fleet meters to accounts, as an operator exports it from a spreadsheet: a header
 * {@code meter_id,ean,email} (in any order; {@code ;} between fields as Excel with Belgian settings writes it, or
 * {@code ,}), then one meter a line; UTF-8 with or without a byte order mark, fields optionally in double quotes.
 * Reading it checks what each line says on its own; {@link FleetAssignments} checks it against the accounts and
 * addresses.
 */
final class AssignmentFile {
    /** 10,000 lines of 60 to 100 bytes: a whole fleet's first assignment fits, with room for long e-mails. */
    static final int MAX_BYTES = 2 * 1024 * 1024;
    /** Lines after the header; a larger fleet is assigned in several files, each all-or-nothing. */
    static final int MAX_LINES = 10_000;
    static final List<String> COLUMNS = List.of("meter_id", "ean", "email");

    /** One line that reads well: the meter's id, the EAN's 18 digits, the e-mail in lower case. */
    record Line(int number, String meterId, String ean, String email) {
    }

    /**
     * What is wrong with a line (1 is the header, 0 the file as a whole), in which column (null: the whole line), as
     * a message key of messages*.properties with its arguments.
     */
    record Problem(int line, String column, String code, List<String> arguments) {
        Problem(int line, String column, String code, String... arguments) {
            this(line, column, code, List.of(arguments));
        }
    }

    /** The file's good lines and the problems of the others; a file with any problem stores nothing. */
    record Read(List<Line> lines, List<Problem> problems) {
    }

    private AssignmentFile() {
    }

    static Read read(byte[] bytes) {
        List<Problem> problems = new ArrayList<>();
        if (bytes.length > MAX_BYTES) {
            return fileProblem("fleet.file.too-large", Integer.toString(MAX_BYTES));
        }
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return fileProblem("fleet.file.not-utf8");
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] rows = text.split("\r\n|\n|\r", -1);
        int header = 0;
        while (header < rows.length && rows[header].isBlank()) {
            header++;
        }
        if (header == rows.length) {
            return fileProblem("fleet.file.empty");
        }
        char separator = rows[header].indexOf(';') >= 0 ? ';' : ',';
        List<String> names = fields(rows[header], separator).orElse(List.of()).stream()
                .map(n -> n.strip().toLowerCase(Locale.ROOT)).toList();
        if (names.size() != COLUMNS.size() || !names.containsAll(COLUMNS)) {
            problems.add(new Problem(header + 1, null, "fleet.file.header", rows[header].strip()));
            return new Read(List.of(), problems);
        }
        long count = 0;
        for (int i = header + 1; i < rows.length; i++) {
            if (!rows[i].isBlank() && ++count > MAX_LINES) {
                return fileProblem("fleet.file.too-many-lines", Integer.toString(MAX_LINES));
            }
        }
        List<Line> lines = new ArrayList<>();
        for (int i = header + 1; i < rows.length; i++) {
            if (rows[i].isBlank()) {
                continue;
            }
            int number = i + 1;
            Optional<List<String>> read = fields(rows[i], separator);
            if (read.isEmpty()) {
                problems.add(new Problem(number, null, "fleet.line.quote"));
                continue;
            }
            List<String> values = read.get();
            if (values.size() != COLUMNS.size()) {
                problems.add(new Problem(number, null, "fleet.line.fields", Integer.toString(values.size()),
                        String.valueOf(separator)));
                continue;
            }
            Map<String, String> byName = Map.of(names.get(0), values.get(0).strip(), names.get(1),
                    values.get(1).strip(), names.get(2), values.get(2).strip());
            int before = problems.size();
            String meter = meterId(number, byName.get("meter_id"), problems);
            String ean = ean(number, byName.get("ean"), problems);
            String email = email(number, byName.get("email"), problems);
            if (problems.size() == before) {
                lines.add(new Line(number, meter, ean, email));
            }
        }
        if (lines.isEmpty() && problems.isEmpty()) {
            return fileProblem("fleet.file.no-lines");
        }
        return new Read(lines, problems);
    }

    private static Read fileProblem(String code, String... arguments) {
        return new Read(List.of(), List.of(new Problem(0, null, code, arguments)));
    }

    /** The topic level that names the meter: what the dongle publishes under, and the meter's name here. */
    private static String meterId(int line, String text, List<Problem> problems) {
        if (text.isEmpty()) {
            problems.add(new Problem(line, "meter_id", "fleet.meter.missing"));
        } else if (!text.matches("[A-Za-z0-9_-]{1,64}")) {
            problems.add(new Problem(line, "meter_id", "fleet.meter.invalid", text));
        }
        return text;
    }

    /** An address's electricity EAN, checked as the address form checks it, and a Belgian electricity one (541…). */
    private static String ean(int line, String text, List<Problem> problems) {
        if (text.isEmpty()) {
            problems.add(new Problem(line, "ean", "fleet.ean.missing"));
            return text;
        }
        Ean ean;
        try {
            ean = Ean.parse(text);
        } catch (Ean.InvalidEanException e) {
            problems.add(new Problem(line, "ean",
                    "error.ean." + e.problem().name().toLowerCase(Locale.ROOT).replace('_', '-'), e.input(),
                    Integer.toString(e.expectedCheckDigit())));
            return text;
        }
        if (ean.kind() == Ean.Kind.GAS) {
            problems.add(new Problem(line, "ean", "location.ean.not-electricity", ean.digits()));
        } else if (!ean.digits().startsWith("541")) {
            problems.add(new Problem(line, "ean", "fleet.ean.not-electricity", ean.digits()));
        }
        return ean.digits();
    }

    private static String email(int line, String text, List<Problem> problems) {
        String email = text.toLowerCase(Locale.ROOT);
        int at = email.indexOf('@');
        if (email.isEmpty()) {
            problems.add(new Problem(line, "email", "fleet.email.missing"));
        } else if (at <= 0 || at != email.lastIndexOf('@') || at == email.length() - 1 || email.length() > 254
                || email.chars().anyMatch(Character::isWhitespace)) {
            problems.add(new Problem(line, "email", "fleet.email.invalid", text));
        }
        return email;
    }

    /** The fields of one line; a field in double quotes may hold the separator, and "" stands for one quote. */
    static Optional<List<String>> fields(String row, char separator) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < row.length(); i++) {
            char c = row.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < row.length() && row.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    field.append(c);
                }
            } else if (c == '"' && field.toString().isBlank()) {
                quoted = true;
                field.setLength(0);
            } else if (c == separator) {
                fields.add(field.toString());
                field.setLength(0);
            } else {
                field.append(c);
            }
        }
        if (quoted) {
            return Optional.empty();
        }
        fields.add(field.toString());
        return Optional.of(fields);
    }
}
