package org.meterkast.energy.storage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.meterkast.energy.device.BatteryLimits;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.ev.QuarterOutlook;
import org.meterkast.energy.quarter.Quarter;

/**
 * Plans a home battery over the quarters ahead under dynamic prices, from the same outlook as the car's plan
 * ({@link QuarterOutlook}: each quarter's price, the solar forecast and the household's load): which quarters it
 * discharges in, which it keeps its charge for, and which it charges from the grid in.
 *
 * <p>The battery always stores the solar surplus (self-consumption). What is planned is where its energy goes:
 * <ol>
 *   <li>the quarters the house takes from the grid are served dearest first: each gets what the battery can give
 *       without leaving a dearer quarter already served short (its stored energy along the way, never below its
 *       reserve);</li>
 *   <li>what a served quarter still lacks is charged from the grid in the cheapest earlier quarter where that pays
 *       after the losses both ways (the cheap price below the dear one × efficiency²), within the battery's charging
 *       limit, its capacity along the way, and the peak limit (the house's load plus the charging stays under it).</li>
 * </ol>
 * A quarter's plan is then a positive power (charge from the grid at it), a negative one (discharge to cover the
 * house, at most that), or zero (keep the charge for a dearer quarter; the sun still charges it). Quarters are
 * simulated in whole Wh per quarter; the first quarter is the running one.
 */
public final class BatteryPlanner {
    private static final double QUARTER_HOURS = 0.25;

    private BatteryPlanner() {
    }

    /**
     * What to plan.
     *
     * @param quarters          the quarters ahead, consecutive, the running one first
     * @param limits            the battery's
     * @param socPercent        its charge now
     * @param efficiencyPercent its one-way efficiency (charging stores this share; discharging delivers it)
     * @param peakLimit         the quarter average the household should not exceed
     */
    public record Request(List<QuarterOutlook> quarters, BatteryLimits limits, double socPercent,
                          int efficiencyPercent, Power peakLimit) {
        public Request {
            quarters = List.copyOf(quarters);
            Objects.requireNonNull(limits, "limits");
            Objects.requireNonNull(peakLimit, "peakLimit");
            if (!(socPercent >= 0 && socPercent <= 100)) {
                throw new IllegalArgumentException("socPercent must be 0–100, not " + socPercent);
            }
            if (efficiencyPercent < 50 || efficiencyPercent > 100) {
                throw new IllegalArgumentException("efficiencyPercent must be 50–100, not " + efficiencyPercent);
            }
            for (int i = 1; i < quarters.size(); i++) {
                if (!quarters.get(i).quarter().equals(quarters.get(i - 1).quarter().plus(1))) {
                    throw new IllegalArgumentException("quarters must follow each other: " + quarters.get(i - 1)
                            .quarter() + " then " + quarters.get(i).quarter());
                }
            }
        }
    }

    /**
     * One quarter of the plan.
     *
     * @param quarter        the quarter
     * @param planned        positive: charge from the grid at it; negative: discharge to cover the house, at most
     *                       it; zero: keep the charge
     * @param expectedSocEnd the charge expected at the quarter's end, %
     */
    public record PlannedQuarter(Quarter quarter, Power planned, double expectedSocEnd) {
    }

