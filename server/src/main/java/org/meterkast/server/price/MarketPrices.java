package org.meterkast.server.price;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.meterkast.energy.price.DayAheadPrices;
import org.springframework.stereotype.Component;

/**
 * The day-ahead prices of the configured bidding zone (Belgium by default), for the features that cost energy.
 * Every location's bill needs the same prices, so the zone's whole history is kept in memory (a year is 35,040
 * longs, 280 kB) and read again after this node stores prices, or after a minute, when another node sharing the
 * database may have stored some.
 */
@Component
public class MarketPrices {
    /** How long a copy may miss prices stored by another node. */
    static final Duration FRESH = Duration.ofMinutes(1);

    private record Copy(long writes, Instant read, DayAheadPrices prices) {
    }

    private final DayAheadPriceRepository repository;
    private final String zone;
    private final Clock clock;
    private volatile Copy copy;

    MarketPrices(DayAheadPriceRepository repository, PriceSettings settings, Clock clock) {
        this.repository = repository;
        this.zone = settings.zone();
        this.clock = clock;
    }

    /**
     * The prices known for [from, to) (and the hour around {@code from}), possibly with others around them;
     * {@link DayAheadPrices#NONE} if none.
     */
    public DayAheadPrices between(Instant from, Instant to) {
        Copy known = copy;
        long writes = repository.writes();
        Instant now = clock.instant();
        if (known == null || known.writes() != writes || now.isAfter(known.read().plus(FRESH))
                || now.isBefore(known.read())) {
            known = new Copy(writes, now, repository.prices(zone, Instant.EPOCH, Instant.parse("2100-01-01T00:00:00Z")));
            copy = known;
        }
        return known.prices();
    }
}
