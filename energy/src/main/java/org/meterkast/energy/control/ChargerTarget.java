package org.meterkast.energy.control;

import java.util.Objects;

/**
 * What one charger is to do after a cycle's commands are resolved: offer {@code amps} per phase on {@code phases}
 * phases (0 pauses), or end its session.
 *
 * @param device      the charger's id within its address
 * @param amps        the current per phase to offer, A, in tenths (0 = pause)
 * @param phases      1 or 3
 * @param stopSession whether the session is to end for good (then {@code amps} is 0)
 * @param reason      why, for the user: the reason of the command that set or limited the current
 * @param cause       the command whose reason this is, so the loop can name the policy behind it
 */
public record ChargerTarget(String device, double amps, int phases, boolean stopSession, Reason reason,
                            Command cause) {
    public ChargerTarget {
        Objects.requireNonNull(device, "device");
        Objects.requireNonNull(reason, "reason");
        Objects.requireNonNull(cause, "cause");
        if (amps < 0) {
            throw new IllegalArgumentException("amps must not be negative, not " + amps);
        }
        if (phases != 1 && phases != 3) {
            throw new IllegalArgumentException("phases must be 1 or 3, not " + phases);
        }
        if (stopSession && amps != 0) {
            throw new IllegalArgumentException("a session that stops is offered nothing, not " + amps + " A");
        }
    }

    /** Whether this pauses the charger (the session stays open). */
    public boolean pauses() {
        return !stopSession && amps == 0;
    }

    /** Whether the charger is told the same thing: same current, phases and stop, whatever the reason. */
    public boolean sameSettingAs(ChargerTarget other) {
        return other != null && device.equals(other.device) && amps == other.amps && phases == other.phases
                && stopSession == other.stopSession;
    }
}
