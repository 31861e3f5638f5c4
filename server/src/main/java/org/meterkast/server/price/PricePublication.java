package org.meterkast.server.price;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.meterkast.energy.price.DayAheadPrice;

/**
 * What one price document holds: the day-ahead prices of the zone, in both resolutions as published, or none and
 * the reason the publisher gave (ENTSO-E's acknowledgement "No matching data found…").
 *
 * @param format   where the document comes from: {@link #ENTSOE_A44} or {@link #ENERGY_CHARTS}
 * @param noData   the publisher's reason when it had no prices; null when it had some, or simply sent none
 */
record PricePublication(String format, List<DayAheadPrice> prices, String noData) {
    static final String ENTSOE_A44 = "entsoe-a44";
    static final String ENERGY_CHARTS = "energy-charts";

    PricePublication {
        Objects.requireNonNull(format, "format");
        prices = List.copyOf(prices);
    }

    static PricePublication of(String format, List<DayAheadPrice> prices) {
        return new PricePublication(format, prices, null);
    }

    static PricePublication noData(String format, String reason) {
        return new PricePublication(format, List.of(), reason);
    }

    Optional<String> noDataReason() {
        return Optional.ofNullable(noData);
    }
}
