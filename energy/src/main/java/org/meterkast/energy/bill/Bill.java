package org.meterkast.energy.bill;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.tariff.CapacityAverage;

/**
 * What a location's electricity (and, with a gas tariff, gas) cost over [from, to): the lines, their totals in €, and what they rest on.
 *
 * @param totalExclVat          every line without VAT, credits included
 * @param vat                   the VAT added (zero for all-in prices, whose VAT is shown as a VAT_INCLUDED line)
 * @param totalInclVat          what is paid
 * @param offtakeWh             the quarters' offtake
 * @param injectionWh           the quarters' injection
 * @param quarters              how many quarters were costed
 * @param estimatedQuarters     how many of them were estimated
 * @param quartersWithoutPrice  quarters a dynamic formula could not price (no day-ahead price known): their
 *                              energy is left out of the energy line and counted here
 * @param capacity              the capacity average of each month billed
 * @param quarterCosts          each quarter's cost, when asked for
 * @param coverage              which days of the period were measured: only those pay the amounts per day
 */
public record Bill(Instant from, Instant to, List<BillLine> lines, BigDecimal totalExclVat, BigDecimal vat,
                   BigDecimal totalInclVat, long offtakeWh, long injectionWh, int quarters, int estimatedQuarters,
                   int quartersWithoutPrice, List<CapacityAverage> capacity, List<QuarterCost> quarterCosts,
                   Coverage coverage) {
    public Bill {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        lines = List.copyOf(lines);
        Objects.requireNonNull(totalExclVat, "totalExclVat");
        Objects.requireNonNull(vat, "vat");
        Objects.requireNonNull(totalInclVat, "totalInclVat");
        capacity = List.copyOf(capacity);
        quarterCosts = List.copyOf(quarterCosts);
        Objects.requireNonNull(coverage, "coverage");
    }

    /** Net offtake in Wh: offtake minus injection, negative when more was injected. */
    public long netOfftakeWh() {
        return offtakeWh - injectionWh;
    }
}
