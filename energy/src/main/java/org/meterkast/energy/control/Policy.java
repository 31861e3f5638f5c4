package org.meterkast.energy.control;

import java.util.List;

/**
 * A control rule: a snapshot in, commands out. A policy may remember what it saw in earlier cycles of its own
 * address (how long a surplus has lasted), always by the snapshot's time, never a clock; it talks to no device.
 * The loop runs one address's policies on one thread.
 */
public interface Policy {
    /** The policy's name in the decisions log and on the status page: {@code peak-guard}, {@code ev-mode}. */
    String name();

    /** What to do in this cycle; an empty list leaves every device as it is. */
    List<Command> decide(SiteSnapshot snapshot);
}
