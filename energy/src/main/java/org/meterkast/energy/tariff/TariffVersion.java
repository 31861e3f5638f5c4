package org.meterkast.energy.tariff;

import java.time.LocalDate;
import java.util.Objects;

/** A tariff in force from a local date (Europe/Brussels) until the next version's date. */
public record TariffVersion(LocalDate validFrom, Tariff tariff) {
    public TariffVersion {
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(tariff, "tariff");
    }
}
