package org.meterkast.server.billing;

import java.time.Instant;
import org.meterkast.energy.price.DayAheadPrices;

/** Where the bill finds the day-ahead prices of a period. */
@FunctionalInterface
public interface PriceLookup {
    DayAheadPrices between(Instant from, Instant to);
}
