package org.meterkast.server.ev;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.JsonNode;

/**
 * The fields of one OCPP payload object, read with the error the standard asks for when one is wrong: a missing
 * required field is a ProtocolError (the payload is incomplete), a field of the wrong JSON type a
 * TypeConstraintViolation, a value outside what the field allows a PropertyConstraintViolation. Each message names
 * the field by its path, e.g. {@code meterValue[0].sampledValue[1].value}.
 */
final class OcppPayload {
    private final JsonNode node;
    private final String path;

    private OcppPayload(JsonNode node, String path) {
        this.node = node;
        this.path = path;
    }

    /** The payload of a call of {@code action}. */
    static OcppPayload of(JsonNode payload, String action) {
        return new OcppPayload(payload, action + ".");
    }

    /** Where this object is in its message: {@code MeterValues.meterValue[0].sampledValue[1].} */
    String path() {
        return path;
    }

    private String name(String field) {
        return path + field;
    }

    private JsonNode required(String field) throws OcppException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            throw new OcppException(OcppError.PROTOCOL_ERROR, name(field) + " is required");
        }
        return value;
    }

    String text(String field, int maxLength) throws OcppException {
        return checkedText(field, required(field), maxLength);
    }

    Optional<String> optionalText(String field, int maxLength) throws OcppException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty()
                : Optional.of(checkedText(field, value, maxLength));
    }

    private String checkedText(String field, JsonNode value, int maxLength) throws OcppException {
        if (!value.isString()) {
            throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " must be a string, not "
                    + value);
        }
        String text = value.stringValue();
        if (text.length() > maxLength) {
            throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION, name(field) + " is longer than "
                    + maxLength + " characters");
        }
        return text;
    }

    int integer(String field) throws OcppException {
        return checkedInteger(field, required(field));
    }

    Optional<Integer> optionalInteger(String field) throws OcppException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(checkedInteger(field, value));
    }

    private int checkedInteger(String field, JsonNode value) throws OcppException {
        if (!value.isIntegralNumber() || !value.canConvertToInt()) {
            throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " must be an integer, not "
                    + value);
        }
        return value.intValue();
    }

    /** A whole number that is not negative. */
    int count(String field) throws OcppException {
        int value = integer(field);
        if (value < 0) {
            throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION, name(field) + " must not be negative, "
                    + "not " + value);
        }
        return value;
    }

    /**
     * A date-time: ISO 8601 with an offset or Z (as the standard asks); one without an offset is read as UTC, as
     * some chargers send it so.
     */
    Instant instant(String field) throws OcppException {
        return checkedInstant(field, required(field));
    }

    Optional<Instant> optionalInstant(String field) throws OcppException {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? Optional.empty() : Optional.of(checkedInstant(field, value));
    }

    private Instant checkedInstant(String field, JsonNode value) throws OcppException {
        String text = checkedText(field, value, 64);
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(text).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " '" + text
                        + "' is not an ISO 8601 date-time");
            }
        }
    }

    /** A number carried as a string, as OCPP's sampled values are: {@code "1234.5"}. */
    BigDecimal decimalText(String field) throws OcppException {
        String text = text(field, 64);
        try {
            return new BigDecimal(text.strip());
        } catch (NumberFormatException e) {
            throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " '" + text
                    + "' is not a number");
        }
    }

    /** One of the values an enumeration allows, by their wire names. */
    <E extends Enum<E>> E oneOf(String field, Class<E> type, java.util.function.Function<E, String> wire)
            throws OcppException {
        return checkedOneOf(field, text(field, 64), type, wire);
    }

    <E extends Enum<E>> Optional<E> optionalOneOf(String field, Class<E> type,
                                                 java.util.function.Function<E, String> wire) throws OcppException {
        Optional<String> text = optionalText(field, 64);
        return text.isEmpty() ? Optional.empty() : Optional.of(checkedOneOf(field, text.get(), type, wire));
    }

    private <E extends Enum<E>> E checkedOneOf(String field, String text, Class<E> type,
                                               java.util.function.Function<E, String> wire) throws OcppException {
        for (E e : type.getEnumConstants()) {
            if (wire.apply(e).equals(text)) {
                return e;
            }
        }
        throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION, name(field) + " '" + text
                + "' is not one of the values it allows");
    }

    /** The object in a field. */
    OcppPayload object(String field) throws OcppException {
        JsonNode value = required(field);
        if (!value.isObject()) {
            throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " must be an object");
        }
        return new OcppPayload(value, name(field) + ".");
    }

    Optional<OcppPayload> optionalObject(String field) throws OcppException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return Optional.empty();
        }
        if (!value.isObject()) {
            throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " must be an object");
        }
        return Optional.of(new OcppPayload(value, name(field) + "."));
    }

    /** The objects in an array field; {@code atLeastOne} when the standard asks for one or more. */
    List<OcppPayload> objects(String field, boolean atLeastOne) throws OcppException {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            if (atLeastOne) {
                throw new OcppException(OcppError.PROTOCOL_ERROR, name(field) + " is required");
            }
            return List.of();
        }
        if (!value.isArray()) {
            throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + " must be an array");
        }
        if (atLeastOne && value.isEmpty()) {
            throw new OcppException(OcppError.PROTOCOL_ERROR, name(field) + " must hold at least one element");
        }
        List<OcppPayload> items = new ArrayList<>(value.size());
        for (int i = 0; i < value.size(); i++) {
            JsonNode item = value.get(i);
            if (!item.isObject()) {
                throw new OcppException(OcppError.TYPE_CONSTRAINT_VIOLATION, name(field) + "[" + i + "] must be an "
                        + "object");
            }
            items.add(new OcppPayload(item, name(field) + "[" + i + "]."));
        }
        return items;
    }
}
