package org.meterkast.energy.price;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Arrays;
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
 * defines its 60-minute index). Prices are kept exact to the micro-euro per MWh, in primitive arrays by position
 * from the first price: a year of quarters is 35,040 longs, not 35,040 objects, and a lookup is an array read.
 * Immutable.
 */
public final class DayAheadPrices {
    /** Returned by the micro-euro lookups when no price is known. */
    public static final long UNKNOWN = Long.MIN_VALUE;
    public static final DayAheadPrices NONE = new DayAheadPrices(new long[0], new long[0], new long[0], new long[0]);

    private static final BigDecimal FOUR = BigDecimal.valueOf(4);

    /** The prices by position from the first start: a lookup per quarter is an array read, not a search. */
    private final Dense quarterTable;
    private final Dense hourTable;

    private DayAheadPrices(long[] quarterStarts, long[] quarterMicros, long[] hourStarts, long[] hourMicros) {
        this.quarterTable = new Dense(quarterStarts, quarterMicros, 900);
        this.hourTable = new Dense(hourStarts, hourMicros, 3600);
    }

    /** Prices by (start − first) / step, {@link #UNKNOWN} where none was published. */
    private static final class Dense {
        private final long first;
        private final int step;
        private final long[] micros;
        private final int count;

        Dense(long[] starts, long[] values, int step) {
            this.step = step;
            this.count = starts.length;
            if (starts.length == 0) {
                first = 0;
                micros = new long[0];
                return;
            }
            first = starts[0];
            long slots = (starts[starts.length - 1] - first) / step + 1;
            micros = new long[Math.toIntExact(slots)];
            Arrays.fill(micros, UNKNOWN);
            for (int i = 0; i < starts.length; i++) {
                micros[(int) ((starts[i] - first) / step)] = values[i];
            }
        }

        long at(long start) {
            long slot = start - first;
            if (slot < 0 || micros.length == 0) {
                return UNKNOWN;
            }
            slot /= step;
            return slot < micros.length ? micros[(int) slot] : UNKNOWN;
        }

        /** The prices published, by start, in time order. */
        Map<Instant, BigDecimal> byInstant() {
            var out = new TreeMap<Instant, BigDecimal>();
            for (int i = 0; i < micros.length; i++) {
                if (micros[i] != UNKNOWN) {
                    out.put(Instant.ofEpochSecond(first + (long) i * step), euros(micros[i]));
                }
            }
            return Collections.unmodifiableMap(out);
        }
    }

