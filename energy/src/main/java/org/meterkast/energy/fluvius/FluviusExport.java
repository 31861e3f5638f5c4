package org.meterkast.energy.fluvius;

import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.quarter.ClosedQuarter;

/**
 * What a Mijn Fluvius export holds, checked and in UTC: electricity quarters (import and export, in the day or
 * night field the meter's register named, estimated where Fluvius estimated) or gas hours, the gaps, and counts.
 *
 * @param rows      data rows read (the header not counted)
 * @param intervals the quarters (electricity) or hours (gas) with a value
 * @param estimates how many of those Fluvius estimated
 * @param missing   how many intervals between {@code from} and {@code to} have no value
 * @param from      the start of the first interval in the file
 * @param to        the end of the last interval in the file
 */
public record FluviusExport(Kind kind, String ean, String meterSerial, List<ClosedQuarter> quarters,
                            List<FluviusGasHour> gasHours, List<FluviusGap> gaps, long rows, int intervals,
                            int estimates, int missing, Instant from, Instant to) {

    /** What the export measures. */
    public enum Kind {
        /** quarter hours of a digital electricity meter */
        ELECTRICITY,
        /** hours of a gas meter */
        GAS
    }

    public FluviusExport {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(ean, "ean");
        quarters = List.copyOf(quarters);
        gasHours = List.copyOf(gasHours);
        gaps = List.copyOf(gaps);
        if (!ean.matches("\\d{18}")) {
            throw new IllegalArgumentException("an EAN has 18 digits: " + ean);
        }
    }
}
