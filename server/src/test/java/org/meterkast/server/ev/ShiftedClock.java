package org.meterkast.server.ev;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The wall clock moved ahead by a shift the test adds to: time flows as it does, and a test lets ten minutes pass at
 * once. The server and a simulated charge point given the same one agree on the time.
 */
final class ShiftedClock extends Clock {
    private volatile Duration shift = Duration.ZERO;

    void add(Duration time) {
        shift = shift.plus(time);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(shift);
    }
}
