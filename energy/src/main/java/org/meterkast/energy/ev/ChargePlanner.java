package org.meterkast.energy.ev;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.meterkast.energy.control.Reason;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

/**
 * Plans charging to a target charge by a departure, at the least expected cost, without letting any quarter's
 * average grid import exceed the peak limit. Pure: everything comes in through the {@link PlanRequest}.
 *
 * <p>The model, per quarter (or the part of it between now and the departure):
 * <ul>
 *   <li>the charger delivers an average power between 0 and its maximum. Below its minimum it runs at the minimum
 *       for part of the quarter and pauses for the rest, so it can use only the share of the solar surplus that
 *       falls while it runs;</li>
 *   <li>the solar surplus is the forecast production less the household's load; what the car takes from it costs
 *       the injection price, the rest the price;</li>
 *   <li>the quarter's average grid import (household load + charging − solar) stays at or under the peak limit; a
 *       quarter whose household load alone exceeds it gets no charging.</li>
 * </ul>
 * Each quarter's cost is then a convex, piecewise-linear function of its energy (at most two pieces: the solar
 * part, or the minimum run part-time, then the grid), so filling the cheapest pieces first is optimal. "Normal
 * charging" is charged first, as early as the limits allow; the rest goes into the cheapest pieces, at an equal
 * price the earlier quarter first, so a car taken away early has more. Energies are whole Wh; prices are compared
 * exactly to 10⁻⁹ €/kWh.
 */
public final class ChargePlanner {
    /** The capacity tariff's floor: a month's peak counts as at least 2.5 kW, so charging below it is free. */
    public static final Power LOWEST_PEAK_LIMIT = Power.ofWatts(2500);

    private static final long QUARTER_SECONDS = Quarter.LENGTH.toSeconds();

    private ChargePlanner() {
    }

    /** The peak limit for a month whose highest quarter so far averaged {@code monthPeakSoFar}. */
    public static Power peakLimit(Power monthPeakSoFar) {
        return monthPeakSoFar.max(LOWEST_PEAK_LIMIT);
    }

    /** The cheapest plan that reaches the target by the departure, or, when none can, the one that gets nearest. */
    public static ChargePlan plan(PlanRequest request) {
        Car car = request.car();
        Instant now = Instant.ofEpochSecond(request.now().getEpochSecond());
        Instant departure = Instant.ofEpochSecond(request.departure().getEpochSecond());
        long needed = car.energyToReach(car.targetPercent());
        long normal = Math.min(needed, car.energyToReach(Math.min(car.normalPercent(), car.targetPercent())));
        if (!departure.isAfter(now)) {
            return new ChargePlan(now, departure, needed, 0, needed == 0, car.socPercent(), BigDecimal.ZERO.setScale(9),
                    List.of(), needed == 0 ? alreadyReached(car)
                    : Reason.of(ReasonKeys.PLAN_DEPARTURE_PASSED, "departureEpochSecond", departure.getEpochSecond(),
                            "neededWh", needed));
        }
        Quarters q = new Quarters(request, now, departure);
        long[] energy = new long[q.n];
        boolean[] normalQuarter = new boolean[q.n];

        long normalLeft = normal;
        for (int k = 0; k < q.n && normalLeft > 0; k++) {
            long take = Math.min(q.most[k], normalLeft);
            energy[k] = take;
            normalQuarter[k] = take > 0;
            normalLeft -= take;
        }
        long rest = needed - (normal - normalLeft);
        for (int s : q.cheapestFirst()) {
            if (rest == 0) {
                break;
            }
            int k = q.segmentQuarter[s];
            long available = q.segmentTo[s] - Math.max(q.segmentFrom[s], energy[k]);
            if (available > 0) {
                long take = Math.min(available, rest);
                energy[k] += take;
                rest -= take;
            }
        }
        return q.toPlan(car, needed, needed - rest, energy, normalQuarter);
    }

    private static Reason alreadyReached(Car car) {
        return Reason.of(ReasonKeys.PLAN_ALREADY_REACHED, "socPercent", car.socPercent(),
                "targetPercent", car.targetPercent());
    }

    /** The quarters of one request, with each one's limits and cost pieces. */
    private static final class Quarters {
        final PlanRequest request;
        final Instant departure;
        final int n;
        final Quarter[] quarter;
        final QuarterOutlook[] outlook;
        final long[] from;
        final long[] to;
        /** the free solar surplus, Wh */
        final long[] solar;
        /** the energy that runs the charger at its minimum for the whole (part of the) quarter, Wh, rounded up */
        final long[] minimum;
        /** the charger's maximum for the (part of the) quarter, Wh */
        final long[] maximum;
        /** the most the quarter can take: the charger's maximum, or less where the peak limit binds, Wh */
        final long[] most;
        final long[] price;
        final long[] injection;
        int segments;
        final int[] segmentQuarter;
        final long[] segmentFrom;
        final long[] segmentTo;
        /** a segment's cost per Wh is num / den, in 10⁻⁹ €/kWh */
        final long[] segmentNum;
        final long[] segmentDen;

