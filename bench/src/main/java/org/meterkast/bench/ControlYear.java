package org.meterkast.bench;

import java.math.BigDecimal;
import java.time.LocalDate;
import org.meterkast.sim.StorageYear;

/**
 * The demo household's year with a 10 kWh battery and a 200 l boiler, without and with control: self-consumption,
 * self-sufficiency, month peaks, the capacity tariff, the bill and the saving.
 * {@code java -cp bench/target/benchmarks.jar org.meterkast.bench.ControlYear [--days 365] [--from 2026-01-01]
 * [--step 10]}.
 */
public final class ControlYear {
    private ControlYear() {
    }

    public static void main(String[] args) {
        int days = 365;
        LocalDate from = LocalDate.of(2026, 1, 1);
        int step = 10;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--days" -> days = Integer.parseInt(args[i + 1]);
                case "--from" -> from = LocalDate.parse(args[i + 1]);
                case "--step" -> step = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + "; known: --days N, --from YYYY-MM-DD, --step SECONDS");
            }
        }
        var year = new StorageYear(from, days, step);
        long started = System.nanoTime();
        StorageYear.Run without = year.withoutControl();
        StorageYear.Run with = year.withControl();
        System.out.printf("demo household (seed %d), %d days from %s, steps of %d s, %.0f s to run%n",
                StorageYear.DEMO_SEED, days, from, step, (System.nanoTime() - started) / 1e9);
        System.out.printf("%-28s %14s %14s%n", "", "without control", "with control");
        row("solar produced, kWh", kwh(without.solarWh()), kwh(with.solarWh()));
        row("taken from the grid, kWh", kwh(without.importWh()), kwh(with.importWh()));
        row("injected, kWh", kwh(without.exportWh()), kwh(with.exportWh()));
        row("boiler, kWh", kwh(without.boilerWh()), kwh(with.boilerWh()));
        row("self-consumption", pct(without.selfConsumption()), pct(with.selfConsumption()));
        row("self-sufficiency", pct(without.selfSufficiency()), pct(with.selfSufficiency()));
        without.monthPeaksW().forEach((month, w) -> row("peak " + month + ", kW", kw(w),
                kw(with.monthPeaksW().getOrDefault(month, 0L))));
        row("capacity tariff, € excl. VAT", euros(without.capacityEuros()), euros(with.capacityEuros()));
        row("bill, € incl. VAT", euros(without.bill().totalInclVat()), euros(with.bill().totalInclVat()));
        row("coldest water, °C", String.format("%.1f", without.coldestC()), String.format("%.1f", with.coldestC()));
        row("longest without 60 °C, days", String.format("%.1f", without.legionellaGapDays()),
                String.format("%.1f", with.legionellaGapDays()));
        row("boiler switched on, times", String.valueOf(without.boilerSwitches()),
                String.valueOf(with.boilerSwitches()));
        System.out.println("with control, switched on for: " + with.switchedOnFor());
        System.out.printf("saved: %s € on the bill, of which %s € capacity tariff (excl. VAT)%n",
                euros(without.bill().totalInclVat().subtract(with.bill().totalInclVat())),
                euros(without.capacityEuros().subtract(with.capacityEuros())));
    }

    private static void row(String name, String without, String with) {
        System.out.printf("%-28s %14s %14s%n", name, without, with);
    }

    private static String kwh(long wh) {
        return String.format("%.1f", wh / 1000.0);
    }

    private static String kw(long w) {
        return String.format("%.2f", w / 1000.0);
    }

    private static String pct(double share) {
        return String.format("%.1f %%", share * 100);
    }

    private static String euros(BigDecimal euros) {
        return euros.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}
