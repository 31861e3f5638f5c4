package org.meterkast.server.control;

import java.time.Instant;
import org.meterkast.energy.control.Reason;

/**
 * One thing the control loop did or could not do, with why: what a charger was told, a policy that failed, a device
 * that did not answer.
 *
 * @param at      the cycle's time
 * @param device  the device it is about, or null for a policy's failure
 * @param action  {@code offer}, {@code pause}, {@code stop}, {@code policy-failed} or {@code device-failed}
 * @param amps    the current per phase offered (0 for a pause or a stop), A
 * @param phases  on how many phases (0 where no current is set)
 * @param policy  the policy whose command it was, or that failed; null for a device's failure and for what the
 *                household asked itself ("Stop charging")
 * @param reason  why, as the text's key and figures
 * @param outcome {@code applied}, or what went wrong applying it
 */
public record Decision(Instant at, String device, String action, double amps, int phases, String policy,
                       Reason reason, String outcome) {
}
