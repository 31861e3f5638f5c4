package org.meterkast.server.control;

/**
 * How the household wants one boiler (heat battery) kept.
 *
 * @param floorC     the temperature it is kept above whatever the sun does, °C
 * @param maxC       the temperature solar surplus heats it up to, °C (at most its thermostat)
 * @param legionella whether it is heated to 60 °C once a week against legionella
 */
public record BoilerPreferences(double floorC, double maxC, boolean legionella) {
    /** 45 °C at least, surplus up to 60 °C, the weekly legionella cycle on. */
    public static final BoilerPreferences DEFAULTS = new BoilerPreferences(45, 60, true);

    public BoilerPreferences {
        if (!(floorC < maxC)) {
            throw new IllegalArgumentException("floorC must be below maxC, not " + floorC + "…" + maxC);
        }
    }
}
