package org.meterkast.bench.load;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Timed rounds of GET requests, one at a time: each named request asked {@code requests} times per round, its
 * p50/p95/p99/max printed per round and, at the end, over all rounds.
 */
final class Rounds {
    /** One kind of request and its path. */
    record Call(String name, String path) {
    }

    private final Map<String, List<double[]>> times = new LinkedHashMap<>();

    /** Asks each call {@code warmup} times untimed, then runs the rounds, printing a line per call and round. */
    void run(Api api, List<Call> calls, int warmup, int rounds, int requests) {
        for (int i = 0; i < warmup; i++) {
            for (Call c : calls) {
                time(api, c);
            }
        }
        System.out.println("request        round  requests      p50      p95      p99      max  (ms)  load average");
        for (int r = 1; r <= rounds; r++) {
            for (Call c : calls) {
                double load = Machine.loadAverage();
                double[] ms = new double[requests];
                for (int i = 0; i < ms.length; i++) {
                    ms[i] = time(api, c);
                }
                times.computeIfAbsent(c.name(), k -> new ArrayList<>()).add(ms);
                System.out.printf(Locale.ROOT, "%-13s  %5d  %8d  %7.2f  %7.2f  %7.2f  %7.2f        %.2f%n",
                        c.name(), r, ms.length, Stats.percentile(ms, 50), Stats.percentile(ms, 95),
                        Stats.percentile(ms, 99), Stats.percentile(ms, 100), load);
            }
        }
    }

    /** The figures over all rounds, one line per call. */
    void printTotals() {
        for (var e : times.entrySet()) {
            double[] ms = e.getValue().stream().flatMapToDouble(Arrays::stream).toArray();
            System.out.printf(Locale.ROOT, "%-13s  all    %8d  %7.2f  %7.2f  %7.2f  %7.2f%n", e.getKey(), ms.length,
                    Stats.percentile(ms, 50), Stats.percentile(ms, 95), Stats.percentile(ms, 99),
                    Stats.percentile(ms, 100));
        }
    }

    /** The time of one request, from sending to the last byte; anything but 200 fails. */
    static double time(Api api, Call call) {
        long started = System.nanoTime();
        var response = api.send(call.path());
        double ms = (System.nanoTime() - started) / 1e6;
        if (response.statusCode() != 200) {
            throw new IllegalStateException(call.path() + ": " + response.statusCode() + " " + response.body());
        }
        return ms;
    }
}
