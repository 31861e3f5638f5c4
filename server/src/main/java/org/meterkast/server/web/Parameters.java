package org.meterkast.server.web;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/** The API's time parameters, read and checked the same way by every endpoint; a bad one answers 400 naming it. */
public final class Parameters {
    /** Dates in the API are Brussels dates. */
    public static final ZoneId BRUSSELS = ZoneId.of("Europe/Brussels");
    /** About ten years: a bound on one answer's work, not on what is kept. */
    public static final Duration LONGEST_RANGE = Duration.ofDays(3700);

    private Parameters() {
    }

    /** A Brussels date ({@code 2026-01-31}: its local midnight) or an ISO instant ({@code 2026-01-30T23:00:00Z}). */
    public static Instant instantOrDate(String parameter, String value) {
        if (value == null) {
            throw new BadParameterException(parameter, "error.parameter.required", parameter);
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(BRUSSELS).toInstant()
                    : Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadParameterException(parameter, "error.parameter.not-date", parameter, value);
        }
    }

    /** A period [from, to) read from two parameters, checked. */
    public record Period(Instant from, Instant to) {
    }

    /** The period named by {@code from} and {@code to} (dates or instants), checked by {@link #checkRange}. */
    public static Period period(String from, String to, Duration longest) {
        Period period = new Period(instantOrDate("from", from), instantOrDate("to", to));
        checkRange(period.from(), period.to(), longest);
        return period;
    }

    /** Checks that {@code to} is after {@code from} and at most {@code longest} later. */
    public static void checkRange(Instant from, Instant to, Duration longest) {
        if (!to.isAfter(from)) {
            throw new BadParameterException("to", "error.range.empty", from.toString(), to.toString());
        }
        if (Duration.between(from, to).compareTo(longest) > 0) {
            throw new BadParameterException("to", "error.range.too-long", from.toString(), to.toString(),
                    Long.toString(longest.toDays()));
        }
    }
}
