package org.meterkast.energy.smartcharging;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A household's enrolment in the programme at one address (art. 5 (ii): a new address is a new enrolment), with the
 * answers to the conditions Meterkast cannot check by itself.
 *
 * @param since                 the day the supplier confirmed the start (art. 4 (iv): "la confirmation du début")
 * @param until                 the last day of the enrolment when the household ended it (art. 5); null while it runs
 * @param vehicle               the EV it covers; null when not yet named
 * @param supplyContract        the household has the supplier's electricity contract as a consumer (art. 4 (i))
 * @param quarterHourMetering   its digital meter is read per quarter hour, SMR-3 (art. 4 (iv))
 * @param onlyThisApp           no other app steers the smart charging (art. 4 (v))
 * @param normalChargingPercent the "normal charging" level set for the EV (art. 4, second list (i)); null: not given
 * @param targetPercent         the target set for the EV's smart charging (art. 4, second list (ii)); null: not given
 */
public record Enrolment(LocalDate since, LocalDate until, Vehicle vehicle, boolean supplyContract,
                        boolean quarterHourMetering, boolean onlyThisApp, Integer normalChargingPercent,
                        Integer targetPercent) {
    public Enrolment {
        Objects.requireNonNull(since, "since");
        if (until != null && until.isBefore(since)) {
            throw new IllegalArgumentException("an enrolment cannot end (" + until + ") before it starts (" + since
                    + ")");
        }
        percent("normal charging", normalChargingPercent);
        percent("target", targetPercent);
    }

    private static void percent(String what, Integer value) {
        if (value != null && (value < 0 || value > 100)) {
            throw new IllegalArgumentException("the " + what + " level must be 0 to 100 %, not " + value);
        }
    }

    /** Whether the enrolment runs on this Brussels day. */
    public boolean covers(LocalDate day) {
        return !day.isBefore(since) && (until == null || !day.isAfter(until));
    }
}
