package org.meterkast.server.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one meter's ingest has seen since the server started.
 *
 * @param source          what the meter is read from
 * @param connected       whether the source is open now (for HTTP sources: whether the last request succeeded)
 * @param connects        times the source was opened (a polled device: answered again after failing)
 * @param disconnects     times an open source ended (the line dropped, a dongle closed the connection)
 * @param openFailures    attempts to open the source, or requests to a polled device, that failed; each is
 *                        retried after a back-off, and {@code lastProblem} says why
 * @param retryIn         the pause announced by the last failure to open, null once the source is open
 * @param telegrams       telegrams decoded
 * @param rejected        frames the framer dropped, per reason (BAD_CRC, MISSING_CRC, TRUNCATED, OVERSIZE)
 * @param garbageBytes    bytes outside any telegram that were skipped (noise, a dongle sending something else)
 * @param parseErrors     frames with a good CRC that could not be decoded
 * @param warnings        invalid values left out of decoded telegrams
 * @param unusable        telegrams without a time or one of the four energy registers
 * @param clockRefused    live telegrams refused because their time was far from the server's clock
 * @param ignoredReadings readings not later than the one before
 * @param segmentBreaks   times a register went down (meter swap or reset)
 * @param quarantined     register steps above what the connection carries, kept aside and never billed as they
 *                        were ({@code GET /api/meters/<name>/quarantine} lists them with their readings)
 * @param quartersStored  closed quarters written to the store
 * @param storeFailures   writes that failed; their quarters are kept and written with the next telegram
 * @param failures        telegrams whose handling failed otherwise; the loop went on
 * @param emptyMessages   messages (a pushed body) in which not even a broken telegram was found
 * @param unauthorized    pushed requests refused for a missing or wrong token
 * @param lastProblem     the last failure's message, or null
 * @param lastTelegramAt  when the last telegram arrived (server clock), or null
 */
public record IngestCounts(String source, boolean connected, long connects, long disconnects, long openFailures,
                           Duration retryIn, long telegrams, Map<String, Long> rejected, long garbageBytes,
                           long parseErrors,
                           long warnings, long unusable, long clockRefused, long ignoredReadings, long segmentBreaks,
                           long quarantined,
                           long quartersStored, long storeFailures, long failures, long emptyMessages,
                           long unauthorized, String lastProblem, Instant lastTelegramAt) {
    public IngestCounts {
        rejected = Map.copyOf(rejected);
    }
}
