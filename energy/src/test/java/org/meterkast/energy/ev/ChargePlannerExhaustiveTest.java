package org.meterkast.energy.ev;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.meterkast.energy.device.Power;
import org.meterkast.energy.quarter.Quarter;

/**
 * The planner against an exhaustive search on small random cases (seeded, so every run sees the same 2,000).
 *
 * <p>The search enumerates every allocation of whole Wh to the quarters, with its own account of the physics written
 * here from the model's definition, not from the planner's code: a quarter's solar share when the charger runs
 * part-time at its minimum, its grid import, the peak limit, "normal charging" as a lower bound on what the first
 * quarters hold. The planner claims the optimum over all real allocations; every breakpoint of its model is a whole
 * Wh, so that optimum is a whole-Wh allocation and the search over whole Wh must find exactly its cost, never less.
 * Small cases keep the search exact and quick: chargers of a few tens of W, so a quarter holds at most 12 Wh.
 */
class ChargePlannerExhaustiveTest {
    private static final int CASES = 2000;

    @Test
    void theCostEqualsTheExhaustiveOptimumAndTheTargetIsReachedWheneverPossible() {
        var random = new SplittableRandom(14);
        int reached = 0;
        int shortByPeak = 0;
        int shortByTime = 0;
        int withNormal = 0;
        int partTimeSolar = 0;
        int partial = 0;
        int peakBinding = 0;
        for (int c = 0; c < CASES; c++) {
            Case k = Case.random(random);
            ChargePlan plan = ChargePlanner.plan(k.request());
            Optimum best = k.exhaustive();
            String label = "case " + c + ": " + k;

            assertThat(plan.neededWh()).as(label).isEqualTo(best.neededWh);
            assertThat(plan.reachesTarget()).as(label).isEqualTo(best.neededWh <= best.mostWh);
            assertThat(plan.plannedWh()).as(label).isEqualTo(Math.min(best.neededWh, best.mostWh));
            long[] allocation = plan.quarters().stream().mapToLong(PlannedQuarter::energyWh).toArray();
            assertThat(k.admissible(allocation, best.neededWh)).as(label + " admissible " + plan).isTrue();
            assertThat(k.scaledCost(allocation)).as(label + " cost of " + plan).isEqualTo(best.scaledCost);
            BigDecimal exact = BigDecimal.valueOf(best.scaledCost)
                    .divide(BigDecimal.valueOf(k.denominator()).movePointRight(12), 12, RoundingMode.HALF_EVEN);
            assertThat(plan.cost().subtract(exact).abs()).as(label).isLessThanOrEqualTo(new BigDecimal("1E-8"));
            if (plan.reachesTarget()) {
                reached++;
                assertThat(plan.reason().key()).isIn(ReasonKeys.PLAN_REACHES, ReasonKeys.PLAN_ALREADY_REACHED);
            } else {
                boolean peak = k.chargerOnlyWh() >= best.neededWh;
                assertThat(plan.reason().key()).as(label)
                        .isEqualTo(peak ? ReasonKeys.PLAN_SHORT_PEAK_LIMIT : ReasonKeys.PLAN_SHORT_TIME);
                assertThat(plan.reason().values()).as(label)
                        .containsEntry("neededWh", best.neededWh).containsEntry("fitsWh", best.mostWh);
                if (peak) {
                    shortByPeak++;
                } else {
                    shortByTime++;
                }
            }
            withNormal += k.normalWh() > 0 ? 1 : 0;
            partTimeSolar += k.hasPartTimeSolar() ? 1 : 0;
            partial += k.startsInsideAQuarter() ? 1 : 0;
            peakBinding += k.peakBinds() ? 1 : 0;
        }
        // the generator covers every kind of case, many times
        assertThat(reached).isGreaterThan(500);
        assertThat(shortByPeak).isGreaterThan(100);
        assertThat(shortByTime).isGreaterThan(100);
        assertThat(withNormal).isGreaterThan(300);
        assertThat(partTimeSolar).isGreaterThan(300);
        assertThat(partial).isGreaterThan(300);
        assertThat(peakBinding).isGreaterThan(300);
    }

    /** The search's answer: the least cost (scaled to a whole number), and the most the quarters can take. */
    private record Optimum(long neededWh, long mostWh, long scaledCost) {
    }

