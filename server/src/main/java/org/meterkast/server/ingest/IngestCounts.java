package org.meterkast.server.ingest;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;

/**
 * What one meter's ingest has seen since the server started.
 *
 * @param telegrams       telegrams decoded
 * @param rejected        frames the framer dropped, per reason (BAD_CRC, MISSING_CRC, TRUNCATED, OVERSIZE)
 * @param parseErrors     frames with a good CRC that could not be decoded
 * @param warnings        invalid values left out of decoded telegrams
 * @param unusable        telegrams without a time or one of the four energy registers
 * @param ignoredReadings readings not later than the one before
 * @param segmentBreaks   times a register went down (meter swap or reset)
 * @param quartersStored  closed quarters written to the store
 * @param storeFailures   writes that failed; their quarters are kept and written with the next telegram
 * @param failures        telegrams whose handling failed otherwise; the loop went on
 * @param lastProblem     the last failure's message, or null
 * @param lastTelegramAt  when the last telegram arrived (server clock), or null
 * @param opens           times the source was opened (a connection made, a subscription acknowledged)
 * @param openFailures    times opening it failed; each is tried again after {@code retryIn}
 * @param disconnects     times an open source ended or was lost
 * @param retryIn         the pause announced by the last failure to open, null once the source is open
 */
public record IngestCounts(String source, boolean connected, long telegrams, Map<String, Long> rejected,
                           long parseErrors, long warnings, long unusable, long ignoredReadings, long segmentBreaks,
                           long quartersStored, long storeFailures, long failures, String lastProblem,
                           Instant lastTelegramAt, long opens, long openFailures, long disconnects,
                           Duration retryIn) {
    public IngestCounts {
        rejected = Map.copyOf(rejected);
    }
}
