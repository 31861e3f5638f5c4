package org.meterkast.sim;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneOffsetTransition;
import java.time.zone.ZoneRules;

/**
 * Local time in Europe/Brussels as plain seconds, fast: the household lives by the local clock, and the year
 * simulation asks for it millions of times.
 */
final class BrusselsTime {
    static final ZoneId ZONE = ZoneId.of("Europe/Brussels");
    static final int SECONDS_PER_DAY = 86_400;
    private static final ZoneRules RULES = ZONE.getRules();

    /** The offset between two transitions; a pure memo, so sharing it between threads changes no result. */
    private record Span(long from, long until, int offset) {
    }

    private static volatile Span span = new Span(0, 0, 0);

    private BrusselsTime() {
    }

    static int offsetSeconds(long epochSecond) {
        Span s = span;
        if (epochSecond >= s.from && epochSecond < s.until) {
            return s.offset;
        }
        Instant at = Instant.ofEpochSecond(epochSecond);
        int offset = RULES.getOffset(at).getTotalSeconds();
        ZoneOffsetTransition next = RULES.nextTransition(at);
        ZoneOffsetTransition previous = RULES.previousTransition(Instant.ofEpochSecond(epochSecond + 1));
        long from = previous == null ? Long.MIN_VALUE : previous.getInstant().getEpochSecond();
        long until = next == null ? Long.MAX_VALUE : next.getInstant().getEpochSecond();
        if (from <= epochSecond && epochSecond < until) {
            span = new Span(from, until, offset);
        }
        return offset;
    }

    /** Seconds since 1970-01-01T00:00 on the Brussels wall clock. */
    static long localSeconds(long epochSecond) {
        return epochSecond + offsetSeconds(epochSecond);
    }

    /** The epoch day of the local date. */
    static long localDay(long epochSecond) {
        return Math.floorDiv(localSeconds(epochSecond), SECONDS_PER_DAY);
    }

    /** The instant at which the local wall clock shows this second of this local day (shifted forward in a DST gap). */
    static long epochSecondOf(long localDay, long secondOfDay) {
        LocalDateTime local = LocalDateTime.ofEpochSecond(localDay * SECONDS_PER_DAY + secondOfDay, 0, ZoneOffset.UTC);
        return local.atZone(ZONE).toEpochSecond();
    }
}
