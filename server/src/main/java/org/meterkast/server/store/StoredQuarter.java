package org.meterkast.server.store;

import java.util.Objects;
import org.meterkast.energy.quarter.ClosedQuarter;

/**
 * A stored quarter with the meter's own view beside ours.
 *
 * @param meterDemandW the last current average demand (1-0:1.4.0) the meter showed in the quarter, in W; null
 *                     when no telegram of the quarter carried one
 */
public record StoredQuarter(ClosedQuarter quarter, Long meterDemandW) {
    public StoredQuarter {
        Objects.requireNonNull(quarter, "quarter");
    }
}
