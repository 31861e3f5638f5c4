package org.meterkast.server.control;

import java.math.BigDecimal;
import java.time.LocalTime;
import org.meterkast.energy.control.ChargingMode;

/**
 * How the household wants one charger to charge, and the goal of its plan.
 *
 * @param mode                 the charging mode
 * @param targetSoc            the plan's target charge by the departure, %; null when not set
 * @param departure            the time of day the car leaves, Europe/Brussels; null when not set
 * @param normalUpTo           "normal charging": charge at once up to this level, %, before the plan; null when not set
 * @param batteryKwh           the car's battery, kWh; null when not entered
 * @param soc                  the car's charge now as the household entered it, %; null when not entered
 * @param consumptionKwh100Km  the car's consumption, kWh per 100 km, for the km/h and km added shown (5–60)
 */
public record ChargerPreferences(ChargingMode mode, Integer targetSoc, LocalTime departure, Integer normalUpTo,
                                 BigDecimal batteryKwh, Integer soc, BigDecimal consumptionKwh100Km) {
    /** A car's consumption when the household did not enter it: 25 kWh per 100 km. */
    public static final BigDecimal DEFAULT_CONSUMPTION = new BigDecimal("25");

    /**
     * What a charger does before the household says: charge at full power now, as it would without Meterkast
     * (the guards, such as the capacity peak, still cap it).
     */
    public static final ChargerPreferences DEFAULTS = new ChargerPreferences(ChargingMode.NOW, null, null, null, null,
            null, DEFAULT_CONSUMPTION);
}
