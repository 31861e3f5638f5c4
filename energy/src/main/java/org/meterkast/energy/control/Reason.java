package org.meterkast.energy.control;

import java.util.Map;
import java.util.Objects;

/**
 * Why a policy decided what it did, for the user: a message key of the web app's texts and the figures it names,
 * e.g. {@code ev.paused.surplusBelowMinimum} with {@code surplusW=1100, minimumW=1380, forSeconds=300}, shown as
 * "paused: 1.1 kW surplus, below the 1.4 kW minimum for 5 min".
 *
 * @param key    the text's key, the same in every language
 * @param values the figures the text names, in watts, watt-hours, seconds, percent or euro cents as the name says
 */
public record Reason(String key, Map<String, Long> values) {
    public Reason {
        Objects.requireNonNull(key, "key");
        values = Map.copyOf(values);
    }

    /** A reason without figures. */
    public static Reason of(String key) {
        return new Reason(key, Map.of());
    }

    /** A reason with figures, given as name, value, name, value… */
    public static Reason of(String key, Object... namesAndValues) {
        if (namesAndValues.length % 2 != 0) {
            throw new IllegalArgumentException("names and values come in pairs");
        }
        java.util.LinkedHashMap<String, Long> values = new java.util.LinkedHashMap<>();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            values.put((String) namesAndValues[i], ((Number) namesAndValues[i + 1]).longValue());
        }
        return new Reason(key, values);
    }
}