        Quarters(PlanRequest request, Instant now, Instant departure) {
            this.request = request;
            this.departure = departure;
            Quarter first = Quarter.containing(now);
            n = Math.toIntExact(first.until(Quarter.containing(departure.minusSeconds(1))) + 1);
            quarter = new Quarter[n];
            outlook = new QuarterOutlook[n];
            for (QuarterOutlook o : request.quarters()) {
                long k = first.until(o.quarter());
                if (k >= 0 && k < n) {
                    if (outlook[(int) k] != null) {
                        throw new IllegalArgumentException("quarters: two outlooks for quarter " + o.quarter());
                    }
                    outlook[(int) k] = o;
                }
            }
            from = new long[n];
            to = new long[n];
            solar = new long[n];
            minimum = new long[n];
            maximum = new long[n];
            most = new long[n];
            price = new long[n];
            injection = new long[n];
            segmentQuarter = new int[2 * n];
            segmentFrom = new long[2 * n];
            segmentTo = new long[2 * n];
            segmentNum = new long[2 * n];
            segmentDen = new long[2 * n];
            long minW = request.charger().minimum().watts();
            long maxW = request.charger().maximum().watts();
            long peakW = request.peakLimit().watts();
            for (int k = 0; k < n; k++) {
                quarter[k] = first.plus(k);
                if (outlook[k] == null) {
                    throw new IllegalArgumentException("quarters: no outlook for quarter " + quarter[k]
                            + "; the plan needs every quarter from " + first + " to the departure " + departure);
                }
                from[k] = Math.max(quarter[k].start().getEpochSecond(), now.getEpochSecond());
                to[k] = Math.min(quarter[k].end().getEpochSecond(), departure.getEpochSecond());
                long seconds = to[k] - from[k];
                // the household's net draw over these seconds, in Wh/3600: solar is given per whole quarter
                long net = Math.subtractExact(Math.multiplyExact(outlook[k].householdLoad().watts(), seconds),
                        Math.multiplyExact(outlook[k].solarProductionWh(), seconds * 3600 / QUARTER_SECONDS));
                solar[k] = net < 0 ? -net / 3600 : 0;
                long householdWh = net > 0 ? ceilDiv(net, 3600) : 0;
                minimum[k] = ceilDiv(Math.multiplyExact(minW, seconds), 3600);
                maximum[k] = Math.multiplyExact(maxW, seconds) / 3600;
                long budget = Math.multiplyExact(peakW, seconds) / 3600;
                most[k] = most(solar[k], householdWh, minimum[k], maximum[k], budget);
                price[k] = nano(outlook[k].price());
                injection[k] = nano(outlook[k].injectionPrice());
                addSegments(k);
            }
        }

        /** The most a quarter can take without its average grid import going over the budget. */
        private static long most(long solar, long householdWh, long minimum, long maximum, long budget) {
            if (solar == 0) {
                return Math.min(maximum, Math.max(0, budget - householdWh));
            }
            if (solar >= minimum || minimum - solar <= budget) {
                return Math.min(maximum, solar + budget);
            }
            // running part-time at the minimum, a share (minimum − solar) / minimum of each Wh comes from the grid
            return Math.min(maximum, budget * minimum / (minimum - solar));
        }

        private void addSegments(int k) {
            long u = most[k];
            if (u == 0) {
                return;
            }
            long f = solar[k];
            long lo = minimum[k];
            if (f == 0) {
                segment(k, 0, u, price[k], 1);
            } else if (f >= lo) {
                segment(k, 0, Math.min(f, u), injection[k], 1);
                if (u > f) {
                    segment(k, f, u, price[k], 1);
                }
            } else {
                // at the minimum part-time: each Wh is f / lo solar and (lo − f) / lo grid
                long blended = Math.addExact(Math.multiplyExact(injection[k], f),
                        Math.multiplyExact(price[k], lo - f));
                segment(k, 0, Math.min(lo, u), blended, lo);
                if (u > lo) {
                    segment(k, lo, u, price[k], 1);
                }
            }
        }

        private void segment(int k, long fromWh, long toWh, long num, long den) {
            segmentQuarter[segments] = k;
            segmentFrom[segments] = fromWh;
            segmentTo[segments] = toWh;
            segmentNum[segments] = num;
            segmentDen[segments] = den;
            segments++;
        }

