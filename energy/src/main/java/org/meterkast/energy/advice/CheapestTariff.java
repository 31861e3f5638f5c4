package org.meterkast.energy.advice;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.bill.Coverage;

/**
 * The cheapest of the tariffs compared over the same month by the what-if comparison: the household's own tariff
 * (as it was in force each day) beside each other tariff it has entered, each costed over the whole month.
 *
 * @param current  the household's own bill, incl. VAT
 * @param cheapest the cheapest bill, incl. VAT (the household's own when nothing is cheaper)
 * @param saving   current − cheapest total, ≥ 0
 * @param compared the bills compared, cheapest first
 */
public record CheapestTariff(String key, Total current, Total cheapest, BigDecimal saving, List<Total> compared,
                             Coverage coverage) implements Advice {
    public static final String KEY_OTHER = "advice.tariff.other";
    public static final String KEY_CURRENT = "advice.tariff.current";
    /** Only the household's own tariff is known: nothing to compare it with. */
    public static final String KEY_ONLY_ONE = "advice.tariff.onlyOne";

    /** A tariff's bill for the month: its name (the date it applies from, or "current") and its total incl. VAT. */
    public record Total(String name, BigDecimal totalInclVat) {
        public Total {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(totalInclVat, "totalInclVat");
        }
    }

    public CheapestTariff {
        compared = List.copyOf(compared);
    }

    /** From the household's own bill and the others' over the same month. */
    public static CheapestTariff of(Total current, List<Total> others, Coverage coverage) {
        if (coverage.noData()) {
            return new CheapestTariff(NO_DATA, current, null, null, List.of(), coverage);
        }
        var all = new ArrayList<Total>();
        all.add(current);
        all.addAll(others);
        all.sort(Comparator.comparing(Total::totalInclVat));        // stable: the household's own first on a tie
        Total cheapest = all.get(0);
        String key = others.isEmpty() ? KEY_ONLY_ONE : cheapest == current ? KEY_CURRENT : KEY_OTHER;
        return new CheapestTariff(key, current, cheapest,
                current.totalInclVat().subtract(cheapest.totalInclVat()), all, coverage);
    }
}
