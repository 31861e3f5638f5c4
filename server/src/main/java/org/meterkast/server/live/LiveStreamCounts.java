package org.meterkast.server.live;

/**
 * The live streams now and since the start.
 *
 * @param open     streams open now (a dropped one counts until its connection has ended)
 * @param refused  streams refused because the account or the server had its maximum open
 * @param dropped  streams dropped because their browser did not read
 * @param revoked  streams ended because their API token was revoked or their session ended
 * @param timedOut streams ended by their time limit
 */
public record LiveStreamCounts(int open, long refused, long dropped, long revoked, long timedOut) {
}