    /** One small case: a few quarters, a charger of a few tens of watts, prices with up to 3 decimals. */
    private record Case(Instant now, Instant departure, Car car, long minW, long maxW, long peakW,
                        List<QuarterOutlook> outlook) {
        static Case random(SplittableRandom random) {
            Quarter first = Quarter.containing(Instant.parse("2026-03-28T20:00:00Z")).plus(random.nextInt(0, 200));
            int quarters = random.nextInt(1, 6);
            long intoFirst = random.nextInt(3) == 0 ? random.nextLong(1, 900) : 0;
            Instant now = first.start().plusSeconds(intoFirst);
            Quarter last = first.plus(quarters - 1);
            long intoLast = random.nextInt(3) == 0 ? random.nextLong(1, 900) : 900;
            Instant departure = last.start().plusSeconds(intoLast);
            if (!departure.isAfter(now)) {
                departure = now.plusSeconds(1 + random.nextLong(899 - intoFirst + 1));
            }
            long minW = random.nextLong(4, 21);
            long maxW = random.nextLong(minW, 49);
            long peakW = random.nextLong(0, 61);
            var outlook = new ArrayList<QuarterOutlook>();
            for (int i = 0; i < quarters; i++) {
                BigDecimal price = BigDecimal.valueOf(random.nextLong(-100, 501), 3);
                BigDecimal injection = price.subtract(BigDecimal.valueOf(random.nextLong(0, 301), 3));
                long solar = random.nextInt(3) == 0 ? 0 : random.nextLong(0, 16);
                long load = random.nextInt(3) == 0 ? 0 : random.nextLong(0, 41);
                outlook.add(new QuarterOutlook(first.plus(i), price, injection, solar, Power.ofWatts(load)));
            }
            int soc = random.nextInt(0, 101);
            int target = random.nextInt(4) == 0 ? random.nextInt(0, 101) : random.nextInt(soc, 101);
            int normal = random.nextInt(2) == 0 ? 0 : random.nextInt(0, 101);
            BigDecimal efficiency = new BigDecimal(List.of("1", "0.9", "0.85", "0.95").get(random.nextInt(4)));
            Car car = new Car(random.nextLong(10, 201), soc, target, normal, efficiency);
            return new Case(now, departure, car, minW, maxW, peakW, outlook);
        }

        PlanRequest request() {
            return new PlanRequest(now, departure, car, new ChargerLimits(Power.ofWatts(minW), Power.ofWatts(maxW)),
                    Power.ofWatts(peakW), outlook);
        }

        int quarters() {
            return departure.getEpochSecond() <= now.getEpochSecond() ? 0
                    : (int) Quarter.containing(now).until(Quarter.containing(departure.minusSeconds(1))) + 1;
        }

        long seconds(int i) {
            Quarter q = Quarter.containing(now).plus(i);
            return Math.min(q.end().getEpochSecond(), departure.getEpochSecond())
                    - Math.max(q.start().getEpochSecond(), now.getEpochSecond());
        }

        /** The household's net draw over the quarter's seconds in W·s: load × s − solar × s / 900 × 3600. */
        long net(int i) {
            QuarterOutlook o = outlook.get(i);
            return o.householdLoad().watts() * seconds(i) - o.solarProductionWh() * seconds(i) * 4;
        }

        long freeSolar(int i) {
            return net(i) < 0 ? Math.floorDiv(-net(i), 3600) : 0;
        }

        long householdWh(int i) {
            return net(i) > 0 ? (net(i) + 3599) / 3600 : 0;
        }

        long minimumWh(int i) {
            return (minW * seconds(i) + 3599) / 3600;
        }

        long maximumWh(int i) {
            return maxW * seconds(i) / 3600;
        }

        long budgetWh(int i) {
            return peakW * seconds(i) / 3600;
        }

        /** The solar part of e Wh times the quarter's minimum (lo): part-time at the minimum below it. */
        long solarTimesLo(int i, long e) {
            long lo = minimumWh(i);
            long f = freeSolar(i);
            return e < lo ? e * Math.min(f, lo) : Math.min(e, f) * lo;
        }

        boolean allowed(int i, long e) {
            if (e == 0) {
                return true;
            }
            if (e > maximumWh(i)) {
                return false;
            }
            long lo = minimumWh(i);
            long gridTimesLo = (householdWh(i) + e) * lo - solarTimesLo(i, e);
            return gridTimesLo <= budgetWh(i) * lo;
        }

        long costTimesLo(int i, long e) {
            long p = nano(outlook.get(i).price());
            long r = nano(outlook.get(i).injectionPrice());
            long solar = solarTimesLo(i, e);
            return p * (e * minimumWh(i) - solar) + r * solar;
        }

        long denominator() {
            long d = 1;
            for (int i = 0; i < quarters(); i++) {
                d = lcm(d, minimumWh(i));
            }
            return d;
        }

        long scaledCost(long[] allocation) {
            long d = denominator();
            long sum = 0;
            for (int i = 0; i < allocation.length; i++) {
                sum += costTimesLo(i, allocation[i]) * (d / minimumWh(i));
            }
            return sum;
        }

        long neededWh() {
            return toReach(car.targetPercent());
        }

        long normalWh() {
            return Math.min(neededWh(), toReach(Math.min(car.normalPercent(), car.targetPercent())));
        }

        private long toReach(int percent) {
            if (percent <= car.socPercent()) {
                return 0;
            }
            return BigDecimal.valueOf(car.batteryWh() * (percent - car.socPercent()))
                    .divide(car.efficiency().movePointRight(2), 0, RoundingMode.CEILING).longValueExact();
        }

        long[] most() {
            long[] most = new long[quarters()];
            for (int i = 0; i < most.length; i++) {
                long e = 0;
                while (allowed(i, e + 1)) {
                    e++;
                }
                most[i] = e;
            }
            return most;
        }

        long chargerOnlyWh() {
            long sum = 0;
            for (int i = 0; i < quarters(); i++) {
                sum += maximumWh(i);
            }
            return sum;
        }

        /** "Normal charging" first: by the end of each quarter at least that much of it, or all that fitted so far. */
        boolean admissible(long[] allocation, long needed) {
            if (allocation.length != quarters()) {
                return false;
            }
            long[] most = most();
            long cumulative = 0;
            long fits = 0;
            long total = 0;
            for (int i = 0; i < allocation.length; i++) {
                if (!allowed(i, allocation[i])) {
                    return false;
                }
                cumulative += allocation[i];
                fits += most[i];
                if (cumulative < Math.min(normalWh(), fits)) {
                    return false;
                }
                total += allocation[i];
            }
            return total == Math.min(needed, fits);
        }

        Optimum exhaustive() {
            long[] most = most();
            long fits = 0;
            for (long m : most) {
                fits += m;
            }
            long needed = neededWh();
            long total = Math.min(needed, fits);
            long[] best = {Long.MAX_VALUE};
            search(0, new long[most.length], total, most, best);
            return new Optimum(needed, fits, most.length == 0 ? 0 : best[0]);
        }

        private void search(int i, long[] allocation, long left, long[] most, long[] best) {
            if (i == allocation.length) {
                if (left == 0 && admissible(allocation, neededWh())) {
                    best[0] = Math.min(best[0], scaledCost(allocation));
                }
                return;
            }
            long after = 0;
            for (int j = i + 1; j < most.length; j++) {
                after += most[j];
            }
            for (long e = Math.max(0, left - after); e <= Math.min(most[i], left); e++) {
                allocation[i] = e;
                search(i + 1, allocation, left - e, most, best);
            }
            allocation[i] = 0;
        }

        boolean hasPartTimeSolar() {
            for (int i = 0; i < quarters(); i++) {
                if (freeSolar(i) > 0 && freeSolar(i) < minimumWh(i)) {
                    return true;
                }
            }
            return false;
        }

        boolean startsInsideAQuarter() {
            return now.getEpochSecond() % 900 != 0;
        }

        boolean peakBinds() {
            long[] most = most();
            for (int i = 0; i < most.length; i++) {
                if (most[i] < maximumWh(i)) {
                    return true;
                }
            }
            return false;
        }

        private static long nano(BigDecimal price) {
            return price.movePointRight(9).longValueExact();
        }

        private static long lcm(long a, long b) {
            long x = a;
            long y = b;
            while (y != 0) {
                long t = x % y;
                x = y;
                y = t;
            }
            return a / x * b;
        }
    }
}
