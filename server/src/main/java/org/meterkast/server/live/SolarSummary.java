package org.meterkast.server.live;

import java.time.Instant;

/**
 * One reading of a meter's inverter as the live view shows it (SSE event {@code solar}).
 *
 * @param time  when it was read
 * @param watts solar production, W
 */
public record SolarSummary(Instant time, long watts) {
}
