package org.meterkast.energy.fluvius;

import java.util.Locale;
import java.util.Optional;

/** The validation status Fluvius gives an interval, in Dutch and English exports. */
public enum FluviusStatus {
    /** validated meter data (Dutch exports until 2024) */
    VALIDATED("gevalideerd", "validated"),
    /** read from the meter (the wording since late 2024) */
    READ("uitgelezen", "read"),
    /** estimated by Fluvius, for instance after a communication gap; may be replaced later */
    ESTIMATED("geschat", "estimated"),
    /** no consumption: an empty volume is zero */
    NO_CONSUMPTION("geen verbruik", "no consumption"),
    /** no data: an empty volume is missing, never zero */
    NO_DATA("geen gegevens", "no data"),
    /** provisional (the peak-power export and the month in progress) */
    PROVISIONAL("voorlopig", "provisional");

    private final String dutch;
    private final String english;

    FluviusStatus(String dutch, String english) {
        this.dutch = dutch;
        this.english = english;
    }

    /** Whether an empty volume with this status means zero; only {@link #NO_CONSUMPTION} does. */
    public boolean emptyMeansZero() {
        return this == NO_CONSUMPTION;
    }

    /** The status written as it is in a Dutch or English export, in any case; empty when it is not known. */
    public static Optional<FluviusStatus> find(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (FluviusStatus s : values()) {
            if (s.dutch.equals(t) || s.english.equals(t)) {
                return Optional.of(s);
            }
        }
        return Optional.empty();
    }

    /** How an English export writes it. */
    public String english() {
        return Character.toUpperCase(english.charAt(0)) + english.substring(1);
    }

    /** How a Dutch export writes it. */
    public String dutch() {
        return Character.toUpperCase(dutch.charAt(0)) + dutch.substring(1);
    }
}
