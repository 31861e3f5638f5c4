package org.meterkast.sim;

/** Range checks for settings, with a message that names the setting, its unit and the value given. */
public final class Ranges {
    private Ranges() {
    }

    public static void check(String name, long value, long min, long max, String unit) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must be " + min + " to " + max + " " + unit + ", not " + value);
        }
    }
}