        /** The segments by cost per Wh; at an equal cost the earlier quarter, then a quarter's first piece. */
        int[] cheapestFirst() {
            Integer[] order = new Integer[segments];
            for (int s = 0; s < segments; s++) {
                order[s] = s;
            }
            // segments are created in quarter order, so a stable sort keeps ties in time order
            Arrays.sort(order, (a, b) -> compareFractions(segmentNum[a], segmentDen[a], segmentNum[b], segmentDen[b]));
            int[] out = new int[segments];
            for (int s = 0; s < segments; s++) {
                out[s] = order[s];
            }
            return out;
        }

        ChargePlan toPlan(Car car, long needed, long planned, long[] energy, boolean[] normalQuarter) {
            var planQuarters = new ArrayList<PlannedQuarter>(n);
            BigDecimal total = BigDecimal.ZERO.setScale(9);
            long gridWh = 0;
            long solarWh = 0;
            for (int k = 0; k < n; k++) {
                long e = energy[k];
                long f = solar[k];
                long lo = minimum[k];
                long solarPart;
                BigDecimal cost;
                BigDecimal p = outlook[k].price();
                BigDecimal r = outlook[k].injectionPrice();
                if (f > 0 && f < lo && e < lo) {
                    // exact cost (p·(lo − f)·e + r·f·e) / (1000·lo); the solar Wh shown is rounded
                    solarPart = Math.floorDiv(2 * f * e + lo, 2 * lo);
                    cost = p.multiply(BigDecimal.valueOf((lo - f) * e)).add(r.multiply(BigDecimal.valueOf(f * e)))
                            .divide(BigDecimal.valueOf(1000 * lo), 9, RoundingMode.HALF_EVEN);
                } else {
                    solarPart = Math.min(e, f);
                    cost = p.multiply(BigDecimal.valueOf(e - solarPart)).add(r.multiply(BigDecimal.valueOf(solarPart)))
                            .movePointLeft(3).setScale(9, RoundingMode.HALF_EVEN);
                }
                total = total.add(cost);
                gridWh += e - solarPart;
                solarWh += solarPart;
                planQuarters.add(new PlannedQuarter(quarter[k], Instant.ofEpochSecond(from[k]),
                        Instant.ofEpochSecond(to[k]), e, e - solarPart, solarPart, cost, normalQuarter[k]));
            }
            boolean reaches = planned == needed;
            int soc = reaches ? Math.max(car.targetPercent(), car.socAfter(planned)) : car.socAfter(planned);
            Reason reason;
            if (needed == 0) {
                reason = alreadyReached(car);
            } else if (reaches) {
                reason = Reason.of(ReasonKeys.PLAN_REACHES, "targetPercent", car.targetPercent(),
                        "departureEpochSecond", departure.getEpochSecond(), "neededWh", needed, "gridWh", gridWh,
                        "solarWh", solarWh, "costCents", total.movePointRight(2).setScale(0, RoundingMode.HALF_UP));
            } else {
                long withoutPeakLimit = 0;
                for (long m : maximum) {
                    withoutPeakLimit += m;
                }
                reason = withoutPeakLimit >= needed
                        ? Reason.of(ReasonKeys.PLAN_SHORT_PEAK_LIMIT, "neededWh", needed, "fitsWh", planned,
                                "departureEpochSecond", departure.getEpochSecond(),
                                "peakLimitW", request.peakLimit().watts(), "reachableSocPercent", soc)
                        : Reason.of(ReasonKeys.PLAN_SHORT_TIME, "neededWh", needed, "fitsWh", planned,
                                "departureEpochSecond", departure.getEpochSecond(),
                                "maxPowerW", request.charger().maximum().watts(), "reachableSocPercent", soc);
            }
            return new ChargePlan(Instant.ofEpochSecond(from[0]), departure, needed, planned, reaches, soc, total,
                    planQuarters, reason);
        }
    }

    private static long ceilDiv(long a, long b) {
        return -Math.floorDiv(-a, b);
    }

    /** A price in 10⁻⁹ €/kWh. */
    private static long nano(BigDecimal eurosPerKwh) {
        return eurosPerKwh.movePointRight(9).setScale(0, RoundingMode.HALF_EVEN).longValueExact();
    }

    /** Compares n1/d1 with n2/d2 (positive denominators) exactly, on 128-bit products. */
    static int compareFractions(long n1, long d1, long n2, long d2) {
        long high1 = Math.multiplyHigh(n1, d2);
        long high2 = Math.multiplyHigh(n2, d1);
        if (high1 != high2) {
            return Long.compare(high1, high2);
        }
        return Long.compareUnsigned(n1 * d2, n2 * d1);
    }
}
