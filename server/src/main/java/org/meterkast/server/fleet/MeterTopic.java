package org.meterkast.server.fleet;

import java.util.Objects;

/**
 * The dongles' topic pattern ({@code meterkast.fleet.topic}, e.g. {@code meterkast/+/p1}) both ways: the meter id a
 * topic holds at the level of the {@code +}, and the topic of one meter.
 */
public final class MeterTopic {
    private final String[] levels;
    private final int meterLevel;
    private final String pattern;

    public MeterTopic(FleetSettings settings) {
        this.pattern = Objects.requireNonNull(settings, "settings").topic();
        this.levels = pattern.split("/", -1);
        this.meterLevel = settings.meterLevel();
    }

    /** The pattern, with {@code +} for the meter id. */
    public String pattern() {
        return pattern;
    }

    /**
     * The meter id in {@code topic}, or null when the topic does not match the pattern (another level count,
     * another fixed level, or an empty id). Walks the topic once without splitting it: it runs for every telegram.
     */
    public String meterOf(String topic) {
        int start = 0;
        String meter = null;
        for (int level = 0; level < levels.length; level++) {
            int end = topic.indexOf('/', start);
            boolean last = level == levels.length - 1;
            if (last != (end < 0)) {
                return null;    // fewer or more levels than the pattern
            }
            if (end < 0) {
                end = topic.length();
            }
            if (level == meterLevel) {
                if (end == start) {
                    return null;
                }
                meter = topic.substring(start, end);
            } else if (!topic.regionMatches(start, levels[level], 0, levels[level].length())
                    || end - start != levels[level].length()) {
                return null;
            }
            start = end + 1;
        }
        return meter;
    }

    /**
     * The topic of one meter, to subscribe to it alone.
     *
     * @throws IllegalArgumentException when the id holds a character a topic level cannot ({@code / + #})
     */
    public String topicOf(String meter) {
        if (meter.isEmpty() || meter.indexOf('/') >= 0 || meter.indexOf('+') >= 0 || meter.indexOf('#') >= 0) {
            throw new IllegalArgumentException("meter id '" + meter + "' cannot stand at one level of " + pattern);
        }
        String[] topic = levels.clone();
        topic[meterLevel] = meter;
        return String.join("/", topic);
    }
}