    /** The plan, one entry per quarter of the request. */
    public static List<PlannedQuarter> plan(Request request) {
        int n = request.quarters().size();
        BatteryLimits limits = request.limits();
        double eff = request.efficiencyPercent() / 100.0;
        double capacity = limits.capacityWh();
        double minWh = capacity * limits.minSocPercent() / 100;
        double maxWh = capacity * limits.maxSocPercent() / 100;
        double chargeWh = limits.maxCharge().watts() * QUARTER_HOURS;
        double dischargeWh = limits.maxDischarge().watts() * QUARTER_HOURS;
        double[] net = new double[n];
        double[] price = new double[n];
        for (int q = 0; q < n; q++) {
            QuarterOutlook o = request.quarters().get(q);
            net[q] = o.householdLoad().watts() * QUARTER_HOURS - o.solarProductionWh();
            price[q] = o.price().doubleValue();
        }
        double[] grid = new double[n];
        double[] discharge = new double[n];
        double start = Math.max(minWh, Math.min(maxWh, capacity * request.socPercent() / 100));
        double[] stored = path(start, net, grid, discharge, eff, minWh, maxWh, chargeWh);

        List<Integer> deficits = new ArrayList<>();
        for (int q = 0; q < n; q++) {
            if (net[q] > 0) {
                deficits.add(q);
            }
        }
        deficits.sort(Comparator.<Integer>comparingDouble(q -> -price[q]).thenComparingInt(q -> q));
        for (int j : deficits) {
            double want = Math.min(net[j], dischargeWh);
            // from what is stored, without leaving a later (dearer, already served) quarter short
            double lowest = Double.MAX_VALUE;
            for (int t = j + 1; t <= n; t++) {
                lowest = Math.min(lowest, stored[t]);
            }
            double fromStore = Math.max(0, Math.min(want, (lowest - minWh) * eff));
            discharge[j] = fromStore;
            stored = path(start, net, grid, discharge, eff, minWh, maxWh, chargeWh);
            double lacking = want - fromStore;
            // then from the grid in the cheapest earlier quarter where it pays after the losses
            while (lacking > 0.5) {
                int best = -1;
                for (int i = 0; i < j; i++) {
                    if (price[i] < price[j] * eff * eff && room(i, j, grid, stored, net, maxWh, chargeWh, eff,
                            request.peakLimit()) > 0.5 && (best < 0 || price[i] < price[best])) {
                        best = i;
                    }
                }
                if (best < 0) {
                    break;
                }
                double take = Math.min(lacking / (eff * eff),
                        room(best, j, grid, stored, net, maxWh, chargeWh, eff, request.peakLimit()));
                grid[best] += take;
                discharge[j] += take * eff * eff;
                lacking -= take * eff * eff;
                stored = path(start, net, grid, discharge, eff, minWh, maxWh, chargeWh);
            }
        }

        List<PlannedQuarter> plan = new ArrayList<>(n);
        for (int q = 0; q < n; q++) {
            long watts = grid[q] > 0 ? Math.round(grid[q] / QUARTER_HOURS)
                    : discharge[q] > 0 ? -Math.round(discharge[q] / QUARTER_HOURS) : 0;
            plan.add(new PlannedQuarter(request.quarters().get(q).quarter(), Power.ofWatts(watts),
                    stored[q + 1] * 100 / capacity));
        }
        return plan;
    }

    /** What quarter {@code i} can still charge from the grid for quarter {@code j}, Wh taken from the grid. */
    private static double room(int i, int j, double[] grid, double[] stored, double[] net, double maxWh,
                               double chargeWh, double eff, Power peakLimit) {
        double underPeak = peakLimit.watts() * QUARTER_HOURS - Math.max(0, net[i]) - grid[i];
        double rate = Math.min(chargeWh - grid[i] - Math.max(0, -net[i]), underPeak);
        double highest = 0;
        for (int t = i + 1; t <= j; t++) {
            highest = Math.max(highest, stored[t]);
        }
        return Math.max(0, Math.min(rate, (maxWh - highest) / eff));
    }

    /** The energy stored at the start of each quarter (and the end of the last), the sun charging first. */
    private static double[] path(double start, double[] net, double[] grid, double[] discharge, double eff,
                                 double minWh, double maxWh, double chargeWh) {
        int n = net.length;
        double[] stored = new double[n + 1];
        stored[0] = start;
        for (int q = 0; q < n; q++) {
            double e = stored[q];
            double solar = Math.min(Math.max(0, -net[q]), chargeWh - grid[q]);
            e = Math.min(maxWh, e + (solar + grid[q]) * eff);
            e = Math.max(minWh, e - discharge[q] / eff);
            stored[q + 1] = e;
        }
        return stored;
    }
}
