package org.meterkast.energy.price;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * One day-ahead price of the Belgian bidding zone in €/MWh (it can be negative), for [start, start + resolution);
 * the resolution is a quarter hour (the index since October 2025) or an hour.
 */
public record DayAheadPrice(Instant start, Duration resolution, BigDecimal eurPerMwh) {
    public static final Duration QUARTER = Duration.ofMinutes(15);
    public static final Duration HOUR = Duration.ofHours(1);

    public DayAheadPrice {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(resolution, "resolution");
        Objects.requireNonNull(eurPerMwh, "eurPerMwh");
        if (!resolution.equals(QUARTER) && !resolution.equals(HOUR)) {
            throw new IllegalArgumentException("a day-ahead price is per quarter hour or per hour, not " + resolution);
        }
        if (start.getNano() != 0 || Math.floorMod(start.getEpochSecond(), resolution.toSeconds()) != 0) {
            throw new IllegalArgumentException("a " + resolution + " price cannot start at " + start);
        }
    }
}
