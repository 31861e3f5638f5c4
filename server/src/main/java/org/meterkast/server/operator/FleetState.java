package org.meterkast.server.operator;

import java.util.Locale;

/** Which fleet meters the operator's list shows. */
enum FleetState {
    /** every meter a node heard */
    ALL,
    /** no telegram for {@code meterkast.fleet.silent-after} */
    SILENT,
    /** no meter of that name: a dongle nobody assigned yet */
    UNKNOWN,
    /** a problem reported within {@code meterkast.fleet.silent-after} */
    REJECTING;

    /** The parameter's text: all, silent, unknown, rejecting. */
    String text() {
        return name().toLowerCase(Locale.ROOT);
    }
}
