package org.meterkast.energy.smartcharging;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import org.meterkast.energy.quarter.Quarter;

/**
 * One smart session at the address's home charger (art. 2: "Recharge intelligente", charging the app steers): the
 * settings it ran with and what it charged per quarter hour.
 *
 * @param id                    the session's id at its charger (the OCPP transaction id)
 * @param idTag                 the OCPP id tag it started with; null when the charger gave none
 * @param normalChargingPercent the "normal charging" level it charged to at once
 * @param targetPercent         the target it charged to by the departure
 * @param quarters              the quarters it charged in, each once, in time order
 */
public record SmartSession(String id, String idTag, int normalChargingPercent, int targetPercent,
                           List<ChargedQuarter> quarters) {
    public SmartSession {
        Objects.requireNonNull(id, "id");
        if (id.isBlank()) {
            throw new IllegalArgumentException("a session needs an id");
        }
        if (normalChargingPercent < 0 || normalChargingPercent > 100 || targetPercent < 0 || targetPercent > 100) {
            throw new IllegalArgumentException("session " + id + ": levels must be 0 to 100 %, not normal "
                    + normalChargingPercent + " % and target " + targetPercent + " %");
        }
        List<ChargedQuarter> sorted = new ArrayList<>(quarters);
        sorted.sort(Comparator.comparing(ChargedQuarter::quarter));
        Set<Quarter> seen = new HashSet<>();
        for (ChargedQuarter q : sorted) {
            if (!seen.add(q.quarter())) {
                throw new IllegalArgumentException("session " + id + ": quarter " + q.quarter() + " is given twice");
            }
        }
        quarters = List.copyOf(sorted);
    }

    /** The energy of all its quarters, Wh. */
    public long wattHours() {
        long sum = 0;
        for (ChargedQuarter q : quarters) {
            sum = Math.addExact(sum, q.wattHours());
        }
        return sum;
    }
}
