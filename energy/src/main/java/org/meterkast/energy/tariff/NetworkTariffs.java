package org.meterkast.energy.tariff;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Fluvius' network tariffs per area and date, from the data file shipped with Meterkast or another. */
public final class NetworkTariffs {
    private static final String FILE = "fluvius-network.csv";

    private final List<NetworkTariff> tariffs;

    public NetworkTariffs(List<NetworkTariff> tariffs) {
        this.tariffs = tariffs.stream().sorted(Comparator.comparing(NetworkTariff::validFrom)).toList();
    }

    /** The tariffs of the data file shipped in this package (2025 and 2026, with their sources). */
    public static NetworkTariffs shipped() {
        return read(NetworkTariffs.class.getResourceAsStream(FILE), FILE);
    }

    /** Tariffs in the data file's format (see {@code fluvius-network.csv}). */
    public static NetworkTariffs read(InputStream in, String name) {
        var list = new ArrayList<NetworkTariff>();
        for (String[] c : TariffTable.rows(in, name, 9)) {
            list.add(new NetworkTariff(DistributionArea.valueOf(c[1]), LocalDate.parse(c[0]), new BigDecimal(c[2]),
                    new BigDecimal(c[3]), new BigDecimal(c[4]), new BigDecimal(c[5]), decimalOrNull(c[6]),
                    new BigDecimal(c[7]), decimalOrNull(c[8])));
        }
        return new NetworkTariffs(list);
    }

    /**
     * The area's tariffs in force on the date; before the first row the first row's figures are used.
     *
     * @throws IllegalArgumentException when the file has no row for the area
     */
    public NetworkTariff inForce(DistributionArea area, LocalDate date) {
        NetworkTariff found = null;
        for (NetworkTariff t : tariffs) {
            if (t.area() != area) {
                continue;
            }
            if (found != null && t.validFrom().isAfter(date)) {
                break;
            }
            found = t;
        }
        if (found == null) {
            throw new IllegalArgumentException("no network tariffs for " + area);
        }
        return found;
    }

    public List<NetworkTariff> all() {
        return tariffs;
    }

    static BigDecimal decimalOrNull(String cell) {
        return cell.isEmpty() ? null : new BigDecimal(cell);
    }
}
