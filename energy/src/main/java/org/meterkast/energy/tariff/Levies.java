package org.meterkast.energy.tariff;

import java.io.InputStream;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;

/** The levies on household electricity by date, from the data file shipped with Meterkast or another. */
public final class Levies {
    private static final String FILE = "levies.csv";

    /** One bracket of the special excise: from this many kWh of yearly offtake on, this rate in €/kWh. */
    public record ExciseBracket(long fromKwh, BigDecimal perKwh) {
        public ExciseBracket {
            Objects.requireNonNull(perKwh, "perKwh");
        }
    }

    /**
     * The levies in force from a date, excl. VAT.
     *
     * @param excise                       the special excise brackets on yearly offtake, lowest first
     * @param energyContributionPerKwh     the federal energy contribution, €/kWh
     * @param energiefondsPerMonth         the Flemish Energiefonds levy of a non-domiciled offtake point, €/month,
     *                                     without VAT
     * @param vatRate                      VAT on electricity, 0.06
     */
    public record LevySet(LocalDate validFrom, List<ExciseBracket> excise, BigDecimal energyContributionPerKwh,
                          BigDecimal energiefondsPerMonth, BigDecimal vatRate) {
        public LevySet {
            Objects.requireNonNull(validFrom, "validFrom");
            excise = List.copyOf(excise);
            Objects.requireNonNull(energyContributionPerKwh, "energyContributionPerKwh");
            Objects.requireNonNull(energiefondsPerMonth, "energiefondsPerMonth");
            Objects.requireNonNull(vatRate, "vatRate");
            if (excise.isEmpty() || excise.get(0).fromKwh() != 0) {
                throw new IllegalArgumentException("the excise brackets must start at 0 kWh");
            }
        }
    }

    private final List<LevySet> sets;

    public Levies(List<LevySet> sets) {
        this.sets = sets.stream().sorted(Comparator.comparing(LevySet::validFrom)).toList();
        if (this.sets.isEmpty()) {
            throw new IllegalArgumentException("no levies");
        }
    }

    /** The levies of the data file shipped in this package, with their sources. */
    public static Levies shipped() {
        return read(Levies.class.getResourceAsStream(FILE), FILE);
    }

    public static Levies read(InputStream in, String name) {
        var list = new ArrayList<LevySet>();
        for (String[] c : TariffTable.rows(in, name, 5)) {
            var brackets = new ArrayList<ExciseBracket>();
            for (String b : c[1].split(",")) {
                String[] parts = b.split(":");
                brackets.add(new ExciseBracket(Long.parseLong(parts[0].strip()), new BigDecimal(parts[1].strip())));
            }
            list.add(new LevySet(LocalDate.parse(c[0]), brackets, new BigDecimal(c[2]), new BigDecimal(c[3]),
                    new BigDecimal(c[4])));
        }
        return new Levies(list);
    }

    /** The levies in force on the date; before the first set, the first set. */
    public LevySet inForce(LocalDate date) {
        LevySet found = sets.get(0);
        for (LevySet s : sets) {
            if (s.validFrom().isAfter(date)) {
                break;
            }
            found = s;
        }
        return found;
    }

    public List<LevySet> all() {
        return sets;
    }
}
