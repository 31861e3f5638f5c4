package org.meterkast.server.price;

import java.net.URI;
import java.time.Duration;
import java.time.LocalTime;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Where day-ahead prices come from, configured as {@code meterkast.prices.*}; checked when bound, so a wrong value
 * stops the start with the property's name.
 *
 * @param source            {@code none} (prices only from uploaded files), {@code entsoe} or {@code energy-charts}
 * @param entsoeToken       the ENTSO-E Transparency Platform security token; required for {@code entsoe}
 * @param entsoeUrl         the ENTSO-E web API, replaced by tests
 * @param energyChartsUrl   Energy-Charts' price API, replaced by tests
 * @param zone              the bidding zone's EIC code; Belgium by default
 * @param backfillDays      how many days before today are fetched at start when missing
 * @param publication       the Brussels time after which tomorrow's prices are asked for (published about 12:55)
 * @param initialBackoff    the first pause before asking again when prices are missing or the service is offline
 * @param maxBackoff        the longest such pause
 */
@ConfigurationProperties("meterkast.prices")
record PriceSettings(@DefaultValue("none") Source source, String entsoeToken,
                     @DefaultValue("https://web-api.tp.entsoe.eu/api") URI entsoeUrl,
                     @DefaultValue("https://api.energy-charts.info/price") URI energyChartsUrl,
                     @DefaultValue(EntsoeA44Reader.BELGIUM) String zone, @DefaultValue("30") int backfillDays,
                     @DefaultValue("13:00") LocalTime publication, @DefaultValue("5m") Duration initialBackoff,
                     @DefaultValue("1h") Duration maxBackoff) {
    static final String PREFIX = "meterkast.prices.";

    /** Energy-Charts names bidding zones by a short code, ENTSO-E by EIC. */
    private static final Map<String, String> ENERGY_CHARTS_ZONES = Map.of(
            EntsoeA44Reader.BELGIUM, "BE",
            "10YNL----------L", "NL",
            "10YFR-RTE------C", "FR",
            "10Y1001A1001A82H", "DE-LU",
            "10YAT-APG------L", "AT");

    /** Where prices are fetched from. */
    enum Source {
        NONE, ENTSOE, ENERGY_CHARTS;

        /** As the setting writes it: none, entsoe, energy-charts. */
        String key() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    PriceSettings {
        if (entsoeToken != null && entsoeToken.isBlank()) {
            entsoeToken = null;
        }
        if (source == Source.ENTSOE && entsoeToken == null) {
            throw new IllegalArgumentException(PREFIX + "entsoe-token is required when " + PREFIX
                    + "source=entsoe; ask transparency@entsoe.eu for \"Restful API access\" (see docs/PRICES.md)");
        }
        if (zone == null || zone.length() != 16) {
            throw new IllegalArgumentException(PREFIX + "zone '" + zone
                    + "' is not a 16-character EIC code such as " + EntsoeA44Reader.BELGIUM);
        }
        if (source == Source.ENERGY_CHARTS && !ENERGY_CHARTS_ZONES.containsKey(zone)) {
            throw new IllegalArgumentException(PREFIX + "zone " + zone + " has no Energy-Charts name here; known: "
                    + ENERGY_CHARTS_ZONES.keySet());
        }
        if (backfillDays < 0 || backfillDays > 366) {
            throw new IllegalArgumentException(PREFIX + "backfill-days must be 0 to 366, not " + backfillDays);
        }
        if (initialBackoff.isNegative() || initialBackoff.isZero()) {
            throw new IllegalArgumentException(PREFIX + "initial-backoff must be longer than zero");
        }
        if (maxBackoff.compareTo(initialBackoff) < 0) {
            throw new IllegalArgumentException(PREFIX + "max-backoff " + maxBackoff + " is shorter than "
                    + PREFIX + "initial-backoff " + initialBackoff);
        }
    }

    /** The zone as Energy-Charts' {@code bzn} parameter names it. */
    Optional<String> energyChartsZone() {
        return Optional.ofNullable(ENERGY_CHARTS_ZONES.get(zone));
    }

    @Override
    public String toString() {
        // never the token: settings end up in logs and failure messages
        return "PriceSettings[source=" + source + ", zone=" + zone + ", entsoeToken="
                + (entsoeToken == null ? "none" : "set") + ", backfillDays=" + backfillDays + "]";
    }
}
