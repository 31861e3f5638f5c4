package org.meterkast.server.price;

import java.time.Instant;
import org.meterkast.energy.price.DayAheadPrices;
import org.springframework.stereotype.Component;

/** The day-ahead prices of the configured bidding zone (Belgium by default), for the features that cost energy. */
@Component
public class MarketPrices {
    private final DayAheadPriceRepository repository;
    private final String zone;

    MarketPrices(DayAheadPriceRepository repository, PriceSettings settings) {
        this.repository = repository;
        this.zone = settings.zone();
    }

    /** The prices known for [from, to) (and the hour around {@code from}); {@link DayAheadPrices#NONE} if none. */
    public DayAheadPrices between(Instant from, Instant to) {
        return repository.prices(zone, from, to);
    }
}
