package org.meterkast.sim;

/**
 * Tap water, drawn in realistic draws: showers, toilet flushes, taps, the washing machine and dishwasher.
 *
 * @param litresPerDay the household's average day (about 100 l a person in Flanders)
 */
public record WaterSettings(long litresPerDay) {
    /** 300 l a day: three people. */
    public static final WaterSettings DEFAULT = new WaterSettings(300);

    public WaterSettings {
        Ranges.check("litresPerDay", litresPerDay, 20, 3_000, "l");
    }
}
