package org.meterkast.energy.tariff;

import java.time.LocalDate;
import java.util.Comparator;
import java.util.List;

/**
 * A location's tariff versions, oldest first. The first version also covers the days before it, so a household
 * that enters its tariff today sees its whole history costed; a later version applies from its own date.
 */
public record TariffHistory(List<TariffVersion> versions) {
    public TariffHistory {
        versions = versions.stream().sorted(Comparator.comparing(TariffVersion::validFrom)).toList();
        if (versions.isEmpty()) {
            throw new IllegalArgumentException("a tariff history needs at least one version");
        }
        for (int i = 1; i < versions.size(); i++) {
            if (versions.get(i).validFrom().equals(versions.get(i - 1).validFrom())) {
                throw new IllegalArgumentException("two tariff versions from " + versions.get(i).validFrom());
            }
        }
    }

    public static TariffHistory of(Tariff tariff) {
        return new TariffHistory(List.of(new TariffVersion(LocalDate.MIN, tariff)));
    }

    /** The version in force on the date. */
    public TariffVersion inForce(LocalDate date) {
        TariffVersion found = versions.get(0);
        for (TariffVersion v : versions) {
            if (v.validFrom().isAfter(date)) {
                break;
            }
            found = v;
        }
        return found;
    }
}
