package org.meterkast.server.ingest;

import org.meterkast.server.store.Meter;
import org.meterkast.server.store.MeterRepository;
import org.meterkast.server.store.QuarterRepository;
import org.springframework.transaction.support.TransactionOperations;

import org.meterkast.p1.stream.ByteTap;
import org.meterkast.p1.stream.TelegramListener;

/**
 * Where one meter's telegrams come from. An adapter reads on a thread of its own and delivers to the listener
 * on it; {@link #close()} stops it and waits for that thread, so nothing is delivered after it returns.
 */
interface MeterSource extends AutoCloseable {
    /** What the source is, for the API and messages: {@code 192.168.1.50:2000}, {@code file capture.txt}. */
    String describe();

    /** Runs once before reading starts, with the meter's stored data at hand (a simulator fills its history). */
    default void prepare(Meter meter, QuarterRepository quarters, MeterRepository meters,
                         TransactionOperations transactions) {
    }

    void start(TelegramListener listener);

    /** Hands every byte the source receives, before framing, to {@code tap} too; called before {@link #start}. */
    void capture(ByteTap tap);

    /**
     * Whether the telegrams are a replay of the past (a capture file) rather than live: a replay's telegram times
     * are not checked against the server's clock.
     */
    default boolean replays() {
        return false;
    }

    @Override
    void close();
}
