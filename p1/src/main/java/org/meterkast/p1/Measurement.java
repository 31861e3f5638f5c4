package org.meterkast.p1;

/**
 * The single-valued numeric objects of a telegram, declared as data: OBIS code, unit as sent, and the
 * exact fixed-point unit in which the value is kept (one thousandth of the sent unit for quantities,
 * so kWh become Wh, kW become W, V become mV and A become mA).
 */
public enum Measurement {
    /** Energy imported on tariff 1 (Belgium: day; the Netherlands: low/night), Wh. */
    ENERGY_IMPORTED_TARIFF_1(1, 0, 1, 8, 1, "kWh"),
    /** Energy imported on tariff 2 (Belgium: night; the Netherlands: normal/day), Wh. */
    ENERGY_IMPORTED_TARIFF_2(1, 0, 1, 8, 2, "kWh"),
    /** Energy exported on tariff 1, Wh. */
    ENERGY_EXPORTED_TARIFF_1(1, 0, 2, 8, 1, "kWh"),
    /** Energy exported on tariff 2, Wh. */
    ENERGY_EXPORTED_TARIFF_2(1, 0, 2, 8, 2, "kWh"),
    /** Tariff indicator as sent (1 or 2); see {@link Telegram#tariff()} for its meaning per dialect. */
    TARIFF_INDICATOR(0, 0, 96, 14, 0, null),
    /** Total power imported now, W. */
    POWER_IMPORTED(1, 0, 1, 7, 0, "kW"),
    /** Total power exported now, W. */
    POWER_EXPORTED(1, 0, 2, 7, 0, "kW"),
    /** Running average import power of the current quarter hour (Belgium, capacity tariff), W. */
    CURRENT_AVERAGE_DEMAND(1, 0, 1, 4, 0, "kW"),
    /** Power imported on phase L1, W. */
    POWER_IMPORTED_L1(1, 0, 21, 7, 0, "kW"),
    /** Power imported on phase L2, W. */
    POWER_IMPORTED_L2(1, 0, 41, 7, 0, "kW"),
    /** Power imported on phase L3, W. */
    POWER_IMPORTED_L3(1, 0, 61, 7, 0, "kW"),
    /** Power exported on phase L1, W. */
    POWER_EXPORTED_L1(1, 0, 22, 7, 0, "kW"),
    /** Power exported on phase L2, W. */
    POWER_EXPORTED_L2(1, 0, 42, 7, 0, "kW"),
    /** Power exported on phase L3, W. */
    POWER_EXPORTED_L3(1, 0, 62, 7, 0, "kW"),
    /** Voltage on phase L1, mV. */
    VOLTAGE_L1(1, 0, 32, 7, 0, "V"),
    /** Voltage on phase L2, mV (some 3 x 230 V meters send 0). */
    VOLTAGE_L2(1, 0, 52, 7, 0, "V"),
    /** Voltage on phase L3, mV. */
    VOLTAGE_L3(1, 0, 72, 7, 0, "V"),
    /** Current on phase L1, mA. */
    CURRENT_L1(1, 0, 31, 7, 0, "A"),
    /** Current on phase L2, mA. */
    CURRENT_L2(1, 0, 51, 7, 0, "A"),
    /** Current on phase L3, mA. */
    CURRENT_L3(1, 0, 71, 7, 0, "A"),
    /** Breaker (disconnector) state code: 0 disconnected, 1 connected, 2 ready for connection. */
    BREAKER_STATE(0, 0, 96, 3, 10, null),
    /** Limiter threshold, W; 999.9 kW (99.999 kW in e-MUCS 2.1) means no limit. */
    LIMITER_THRESHOLD(0, 0, 17, 0, 0, "kW"),
    /** Fuse supervision threshold on L1, mA; 999 A means none. */
    FUSE_THRESHOLD_L1(1, 0, 31, 4, 0, "A"),
    /** Fuse supervision threshold on L2, mA. */
    FUSE_THRESHOLD_L2(1, 0, 51, 4, 0, "A"),
    /** Fuse supervision threshold on L3, mA. */
    FUSE_THRESHOLD_L3(1, 0, 71, 4, 0, "A"),
    /** Number of power failures in any phase (Dutch DSMR). */
    POWER_FAILURES(0, 0, 96, 7, 21, null),
    /** Number of long power failures in any phase (Dutch DSMR). */
    LONG_POWER_FAILURES(0, 0, 96, 7, 9, null),
    /** Number of voltage sags on L1 (Dutch DSMR). */
    VOLTAGE_SAGS_L1(1, 0, 32, 32, 0, null),
    /** Number of voltage sags on L2 (Dutch DSMR). */
    VOLTAGE_SAGS_L2(1, 0, 52, 32, 0, null),
    /** Number of voltage sags on L3 (Dutch DSMR). */
    VOLTAGE_SAGS_L3(1, 0, 72, 32, 0, null),
    /** Number of voltage swells on L1 (Dutch DSMR). */
    VOLTAGE_SWELLS_L1(1, 0, 32, 36, 0, null),
    /** Number of voltage swells on L2 (Dutch DSMR). */
    VOLTAGE_SWELLS_L2(1, 0, 52, 36, 0, null),
    /** Number of voltage swells on L3 (Dutch DSMR). */
    VOLTAGE_SWELLS_L3(1, 0, 72, 36, 0, null);

    private static final Measurement[] VALUES = values();

    private final ObisCode code;
    private final String unit;

    Measurement(int a, int b, int c, int d, int e, String unit) {
        this.code = ObisCode.of(a, b, c, d, e);
        this.unit = unit;
    }

    /** The OBIS code of this object. */
    public ObisCode code() {
        return code;
    }

    /** The unit as the meter sends it, or {@code null} for a plain count or code. */
    public String unit() {
        return unit;
    }

    /** Decimal places between the sent unit and the kept unit: 3 for quantities, 0 for counts and codes. */
    public int scale() {
        return unit == null ? 0 : 3;
    }

    /** Open-addressing index from {@link ObisCode#key()} to measurement, so lookup costs one or two probes. */
    private static final Measurement[] INDEX = new Measurement[128];

    static {
        for (Measurement m : VALUES) {
            int slot = slot(m.code.key());
            while (INDEX[slot] != null) {
                slot = (slot + 1) & (INDEX.length - 1);
            }
            INDEX[slot] = m;
        }
    }

    private static int slot(int key) {
        return (key * 0x9E3779B9) >>> 25;
    }

    /** The measurement whose code has this {@link ObisCode#key()} and channel 0, or {@code null}. */
    static Measurement find(int key) {
        for (int slot = slot(key); ; slot = (slot + 1) & (INDEX.length - 1)) {
            Measurement m = INDEX[slot];
            if (m == null || m.code.key() == key) {
                return m;
            }
        }
    }

    static Measurement byOrdinal(int ordinal) {
        return VALUES[ordinal];
    }
}
