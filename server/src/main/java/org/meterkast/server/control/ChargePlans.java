package org.meterkast.server.control;

import java.time.Instant;
import org.meterkast.energy.device.Power;

/**
 * The power a charger's plan gives the running quarter, for {@link org.meterkast.energy.control.ChargingMode#PLAN}:
 * the planner answers it as a Spring bean; without one, no quarter is planned.
 */
public interface ChargePlans {
    /** No plan: nothing planned in any quarter. */
    ChargePlans NONE = (locationId, charger, preferences, at) -> Power.ZERO;

    /**
     * The power planned for the quarter containing {@code at}.
     *
     * @param locationId  the charger's address (0 while no address shows its meter)
     * @param charger     the charger's id within its address
     * @param preferences the household's goal for it
     */
    Power planned(long locationId, String charger, ChargerPreferences preferences, Instant at);
}
