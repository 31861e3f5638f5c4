package org.meterkast.server.fluvius;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import org.meterkast.server.store.ReconciliationDay;

/**
 * A Brussels day's P1 quarters beside Fluvius' for the same quarters, in kWh; the difference is P1 minus Fluvius,
 * its percentage of Fluvius' figure (null when Fluvius' is zero).
 */
record ReconciliationView(LocalDate day, int quarters, BigDecimal p1ImportKwh, BigDecimal fluviusImportKwh,
                          BigDecimal importDifferenceKwh, BigDecimal importDifferencePercent, BigDecimal p1ExportKwh,
                          BigDecimal fluviusExportKwh, BigDecimal exportDifferenceKwh,
                          BigDecimal exportDifferencePercent) {

    static ReconciliationView of(ReconciliationDay d) {
        return new ReconciliationView(d.day(), d.quarters(), kwh(d.p1ImportWh()), kwh(d.fluviusImportWh()),
                kwh(d.p1ImportWh() - d.fluviusImportWh()), percent(d.p1ImportWh(), d.fluviusImportWh()),
                kwh(d.p1ExportWh()), kwh(d.fluviusExportWh()), kwh(d.p1ExportWh() - d.fluviusExportWh()),
                percent(d.p1ExportWh(), d.fluviusExportWh()));
    }

    private static BigDecimal kwh(long wh) {
        return BigDecimal.valueOf(wh, 3);
    }

    private static BigDecimal percent(long p1, long fluvius) {
        if (fluvius == 0) {
            return null;
        }
        return BigDecimal.valueOf(p1 - fluvius).multiply(BigDecimal.valueOf(100))
                .divide(BigDecimal.valueOf(fluvius), 2, RoundingMode.HALF_EVEN);
    }
}
