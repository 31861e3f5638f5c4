package org.meterkast.server.control;

import java.time.Instant;
import org.meterkast.energy.control.Reason;

/**
 * One thing the control loop did or could not do, with why: what a charger, a battery or a boiler was told, a policy
 * that failed, a device that did not answer.
 *
 * @param at      the cycle's time
 * @param device  the device it is about, or null for a policy's failure
 * @param action  a charger's {@code offer}, {@code pause} or {@code stop}; a battery's {@code charge}, {@code discharge},
 *                {@code hold} or {@code release}; a boiler's {@code heat} or {@code off}; {@code policy-failed} or
 *                {@code device-failed}
 * @param amps    the current per phase offered (0 for a pause or a stop), A
 * @param phases  on how many phases (0 where no current is set)
 * @param policy  the policy whose command it was, or that failed; null for a device's failure and for what the
 *                household asked itself ("Stop charging")
 * @param reason  why, as the text's key and figures
 * @param outcome {@code applied}, or what went wrong applying it
 * @param watts   the power a battery or boiler was told (a battery's by its sign: positive charging), W; 0 otherwise
 */
public record Decision(Instant at, String device, String action, double amps, int phases, String policy,
                       Reason reason, String outcome, long watts) {
    /** A decision about a charger, or one that sets no power. */
    public Decision(Instant at, String device, String action, double amps, int phases, String policy, Reason reason,
                    String outcome) {
        this(at, device, action, amps, phases, policy, reason, outcome, 0);
    }
}
