package org.meterkast.server.advice;

import java.time.YearMonth;
import java.util.List;
import org.meterkast.energy.advice.StorageSaving;

/**
 * Where the advice reads what the control of an address's home battery or boiler saved in a month. The feature that
 * keeps the history of those devices provides it as a bean; without one (no such history kept), the advice has no
 * piece on storage.
 */
public interface StorageHistory {
    /**
     * The month's saving of each battery and boiler at the location (whose meter is {@code meter}) that has a
     * history; empty when none has.
     */
    List<StorageSaving> savings(long locationId, String meter, YearMonth month);
}
