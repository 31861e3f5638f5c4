package org.meterkast.p1;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** State of the meter's breaker (disconnector), object {@code 0-0:96.3.10}. */
public enum BreakerState {
    /** 0: open; no power (e.g. prepaid credit exhausted). */
    DISCONNECTED,
    /** 1: closed; power is on. */
    CONNECTED,
    /** 2: ready for connection; the customer presses the meter's button to close it. */
    READY_FOR_CONNECTION;

    /** Each state wrapped once, by code: asked for every telegram, so neither values() nor Optional is made again. */
    private static final List<Optional<BreakerState>> BY_CODE = Arrays.stream(values()).map(Optional::of).toList();

    /** The state for a code as sent, or empty for a code this library does not know. */
    public static Optional<BreakerState> ofCode(long code) {
        return code >= 0 && code <= 2 ? BY_CODE.get((int) code) : Optional.empty();
    }

    /** The code as sent. */
    public int code() {
        return ordinal();
    }
}
