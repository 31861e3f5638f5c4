package org.meterkast.bench.load;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** Percentiles and spreads of a handful of measurements. */
final class Stats {
    private Stats() {
    }

    /** The nearest-rank percentile (0 to 100) of the values. */
    static double percentile(double[] values, double p) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int rank = (int) Math.ceil(p / 100.0 * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    static double median(List<Double> values) {
        return median(values.stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** "median (min–max, n runs)" of the values, with the given format for each. */
    static String spread(List<Double> values, String format) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        if (v.length == 1) {
            return String.format(Locale.ROOT, format, v[0]);
        }
        return String.format(Locale.ROOT, format + " (" + format + "–" + format + ", %d runs)", median(v),
                Arrays.stream(v).min().orElseThrow(), Arrays.stream(v).max().orElseThrow(), v.length);
    }
}
