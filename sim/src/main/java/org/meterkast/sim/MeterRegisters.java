package org.meterkast.sim;

/**
 * The meter's registers as the telegram shows them: import and export per tariff in Wh, gas and water in litres.
 */
public record MeterRegisters(long importDayWh, long importNightWh, long exportDayWh, long exportNightWh,
                             long gasLitres, long waterLitres) {
    /** A brand-new meter. */
    public static final MeterRegisters ZERO = new MeterRegisters(0, 0, 0, 0, 0, 0);

    public MeterRegisters {
        nonNegative("importDayWh", importDayWh);
        nonNegative("importNightWh", importNightWh);
        nonNegative("exportDayWh", exportDayWh);
        nonNegative("exportNightWh", exportNightWh);
        nonNegative("gasLitres", gasLitres);
        nonNegative("waterLitres", waterLitres);
    }

    /** Import, day and night together. */
    public long importedWh() {
        return importDayWh + importNightWh;
    }

    /** Export, day and night together. */
    public long exportedWh() {
        return exportDayWh + exportNightWh;
    }

    private static void nonNegative(String name, long value) {
        if (value < 0) {
            throw new IllegalArgumentException(name + " must not be negative, not " + value);
        }
    }
}
