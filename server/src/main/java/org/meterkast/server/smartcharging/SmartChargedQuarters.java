package org.meterkast.server.smartcharging;

import java.time.Instant;
import java.util.List;
import org.meterkast.energy.smartcharging.SmartSession;

/**
 * The smart sessions at an address's home charger (charging the app steered, art. 2 "Recharge intelligente"), with
 * what each charged per quarter hour. Implemented over the charging sessions' store; until one is in the
 * application, {@link #NONE} answers.
 */
public interface SmartChargedQuarters {
    /** Answers no sessions: nothing is known to have been charged smartly. */
    SmartChargedQuarters NONE = (locationId, from, to) -> List.of();

    /**
     * The smart sessions at the address that charged in [from, to), each with its quarters in that span (quarters
     * outside it may be left in; they are ignored).
     */
    List<SmartSession> between(long locationId, Instant from, Instant to);
}
