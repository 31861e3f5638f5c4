package org.meterkast.energy.tariff;

import java.time.LocalDate;

/** A bill needs a network tariff the data files do not hold (a classic meter's kWh tariff in most areas). */
public class MissingNetworkTariffException extends IllegalArgumentException {
    private final DistributionArea area;
    private final LocalDate validFrom;

    public MissingNetworkTariffException(DistributionArea area, LocalDate validFrom) {
        super("the kWh network tariff of a classic meter in " + area + " from " + validFrom
                + " is not in the network tariff data");
        this.area = area;
        this.validFrom = validFrom;
    }

    public DistributionArea area() {
        return area;
    }

    /** The date the network tariffs without it apply from. */
    public LocalDate validFrom() {
        return validFrom;
    }
}
