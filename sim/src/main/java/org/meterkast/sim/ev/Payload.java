package org.meterkast.sim.ev;

import java.math.BigDecimal;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Map;

/** A call's JSON payload read field by field; a missing or mistyped field is a {@link CallError} naming it. */
record Payload(String path, Map<String, Object> fields) {

    static Payload of(String path, Object value) throws CallError {
        if (!(value instanceof Map<?, ?> map)) {
            throw CallError.type(path, "an object", value);
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> fields = (Map<String, Object>) map;
        return new Payload(path, fields);
    }

    private String name(String field) {
        return path.isEmpty() ? field : path + "." + field;
    }

    boolean has(String field) {
        return fields.get(field) != null;
    }

    String string(String field) throws CallError {
        Object v = required(field);
        if (!(v instanceof String s)) {
            throw CallError.type(name(field), "a string", v);
        }
        return s;
    }

    String optionalString(String field) throws CallError {
        return has(field) ? string(field) : null;
    }

    int integer(String field) throws CallError {
        Object v = required(field);
        if (!(v instanceof BigDecimal d)) {
            throw CallError.type(name(field), "an integer", v);
        }
        try {
            return d.intValueExact();
        } catch (ArithmeticException e) {
            throw CallError.type(name(field), "an integer", d);
        }
    }

    Integer optionalInteger(String field) throws CallError {
        return has(field) ? integer(field) : null;
    }

    BigDecimal decimal(String field) throws CallError {
        Object v = required(field);
        if (!(v instanceof BigDecimal d)) {
            throw CallError.type(name(field), "a number", v);
        }
        return d;
    }

    /** An OCPP dateTime: ISO 8601 with an offset or Z; one without is taken as UTC. */
    Instant instant(String field) throws CallError {
        String text = string(field);
        try {
            TemporalAccessor t = DateTimeFormatter.ISO_DATE_TIME.parse(text);
            return t.isSupported(ChronoField.OFFSET_SECONDS) ? Instant.from(t)
                    : java.time.LocalDateTime.from(t).toInstant(ZoneOffset.UTC);
        } catch (DateTimeException e) {
            throw CallError.type(name(field), "a date and time like 2026-03-02T18:00:00Z", text);
        }
    }

    Instant optionalInstant(String field) throws CallError {
        return has(field) ? instant(field) : null;
    }

    Payload object(String field) throws CallError {
        return of(name(field), required(field));
    }

    List<Object> list(String field) throws CallError {
        Object v = required(field);
        if (!(v instanceof List<?> l)) {
            throw CallError.type(name(field), "an array", v);
        }
        @SuppressWarnings("unchecked")
        List<Object> list = (List<Object>) l;
        return list;
    }

    /** The field's value, which must be one of {@code allowed}. */
    <E extends Enum<E>> E oneOf(String field, Class<E> type) throws CallError {
        String text = string(field);
        for (E e : type.getEnumConstants()) {
            if (e.name().equals(text)) {
                return e;
            }
        }
        throw CallError.property(name(field), "must be one of " + List.of(type.getEnumConstants()) + ", not \""
                + text + "\"");
    }

    private Object required(String field) throws CallError {
        Object v = fields.get(field);
        if (v == null) {
            throw CallError.property(name(field), "is missing");
        }
        return v;
    }
}
