package org.meterkast.sim;

import java.time.Instant;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramWriter;

/**
 * The meter's telegrams as bytes, one per simulated second, paced by a {@link SimulationClock}: in real time, or
 * accelerated (at speed 8,640 a day takes 10 s). Without a clock it runs as fast as it can. A stream that falls
 * behind its clock does not skip seconds: every simulated second gets its telegram.
 */
public final class TelegramStream implements Iterator<byte[]>, AutoCloseable {
    private final SimulatedMeter meter;
    private final SimulationClock clock;
    private final Sleeper sleeper;
    private final Instant end;
    private volatile boolean closed;
    private Telegram last;

    /**
     * @param clock   paces the telegrams; null for as fast as possible
     * @param sleeper waits for the clock
     * @param end     the simulated instant of the last telegram; null for no end
     */
    public TelegramStream(SimulatedMeter meter, SimulationClock clock, Sleeper sleeper, Instant end) {
        this.meter = Objects.requireNonNull(meter, "meter");
        this.clock = clock;
        this.sleeper = Objects.requireNonNull(sleeper, "sleeper");
        this.end = end;
    }

    /** A stream paced by {@code clock}, without end. */
    public static TelegramStream paced(SimulatedMeter meter, SimulationClock clock) {
        return new TelegramStream(meter, Objects.requireNonNull(clock, "clock"), Sleeper.REAL, null);
    }

    /** A stream that runs as fast as it can up to {@code end} included. */
    public static TelegramStream unpaced(SimulatedMeter meter, Instant end) {
        return new TelegramStream(meter, null, Sleeper.REAL, Objects.requireNonNull(end, "end"));
    }

    public SimulatedMeter meter() {
        return meter;
    }

    @Override
    public boolean hasNext() {
        return !closed && (end == null || meter.now().isBefore(end));
    }

    /**
     * The telegram of the next simulated second, once the clock has reached it.
     *
     * @throws NoSuchElementException when the stream has ended, was closed, or the thread was interrupted
     *                                while waiting (the interrupt flag is kept)
     */
    @Override
    public byte[] next() {
        if (!hasNext()) {
            throw new NoSuchElementException("the telegram stream ended at " + meter.now());
        }
        Instant at = meter.now().plusSeconds(1);
        if (clock != null) {
            try {
                clock.awaitSimulated(at, sleeper);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                closed = true;
                throw new NoSuchElementException("interrupted while waiting for " + at);
            }
        }
        last = meter.next(at);
        return TelegramWriter.toBytes(last);
    }

    /** The telegram whose bytes {@link #next()} returned last; null before the first. */
    public Telegram lastTelegram() {
        return last;
    }

    /** The telegrams as a sequential stream. */
    public Stream<byte[]> stream() {
        return StreamSupport.stream(Spliterators.spliteratorUnknownSize(this,
                Spliterator.ORDERED | Spliterator.NONNULL), false);
    }

    /** Ends the stream: {@link #hasNext()} answers false from now on. */
    @Override
    public void close() {
        closed = true;
    }
}
