package org.meterkast.energy.capacity;

/** Where the running quarter's average offtake comes from. */
public enum DemandSource {
    /** The meter's own current average demand, {@code 1-0:1.4.0}. */
    METER,
    /** Computed from the offtake registers ({@code 1-0:1.8.1} + {@code 1-0:1.8.2}) since the quarter started. */
    REGISTERS
}
