package org.meterkast.energy.ev;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.meterkast.energy.bill.Bill;
import org.meterkast.energy.bill.BillCalculator;
import org.meterkast.energy.bill.QuarterCost;
import org.meterkast.energy.price.DayAheadPrices;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.Quarter;
import org.meterkast.energy.quarter.QuarterEnergy;
import org.meterkast.energy.tariff.DayNight;
import org.meterkast.energy.tariff.DayNightSchedule;
import org.meterkast.energy.tariff.FlemishTariff;
import org.meterkast.energy.tariff.Tariff;
import org.meterkast.energy.tariff.TariffHistory;

/**
 * The prices a charge plan weighs, per quarter: what one more kWh taken from the grid costs and what one more kWh
 * injected earns, incl. VAT, exactly as the household's bill counts them. Each is the {@link QuarterCost} the
 * {@link BillCalculator} gives a quarter holding 1 kWh of offtake (or of injection) under the tariff version in
 * force that day: the supplier's energy price (day or night by the register the meter will count in, from the
 * tariff's {@link DayNightSchedule}; or the day-ahead formula), green certificates and CHP, the kWh network tariff,
 * the excise's first bracket and the energy contribution, with VAT where the bill puts it. Fixed fees and the
 * capacity tariff are per month and do not change with one kWh more, so they are left out.
 *
 * <p>A dynamic formula needs the day-ahead price of its quarter (or hour). Beyond the prices published (tomorrow's
 * come around 13:00), a quarter takes the price of the same local time on the nearest earlier day that has one,
 * at most {@value #LOOK_BACK_DAYS} days back ({@link Source#ESTIMATED}); without any, the bill's own rule holds:
 * the formula's energy price is left out ({@link Source#UNKNOWN}) and the network costs and levies remain.
 *
 * <p>The planner needs an injection price never above the offtake price (injecting carries none of the network
 * costs). A formula that would pay more for a kWh injected than one taken costs is held to the offtake price
 * ({@link QuarterPrice#injectionHeld}).
 */
public final class PlanPrices {
    /** How many days back a quarter without a day-ahead price looks for the same quarter of an earlier day. */
    public static final int LOOK_BACK_DAYS = 7;

    private static final long ONE_KWH = 1000;

    /** Where a quarter's price comes from. */
    public enum Source {
        /** a fixed price of the tariff (single or day/night) */
        TARIFF,
        /** the day-ahead price published for the quarter */
        DAY_AHEAD,
        /** the day-ahead price of the same quarter of an earlier day */
        ESTIMATED,
        /** no day-ahead price in the last week: the formula's energy part is left out */
        UNKNOWN
    }

    /**
     * One quarter's prices, € per kWh incl. VAT.
     *
     * @param offtake       what one more kWh taken from the grid costs
     * @param injection     what one more kWh injected earns (negative: injecting costs), at most {@code offtake}
     * @param source        where the day-ahead part comes from ({@link Source#TARIFF} without one)
     * @param injectionHeld whether the tariff would pay more for injecting and the injection price was held to the
     *                      offtake price
     */
    public record QuarterPrice(Quarter quarter, BigDecimal offtake, BigDecimal injection, Source source,
                               boolean injectionHeld) {
        public QuarterPrice {
            Objects.requireNonNull(quarter, "quarter");
            Objects.requireNonNull(offtake, "offtake");
            Objects.requireNonNull(injection, "injection");
            Objects.requireNonNull(source, "source");
            if (injection.compareTo(offtake) > 0) {
                throw new IllegalArgumentException("quarter " + quarter + ": injection " + injection.toPlainString()
                        + " above offtake " + offtake.toPlainString());
            }
        }
    }

    private PlanPrices() {
    }

