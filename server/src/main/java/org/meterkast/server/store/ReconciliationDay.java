package org.meterkast.server.store;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One Brussels day of a meter: the P1 quarters that Fluvius' data replaced, summed (import and export Wh), beside
 * Fluvius' sums of the same quarters.
 */
public record ReconciliationDay(LocalDate day, int quarters, long p1ImportWh, long p1ExportWh, long fluviusImportWh,
                                long fluviusExportWh) {
    public ReconciliationDay {
        Objects.requireNonNull(day, "day");
    }
}
