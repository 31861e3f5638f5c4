package org.meterkast.energy.tariff;

import java.time.LocalDate;
import java.util.Objects;

/**
 * A tariff in force from a local date (Europe/Brussels) until the next version's date.
 *
 * @param gas the gas contract in force with it; null when the version has none (gas is then left off the bill)
 */
public record TariffVersion(LocalDate validFrom, Tariff tariff, GasTariff gas) {
    public TariffVersion {
        Objects.requireNonNull(validFrom, "validFrom");
        Objects.requireNonNull(tariff, "tariff");
    }

    /** A version without gas. */
    public TariffVersion(LocalDate validFrom, Tariff tariff) {
        this(validFrom, tariff, null);
    }
}
