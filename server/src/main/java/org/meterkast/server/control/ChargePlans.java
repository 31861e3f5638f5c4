package org.meterkast.server.control;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.energy.device.ChargerReading;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.ChargerLimits;

/**
 * The power a charger's plan gives the running quarter, for {@link org.meterkast.energy.control.ChargingMode#PLAN}:
 * {@link ChargePlanning} answers it from the planner; {@link #NONE} plans nothing.
 */
public interface ChargePlans {
    /** No plan: nothing planned in any quarter. */
    ChargePlans NONE = (charger, at) -> Power.ZERO;

    /**
     * A charger as a cycle of its address's loop saw it, with what its plan needs.
     *
     * @param meter       the address's meter
     * @param locationId  the charger's address (0 while no address shows its meter)
     * @param charger     the charger's id within its address
     * @param preferences the household's goal for it
     * @param reading     what it reported in the cycle (its session and the energy charged in it)
     * @param limits      the least and most power it charges at, on the phases it is wired for
     * @param reportedSoc the car's charge as the charger reported it, %; null when it does not report one
     * @param peakLimit   this month's capacity peak so far, never below 2.5 kW
     */
    record Seen(String meter, long locationId, String charger, ChargerPreferences preferences, ChargerReading reading,
                ChargerLimits limits, Integer reportedSoc, Power peakLimit) {
        public Seen {
            Objects.requireNonNull(meter, "meter");
            Objects.requireNonNull(charger, "charger");
            Objects.requireNonNull(preferences, "preferences");
            Objects.requireNonNull(reading, "reading");
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(peakLimit, "peakLimit");
        }
    }

    /** The power planned for the quarter containing {@code at}. */
    Power planned(Seen charger, Instant at);
}
