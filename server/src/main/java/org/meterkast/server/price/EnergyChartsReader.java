package org.meterkast.server.price;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.meterkast.energy.price.DayAheadPrice;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads the answer of Energy-Charts' {@code /price} (Fraunhofer ISE, CC BY 4.0): two arrays of the same length,
 * {@code unix_seconds} (each price's start) and {@code price} (€/MWh, null where none is known), and a
 * {@code unit} of "EUR / MWh". The resolution is not stated: it is the step between the timestamps, 900 s since
 * the 15-minute market of October 2025 and 3600 s before it. Null prices are skipped.
 */
class EnergyChartsReader {
    // floats as BigDecimal straight from the text: 73.24 stays 73.24, never a double on the way
    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS).build();

    PricePublication read(InputStream in) {
        JsonNode root;
        try {
            root = JSON.readTree(in);
        } catch (JacksonException e) {
            throw new PriceFormatException("Energy-Charts document: not JSON: " + e.getOriginalMessage(), e);
        }
        if (root == null || !root.isObject()) {
            throw new PriceFormatException("Energy-Charts document: expected a JSON object with unix_seconds and price");
        }
        JsonNode unit = root.get("unit");
        if (unit != null && !unit.isNull() && !unit.asString().replace(" ", "").equalsIgnoreCase("EUR/MWh")) {
            throw new PriceFormatException("Energy-Charts document: unit '" + unit.asString() + "', expected 'EUR / MWh'");
        }
        JsonNode seconds = array(root, "unix_seconds");
        JsonNode price = array(root, "price");
        if (seconds.size() != price.size()) {
            throw new PriceFormatException("Energy-Charts document: " + seconds.size() + " unix_seconds but "
                    + price.size() + " prices");
        }
        long[] starts = new long[seconds.size()];
        for (int i = 0; i < starts.length; i++) {
            JsonNode s = seconds.get(i);
            if (!s.isIntegralNumber()) {
                throw new PriceFormatException("Energy-Charts document: unix_seconds[" + i + "] is " + s
                        + ", not a whole number of seconds");
            }
            starts[i] = s.longValue();
            if (i > 0 && starts[i] <= starts[i - 1]) {
                throw new PriceFormatException("Energy-Charts document: unix_seconds[" + i + "] " + starts[i]
                        + " does not come after " + starts[i - 1]);
            }
        }
        if (starts.length == 0) {
            return PricePublication.of(PricePublication.ENERGY_CHARTS, List.of());
        }
        Duration step = step(starts);
        List<DayAheadPrice> prices = new ArrayList<>(starts.length);
        for (int i = 0; i < starts.length; i++) {
            JsonNode p = price.get(i);
            if (p.isNull()) {
                continue;       // not known (yet): nothing to store
            }
            if (!p.isNumber()) {
                throw new PriceFormatException("Energy-Charts document: price[" + i + "] is " + p + ", not a number");
            }
            BigDecimal value = p.decimalValue();
            try {
                prices.add(new DayAheadPrice(Instant.ofEpochSecond(starts[i]), step, value));
            } catch (IllegalArgumentException e) {
                throw new PriceFormatException("Energy-Charts document: unix_seconds[" + i + "]: " + e.getMessage());
            }
        }
        return PricePublication.of(PricePublication.ENERGY_CHARTS, prices);
    }

    private static JsonNode array(JsonNode root, String name) {
        JsonNode node = root.get(name);
        if (node == null || !node.isArray()) {
            throw new PriceFormatException("Energy-Charts document: '" + name + "' is missing or not an array");
        }
        return node;
    }

    /** The resolution: the smallest step between timestamps; a gap of several steps is missing prices. */
    private static Duration step(long[] starts) {
        if (starts.length == 1) {
            // one timestamp gives no step: a quarter start that is not on the hour can only be a quarter
            return starts[0] % 3600 == 0 ? DayAheadPrice.HOUR : DayAheadPrice.QUARTER;
        }
        long step = Long.MAX_VALUE;
        for (int i = 1; i < starts.length; i++) {
            step = Math.min(step, starts[i] - starts[i - 1]);
        }
        if (step != 900 && step != 3600) {
            throw new PriceFormatException("Energy-Charts document: timestamps " + step
                    + " s apart, expected 900 (quarter hours) or 3600 (hours)");
        }
        for (int i = 1; i < starts.length; i++) {
            if ((starts[i] - starts[i - 1]) % step != 0) {
                throw new PriceFormatException("Energy-Charts document: unix_seconds[" + i + "] is "
                        + (starts[i] - starts[i - 1]) + " s after the one before, not a multiple of " + step);
            }
        }
        return Duration.ofSeconds(step);
    }
}