    /**
     * The prices given; a later price for the same interval and resolution replaces an earlier one.
     *
     * @throws ArithmeticException for a price with more than six decimals
     */
    public static DayAheadPrices of(Collection<DayAheadPrice> prices) {
        var builder = builder();
        for (DayAheadPrice p : prices) {
            builder.add(p.start().getEpochSecond(), (int) p.resolution().toSeconds(),
                    p.eurPerMwh().movePointRight(6).longValueExact());
        }
        return builder.build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Collects prices in micro-euros per MWh, in any order; a later price for an interval replaces an earlier. */
    public static final class Builder {
        private final TreeMap<Long, Long> quarters = new TreeMap<>();
        private final TreeMap<Long, Long> hours = new TreeMap<>();
        private long[] sortedStarts = new long[1024];
        private long[] sortedMicros = new long[1024];
        private int sorted;
        private boolean inOrder = true;

        private Builder() {
        }

        /**
         * @param resolutionSeconds 900 or 3600
         */
        public Builder add(long startEpoch, int resolutionSeconds, long microEurosPerMwh) {
            if (resolutionSeconds != 900 && resolutionSeconds != 3600) {
                throw new IllegalArgumentException("a day-ahead price is per 900 or 3600 s, not " + resolutionSeconds);
            }
            if (Math.floorMod(startEpoch, resolutionSeconds) != 0) {
                throw new IllegalArgumentException("a " + resolutionSeconds + " s price cannot start at " + startEpoch);
            }
            if (resolutionSeconds == 3600) {
                hours.put(startEpoch, microEurosPerMwh);
                return this;
            }
            // the store hands quarters over in order: keep them in arrays, and fall back to a map otherwise
            if (inOrder && (sorted == 0 || startEpoch > sortedStarts[sorted - 1])) {
                if (sorted == sortedStarts.length) {
                    sortedStarts = Arrays.copyOf(sortedStarts, sorted * 2);
                    sortedMicros = Arrays.copyOf(sortedMicros, sorted * 2);
                }
                sortedStarts[sorted] = startEpoch;
                sortedMicros[sorted++] = microEurosPerMwh;
                return this;
            }
            if (inOrder) {
                for (int i = 0; i < sorted; i++) {
                    quarters.put(sortedStarts[i], sortedMicros[i]);
                }
                inOrder = false;
            }
            quarters.put(startEpoch, microEurosPerMwh);
            return this;
        }

        public DayAheadPrices build() {
            long[] qs;
            long[] qm;
            if (inOrder) {
                qs = Arrays.copyOf(sortedStarts, sorted);
                qm = Arrays.copyOf(sortedMicros, sorted);
            } else {
                qs = keys(quarters);
                qm = values(quarters);
            }
            return new DayAheadPrices(qs, qm, keys(hours), values(hours));
        }

        private static long[] keys(TreeMap<Long, Long> map) {
            return map.keySet().stream().mapToLong(Long::longValue).toArray();
        }

        private static long[] values(TreeMap<Long, Long> map) {
            return map.values().stream().mapToLong(Long::longValue).toArray();
        }
    }

    /**
     * The quarter-hour index of the quarter starting at this epoch second, in micro-euros per MWh: its own price,
     * else its hour's; {@link #UNKNOWN} when neither is known.
     */
    public long quarterIndexMicros(long startEpoch) {
        long own = quarterTable.at(startEpoch);
        return own != UNKNOWN ? own : hourTable.at(Math.floorDiv(startEpoch, 3600) * 3600);
    }

    /**
     * Four times the hourly index of the hour containing this epoch second, in micro-euros per MWh (so that the
     * mean of four quarters stays a whole number): the hour's own price × 4, else the sum of its four quarters;
     * {@link #UNKNOWN} when neither is known.
     */
    public long hourIndexQuadMicros(long startEpoch) {
        long hour = Math.floorDiv(startEpoch, 3600) * 3600;
        long own = hourTable.at(hour);
        if (own != UNKNOWN) {
            return Math.multiplyExact(own, 4);
        }
        long sum = 0;
        for (long s = hour; s < hour + 3600; s += 900) {
            long quarter = quarterTable.at(s);
            if (quarter == UNKNOWN) {
                return UNKNOWN;
            }
            sum += quarter;
        }
        return sum;
    }

    /** The quarter-hour index for the quarter in €/MWh: its own price, else its hour's; empty when neither is known. */
    public Optional<BigDecimal> quarterIndex(Quarter quarter) {
        long micros = quarterIndexMicros(quarter.start().getEpochSecond());
        return micros == UNKNOWN ? Optional.empty() : Optional.of(euros(micros));
    }

    /**
     * The hourly index for the hour that contains the quarter in €/MWh: the hour's own price, else the mean of its
     * four quarter prices (exact: a division by four ends); empty when neither is known.
     */
    public Optional<BigDecimal> hourIndex(Quarter quarter) {
        long quad = hourIndexQuadMicros(quarter.start().getEpochSecond());
        return quad == UNKNOWN ? Optional.empty() : Optional.of(euros(quad).divide(FOUR));
    }

    public boolean isEmpty() {
        return quarterTable.count == 0 && hourTable.count == 0;
    }

    /** How many prices are known, quarter-hour and hourly together. */
    public int size() {
        return quarterTable.count + hourTable.count;
    }

    /** The start of the first price known, if any. */
    public Optional<Instant> first() {
        if (isEmpty()) {
            return Optional.empty();
        }
        long q = quarterTable.count == 0 ? Long.MAX_VALUE : quarterTable.first;
        long h = hourTable.count == 0 ? Long.MAX_VALUE : hourTable.first;
        return Optional.of(Instant.ofEpochSecond(Math.min(q, h)));
    }

    /** The quarter-hour prices as published (none derived), by start, in time order. */
    public Map<Instant, BigDecimal> quarterPrices() {
        return quarterTable.byInstant();
    }

    /** The hourly prices as published (none derived), by start, in time order. */
    public Map<Instant, BigDecimal> hourPrices() {
        return hourTable.byInstant();
    }

    /** Micro-euros as euros, with at least the two decimals prices are published with: 73240000 is 73.24. */
    public static BigDecimal euros(long micros) {
        BigDecimal value = BigDecimal.valueOf(micros, 6).stripTrailingZeros();
        return value.scale() < 2 ? value.setScale(2) : value;
    }
}