    /**
     * The prices of {@code count} quarters from {@code first}.
     *
     * @param calculator the bill's calculator (its network tariffs and levies)
     * @param tariffs    the household's tariff history
     * @param dayAhead   the day-ahead prices known (at least the last {@value #LOOK_BACK_DAYS} days and the
     *                   quarters ahead where published); {@link DayAheadPrices#NONE} for a fixed tariff
     * @param zone       the meter's zone (Europe/Brussels): day and night, and "the same quarter of an earlier day"
     */
    public static List<QuarterPrice> of(BillCalculator calculator, TariffHistory tariffs, DayAheadPrices dayAhead,
                                        Quarter first, int count, ZoneId zone) {
        Objects.requireNonNull(calculator, "calculator");
        Objects.requireNonNull(tariffs, "tariffs");
        Objects.requireNonNull(dayAhead, "dayAhead");
        Objects.requireNonNull(first, "first");
        Objects.requireNonNull(zone, "zone");
        if (count < 0) {
            throw new IllegalArgumentException("count must not be negative, not " + count);
        }
        if (count == 0) {
            return List.of();
        }
        Source[] sources = new Source[count];
        DayAheadPrices prices = DayAheadPrices.NONE;
        boolean dynamic = false;
        for (int i = 0; i < count; i++) {
            dynamic |= BillCalculator.isDynamic(tariff(tariffs, first.plus(i), zone));
        }
        if (dynamic) {
            prices = filled(dayAhead, first, count, zone, sources);
        }
        var offtake = new ArrayList<ClosedQuarter>(count);
        var injection = new ArrayList<ClosedQuarter>(count);
        for (int i = 0; i < count; i++) {
            Quarter q = first.plus(i);
            Tariff tariff = tariff(tariffs, q, zone);
            boolean night = tariff instanceof FlemishTariff f && f.schedule().at(q.start(), zone) == DayNight.NIGHT;
            offtake.add(new ClosedQuarter(q, 0, night ? new QuarterEnergy(0, ONE_KWH, 0, 0)
                    : new QuarterEnergy(ONE_KWH, 0, 0, 0), false));
            injection.add(new ClosedQuarter(q, 0, night ? new QuarterEnergy(0, 0, 0, ONE_KWH)
                    : new QuarterEnergy(0, 0, ONE_KWH, 0), false));
            if (!BillCalculator.isDynamic(tariff)) {
                sources[i] = Source.TARIFF;
            }
        }
        Instant from = first.start();
        Instant to = first.plus(count).start();
        Bill taken = calculator.bill(tariffs, from, to, offtake, Map.of(), prices, true);
        Bill given = calculator.bill(tariffs, from, to, injection, Map.of(), prices, true);
        var out = new ArrayList<QuarterPrice>(count);
        for (int i = 0; i < count; i++) {
            Quarter q = first.plus(i);
            BigDecimal price = cost(taken, i, q);
            BigDecimal earns = cost(given, i, q).negate();
            boolean held = earns.compareTo(price) > 0;
            out.add(new QuarterPrice(q, price, held ? price : earns, sources[i], held));
        }
        return out;
    }

    private static Tariff tariff(TariffHistory tariffs, Quarter q, ZoneId zone) {
        return tariffs.inForce(LocalDate.ofInstant(q.start(), zone)).tariff();
    }

    private static BigDecimal cost(Bill bill, int i, Quarter q) {
        QuarterCost cost = bill.quarterCosts().get(i);
        if (!cost.start().equals(q.start())) {
            throw new IllegalStateException("the bill's quarter " + i + " is " + cost.start() + ", not " + q);
        }
        return cost.euros();
    }

    /**
     * The day-ahead prices of the quarters (and their whole hours) as the bill would read them, with the quarters
     * not published taken from the same local time of an earlier day; each quarter's source into {@code sources}.
     */
    private static DayAheadPrices filled(DayAheadPrices known, Quarter first, int count, ZoneId zone,
                                         Source[] sources) {
        DayAheadPrices.Builder builder = DayAheadPrices.builder();
        // whole hours, so that an hourly formula sees its first and last hour whole
        long from = Math.floorDiv(first.start().getEpochSecond(), 3600) * 3600;
        long to = Math.floorDiv(first.plus(count).start().getEpochSecond() + 3599, 3600) * 3600;
        for (long hour = from; hour < to; hour += 3600) {
            long quad = known.hourIndexQuadMicros(hour);
            // an hour published as such: the bill reads its own price before its quarters' mean
            if (quad != DayAheadPrices.UNKNOWN && quad % 4 == 0) {
                builder.add(hour, 3600, quad / 4);
            }
        }
        long firstStart = first.start().getEpochSecond();
        for (long start = from; start < to; start += 900) {
            long micros = known.quarterIndexMicros(start);
            Source source = Source.DAY_AHEAD;
            if (micros == DayAheadPrices.UNKNOWN) {
                source = Source.UNKNOWN;
                for (int days = 1; days <= LOOK_BACK_DAYS && micros == DayAheadPrices.UNKNOWN; days++) {
                    micros = known.quarterIndexMicros(Instant.ofEpochSecond(start).atZone(zone).minusDays(days)
                            .toInstant().getEpochSecond());
                    source = Source.ESTIMATED;
                }
                if (micros == DayAheadPrices.UNKNOWN) {
                    source = Source.UNKNOWN;
                }
            }
            if (micros != DayAheadPrices.UNKNOWN) {
                builder.add(start, 900, micros);
            }
            long i = (start - firstStart) / 900;
            if (start >= firstStart && i < count) {
                sources[(int) i] = source;
            }
        }
        return builder.build();
    }
}
