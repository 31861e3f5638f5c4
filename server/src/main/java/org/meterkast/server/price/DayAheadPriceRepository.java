package org.meterkast.server.price;

import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.meterkast.energy.price.DayAheadPrice;
import org.meterkast.energy.price.DayAheadPrices;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.RowCallbackHandler;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Day-ahead prices keyed by (zone, resolution, start). Writing is idempotent, and a later publication of an interval
 * replaces the earlier one (with its source and fetch time): ENTSO-E corrects a price by publishing it again.
 */
@Repository
class DayAheadPriceRepository {
    private static final String UPSERT = """
            INSERT INTO day_ahead_price (zone, resolution_s, start_epoch, price_micro_eur, source, fetched_epoch)
            VALUES (?, ?, ?, ?, ?, ?)
            ON CONFLICT (zone, resolution_s, start_epoch) DO UPDATE SET price_micro_eur = excluded.price_micro_eur,
                source = excluded.source, fetched_epoch = excluded.fetched_epoch""";

    private final JdbcTemplate jdbc;

    DayAheadPriceRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Stores the prices in one batch.
     *
     * @param source  where they came from, e.g. "entsoe-a44 web-api.tp.entsoe.eu" or "entsoe-a44 upload"
     * @throws IllegalArgumentException naming the price when it has more than six decimals (a micro-euro per MWh)
     */
    /** Counts this node's writes, so that a copy of the prices kept in memory knows it is out of date. */
    private final java.util.concurrent.atomic.AtomicLong writes = new java.util.concurrent.atomic.AtomicLong();

    long writes() {
        return writes.get();
    }

    void save(String zone, Collection<DayAheadPrice> prices, String source, Instant fetched) {
        if (prices.isEmpty()) {
            return;
        }
        List<DayAheadPrice> rows = List.copyOf(prices);
        for (DayAheadPrice p : rows) {
            micros(p);      // all or nothing: check before the first row is written
        }
        jdbc.batchUpdate(UPSERT, rows, rows.size(), (ps, p) -> {
            ps.setString(1, zone);
            ps.setInt(2, (int) p.resolution().toSeconds());
            ps.setLong(3, p.start().getEpochSecond());
            ps.setLong(4, micros(p));
            ps.setString(5, source);
            ps.setLong(6, fetched.getEpochSecond());
        });
        // counted once the rows are there (after the commit, in a transaction): a copy read in between is read again
        writes.incrementAndGet();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    writes.incrementAndGet();
                }
            });
        }
    }

    /**
     * The zone's prices that start in [from, to), and those of the hour around {@code from}, so that a period that
     * starts inside an hour still has that hour's price and its quarters' mean.
     */
    DayAheadPrices prices(String zone, Instant from, Instant to) {
        long start = Math.floorDiv(from.getEpochSecond(), 3600) * 3600;
        // straight into the builder's arrays, in the store's order: a year is 35,040 rows read, no object per row
        DayAheadPrices.Builder prices = DayAheadPrices.builder();
        for (int resolution : new int[] {900, 3600}) {
            jdbc.query("""
                            SELECT start_epoch, price_micro_eur FROM day_ahead_price
                            WHERE zone = ? AND resolution_s = ? AND start_epoch >= ? AND start_epoch < ?
                            ORDER BY start_epoch""",
                    (RowCallbackHandler) rs -> prices.add(rs.getLong(1), resolution, rs.getLong(2)),
                    zone, resolution, start, ceilingSeconds(to));
        }
        DayAheadPrices found = prices.build();
        return found.isEmpty() ? DayAheadPrices.NONE : found;
    }

    private static long micros(DayAheadPrice p) {
        try {
            return p.eurPerMwh().movePointRight(6).longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the price " + p.eurPerMwh().toPlainString() + " €/MWh at "
                    + p.start() + " has more than 6 decimals", e);
        }
    }

    private static long ceilingSeconds(Instant t) {
        return t.getNano() == 0 ? t.getEpochSecond() : t.getEpochSecond() + 1;
    }
}
