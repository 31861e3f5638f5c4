package org.meterkast.server.operator;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * One fleet meter as the operator's page lists it: what the nodes heard of it (summed over the nodes), and the
 * address and account it belongs to, if any.
 *
 * @param meterId      the meter id in the dongle's topic, which is the meter's name in Meterkast
 * @param known        whether a meter of that name exists; false for a dongle nobody assigned yet
 * @param ean          the electricity EAN of the address holding the meter, if one does
 * @param email        the e-mail of the account that address belongs to
 * @param firstHeard   when a node first heard of it
 * @param lastTelegram the newest telegram any node took from it; null when none was good
 * @param telegrams    the telegrams taken, all nodes together
 * @param rejected     the messages refused as no telegram, all nodes together
 * @param lastProblem  the newest problem any node reported
 * @param lastProblemAt when it was reported
 * @param silent       no telegram for {@code meterkast.fleet.silent-after}
 * @param rejecting    a problem reported within {@code meterkast.fleet.silent-after}
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record FleetMeter(String meterId, boolean known, String ean, String email, Instant firstHeard, Instant lastTelegram,
                  long telegrams, long rejected, String lastProblem, Instant lastProblemAt, boolean silent,
                  boolean rejecting) {
}
