package org.meterkast.server.price;

import java.time.Instant;

/**
 * What fetching prices from the configured service has done since the server started.
 *
 * @param requests    requests sent
 * @param stored      prices stored from the answers
 * @param noData      answers without prices (ENTSO-E's "No matching data found", Energy-Charts' 404)
 * @param refused     answers 401 or 403: the token is missing, wrong or not activated
 * @param offline     requests that got no answer (no network, the service down, a timeout)
 * @param failed      other failures: another HTTP status, an unreadable document
 * @param lastStored  when prices were last stored, or null
 * @param lastProblem the last failure, in words, or null
 */
record PriceFetchCounts(String source, long requests, long stored, long noData, long refused, long offline,
                        long failed, Instant lastStored, String lastProblem) {
}
