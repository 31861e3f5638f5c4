package org.meterkast.energy.price;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Collection;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.meterkast.energy.quarter.Quarter;

/**
 * The day-ahead prices known for a period, as the two indexes supplier formulas use: the quarter-hour index
 * ("eSpot_15", "Belpex15'") and the hourly index ("Belpex-H"). Where only one resolution was published the other
 * is derived: a quarter takes its hour's price, and an hour is the arithmetic mean of its four quarters (as EPEX
 * defines its 60-minute index). Immutable.
 */
public final class DayAheadPrices {
    public static final DayAheadPrices NONE = new DayAheadPrices(new TreeMap<>(), new TreeMap<>());

    private static final BigDecimal FOUR = BigDecimal.valueOf(4);

    private final TreeMap<Long, BigDecimal> quarters;
    private final TreeMap<Long, BigDecimal> hours;

    private DayAheadPrices(TreeMap<Long, BigDecimal> quarters, TreeMap<Long, BigDecimal> hours) {
        this.quarters = quarters;
        this.hours = hours;
    }

    /** The prices given; a later price for the same interval and resolution replaces an earlier one. */
    public static DayAheadPrices of(Collection<DayAheadPrice> prices) {
        var quarters = new TreeMap<Long, BigDecimal>();
        var hours = new TreeMap<Long, BigDecimal>();
        for (DayAheadPrice p : prices) {
            (p.resolution().equals(DayAheadPrice.QUARTER) ? quarters : hours)
                    .put(p.start().getEpochSecond(), p.eurPerMwh());
        }
        return new DayAheadPrices(quarters, hours);
    }

    /** The quarter-hour index for the quarter in €/MWh: its own price, else its hour's; empty when neither is known. */
    public Optional<BigDecimal> quarterIndex(Quarter quarter) {
        long start = quarter.start().getEpochSecond();
        BigDecimal own = quarters.get(start);
        return own != null ? Optional.of(own) : Optional.ofNullable(hours.get(Math.floorDiv(start, 3600) * 3600));
    }

    /**
     * The hourly index for the hour that contains the quarter in €/MWh: the hour's own price, else the mean of its
     * four quarter prices (exact: a division by four ends); empty when neither is known.
     */
    public Optional<BigDecimal> hourIndex(Quarter quarter) {
        long hour = Math.floorDiv(quarter.start().getEpochSecond(), 3600) * 3600;
        BigDecimal own = hours.get(hour);
        if (own != null) {
            return Optional.of(own);
        }
        BigDecimal sum = BigDecimal.ZERO;
        for (long s = hour; s < hour + 3600; s += 900) {
            BigDecimal q = quarters.get(s);
            if (q == null) {
                return Optional.empty();
            }
            sum = sum.add(q);
        }
        return Optional.of(sum.divide(FOUR));
    }

    public boolean isEmpty() {
        return quarters.isEmpty() && hours.isEmpty();
    }

    /** How many prices are known, quarter-hour and hourly together. */
    public int size() {
        return quarters.size() + hours.size();
    }

    /** The start of the first price known, if any. */
    public Optional<Instant> first() {
        Long q = quarters.isEmpty() ? null : quarters.firstKey();
        Long h = hours.isEmpty() ? null : hours.firstKey();
        // not one conditional expression: with Math.min's long in it, a null Long would be unboxed
        if (q == null || h == null) {
            return Optional.ofNullable(q != null ? q : h).map(Instant::ofEpochSecond);
        }
        return Optional.of(Instant.ofEpochSecond(Math.min(q, h)));
    }

    /** The quarter-hour prices as published (none derived), by start, in time order. */
    public Map<Instant, BigDecimal> quarterPrices() {
        return byInstant(quarters);
    }

    /** The hourly prices as published (none derived), by start, in time order. */
    public Map<Instant, BigDecimal> hourPrices() {
        return byInstant(hours);
    }

    private static Map<Instant, BigDecimal> byInstant(TreeMap<Long, BigDecimal> prices) {
        var out = new TreeMap<Instant, BigDecimal>();
        prices.forEach((k, v) -> out.put(Instant.ofEpochSecond(k), v));
        return Collections.unmodifiableMap(out);
    }
}
