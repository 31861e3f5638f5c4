package org.meterkast.server.fluvius;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;

/**
 * An import as the API shows it.
 *
 * @param rowsRead    data rows read so far; with {@code bytesRead} of {@code totalBytes} while the file is read
 * @param quarters    electricity quarters (or gas hours) with a value in the file
 * @param changed     how many of those were written or changed in the store; an identical re-import changes none
 * @param missing     intervals between {@code first} and {@code last} with no value in the file: gaps
 * @param estimates   intervals Fluvius estimated
 * @param first       the start of the file's first interval
 * @param last        the end of its last
 * @param error       why it failed, in the language asked for
 * @param errorLine   the line of the file that is to blame (1 = the header), when one is
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
record ImportView(String id, String meter, String state, Instant started, long bytesRead, long totalBytes,
                  long rowsRead, String kind, String ean, String meterSerial, Integer quarters, Integer changed,
                  Integer missing, Integer estimates, Instant first, Instant last, String error, Integer errorLine) {
}
