package org.meterkast.server.ev;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Locale;
import java.util.Optional;

/**
 * One sampled value of a MeterValues message in the units this server keeps: energy in Wh, power in W, current in
 * A, state of charge in percent. Chargers differ: some send kWh or kW, some leave out the measurand (it is then the
 * energy import register, as the standard says), some the unit (then the measurand's default).
 *
 * @param measurand what it measures
 * @param phase     L1, L2 or L3 for a per-phase value (1, 2, 3); 0 for the whole charger or a phase not told
 * @param value     the value in Wh, W, A or %, as exact as the charger sent it
 */
record MeterSample(Measurand measurand, int phase, BigDecimal value) {
    private static final BigDecimal THOUSAND = BigDecimal.valueOf(1000);

    /**
     * Normalises a sampled value. A unit that does not fit the measurand (kW for an energy register) is refused
     * with the field's name; an unknown unit too.
     */
    static MeterSample of(Measurand measurand, String phase, String unit, BigDecimal value, String field)
            throws OcppException {
        BigDecimal normal = switch (measurand) {
            case ENERGY_ACTIVE_IMPORT_REGISTER, ENERGY_ACTIVE_EXPORT_REGISTER, ENERGY_ACTIVE_IMPORT_INTERVAL,
                 ENERGY_ACTIVE_EXPORT_INTERVAL -> scaled(unit, "Wh", "kWh", value, measurand, field);
            case POWER_ACTIVE_IMPORT, POWER_ACTIVE_EXPORT, POWER_OFFERED -> scaled(unit, "W", "kW", value, measurand,
                    field);
            case CURRENT_IMPORT, CURRENT_EXPORT, CURRENT_OFFERED -> scaled(unit, "A", null, value, measurand, field);
            case SOC -> scaled(unit, "Percent", null, value, measurand, field);
            default -> value;       // kept as sent: nothing here reads them
        };
        return new MeterSample(measurand, phaseNumber(phase), normal);
    }

    private static BigDecimal scaled(String unit, String base, String kilo, BigDecimal value, Measurand measurand,
                                     String field) throws OcppException {
        if (unit == null || unit.equals(base)) {
            return value;
        }
        if (unit.equals(kilo)) {
            return value.multiply(THOUSAND);
        }
        throw new OcppException(OcppError.PROPERTY_CONSTRAINT_VIOLATION, field + "unit '" + unit + "' does not measure "
                + measurand.wire() + " (expected " + base + (kilo == null ? "" : " or " + kilo) + ")");
    }

    /** L1, L2, L3, and their variants to neutral (L1-N) or to the next phase (L1-L2), as 1, 2, 3; else 0. */
    private static int phaseNumber(String phase) {
        if (phase == null || phase.length() < 2 || phase.charAt(0) != 'L') {
            return 0;
        }
        return switch (phase.charAt(1)) {
            case '1' -> 1;
            case '2' -> 2;
            case '3' -> 3;
            default -> 0;
        };
    }

    /** The value rounded to a whole number (Wh, W). */
    long whole() {
        return value.setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /** The value as a double, for amps and percentages shown to people. */
    double approximate() {
        return value.doubleValue();
    }

    Optional<String> phaseName() {
        return phase == 0 ? Optional.empty() : Optional.of(String.format(Locale.ROOT, "L%d", phase));
    }
}
