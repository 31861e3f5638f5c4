package org.meterkast.energy.ev;

import java.time.Duration;
import java.util.Objects;

/**
 * The thresholds and delays that keep solar charging from flapping with every cloud (evcc's defaults).
 *
 * @param startMarginW   charging starts when the surplus covers the charger's minimum plus this, W (0: the minimum)
 * @param stopMarginW    it stops when the surplus falls below the minimum less this, W; a positive margin lets it
 *                       take that much from the grid rather than stop (0: stop below the minimum)
 * @param enableDelay    how long the surplus must cover the start before charging starts (1 min)
 * @param disableDelay   how long it must fall short before charging stops; meanwhile the charger holds its
 *                       minimum (3 min)
 * @param phaseUpDelay   how long the surplus must fill three phases before a switchable charger goes to three
 *                       (1 min)
 * @param phaseDownDelay how long three phases must go short before it goes to one (3 min)
 */
public record SolarSettings(long startMarginW, long stopMarginW, Duration enableDelay, Duration disableDelay,
                            Duration phaseUpDelay, Duration phaseDownDelay) {
    /** No margins; start after 1 min, stop after 3; up to three phases after 1 min, down to one after 3. */
    public static final SolarSettings DEFAULTS = new SolarSettings(0, 0, Duration.ofMinutes(1),
            Duration.ofMinutes(3), Duration.ofMinutes(1), Duration.ofMinutes(3));

    public SolarSettings {
        Objects.requireNonNull(enableDelay, "enableDelay");
        Objects.requireNonNull(disableDelay, "disableDelay");
        Objects.requireNonNull(phaseUpDelay, "phaseUpDelay");
        Objects.requireNonNull(phaseDownDelay, "phaseDownDelay");
        if (startMarginW < 0 || stopMarginW < 0) {
            throw new IllegalArgumentException("startMarginW and stopMarginW must not be negative, not "
                    + startMarginW + " and " + stopMarginW);
        }
        for (Duration d : new Duration[] {enableDelay, disableDelay, phaseUpDelay, phaseDownDelay}) {
            if (d.isNegative()) {
                throw new IllegalArgumentException("a delay must not be negative, not " + d);
            }
        }
    }
}
