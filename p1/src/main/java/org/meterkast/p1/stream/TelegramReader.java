package org.meterkast.p1.stream;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.meterkast.p1.FramerStatistics;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramFramer;

/**
 * Reads telegrams from a {@link ByteSource} and hands them to a {@link TelegramListener}, opening the source again
 * with an exponential back-off whenever it drops.
 *
 * <p>{@link #run()} loops on the calling thread: open the source, feed a {@link TelegramFramer} from one reused
 * 4 KiB buffer, decode each frame with one {@link TelegramParser}, deliver. When the stream fails or ends, a
 * telegram cut off is counted as truncated, the listener is told, and after a pause of 1 s, 2 s, 4 s … (at most
 * {@link Options#maxBackoff()}) the source is opened again. The pause starts again from the initial back-off
 * once a telegram came through. A {@linkplain ByteSource#isFinite() finite} source is read once.
 * {@link #close()} stops the loop from any thread, the listener's included.
 */
public final class TelegramReader implements AutoCloseable {
    private static final int BUFFER_BYTES = 4096;

    /** How a reader frames telegrams and how it reconnects. */
    public record Options(boolean allowMissingCrc, int maxFrameBytes, Duration initialBackoff, Duration maxBackoff,
                          boolean failOnFirstOpen) {
        /** CRC required, frames bounded at {@link TelegramFramer#DEFAULT_MAX_FRAME_BYTES}, back-off 1 s to 60 s. */
        public static final Options DEFAULTS = new Options(false, TelegramFramer.DEFAULT_MAX_FRAME_BYTES,
                Duration.ofSeconds(1), Duration.ofSeconds(60), false);

        /**
         * @param allowMissingCrc accept frames that end in a bare {@code !} (DSMR 2.2 and 3 meters)
         * @param maxFrameBytes   the framer's bound on a frame
         * @param failOnFirstOpen when the very first open fails, {@link #run()} throws instead of retrying: a
         *                        wrong address typed by a user is an error, a dongle rebooting later is not
         */
        public Options {
            if (maxFrameBytes < 16) {
                throw new IllegalArgumentException("maxFrameBytes must be at least 16, not " + maxFrameBytes);
            }
            Objects.requireNonNull(initialBackoff, "initialBackoff");
            Objects.requireNonNull(maxBackoff, "maxBackoff");
            if (initialBackoff.isNegative() || initialBackoff.isZero()) {
                throw new IllegalArgumentException("initialBackoff must be positive, not " + initialBackoff);
            }
            if (maxBackoff.compareTo(initialBackoff) < 0) {
                throw new IllegalArgumentException("maxBackoff " + maxBackoff + " is shorter than initialBackoff "
                        + initialBackoff);
            }
        }

        public Options withAllowMissingCrc(boolean allow) {
            return new Options(allow, maxFrameBytes, initialBackoff, maxBackoff, failOnFirstOpen);
        }

        public Options withMaxFrameBytes(int bytes) {
            return new Options(allowMissingCrc, bytes, initialBackoff, maxBackoff, failOnFirstOpen);
        }

        public Options withBackoff(Duration initial, Duration max) {
            return new Options(allowMissingCrc, maxFrameBytes, initial, max, failOnFirstOpen);
        }

        public Options withFailOnFirstOpen(boolean fail) {
            return new Options(allowMissingCrc, maxFrameBytes, initialBackoff, maxBackoff, fail);
        }
    }

    /** Waits out a back-off; tests pass one that records the pauses instead of sleeping. */
    @FunctionalInterface
    public interface Sleeper {
        void sleep(Duration pause) throws InterruptedException;
    }

    /**
     * Counts since the reader was made: successful opens, streams that ended (for a file: its end), failed
     * opens, telegrams delivered, frames that could not be decoded, and the framer's own counts.
     */
    public record Statistics(long connects, long disconnects, long openFailures, long telegrams, long parseErrors,
                             FramerStatistics framer) {
        public Statistics {
            Objects.requireNonNull(framer, "framer");
        }

        /** Frames the framer dropped, whatever the reason. */
        public long rejected() {
            return framer.rejected();
        }
    }

    private final ByteSource source;
    private final TelegramListener listener;
    private final Options options;
    private final Sleeper sleeper;
    private final TelegramDecoder decoder;
    private final byte[] buffer = new byte[BUFFER_BYTES];
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final AtomicBoolean started = new AtomicBoolean();

    private volatile boolean closed;
    private volatile InputStream current;
    private final Backoff backoff;

    // written by the reading thread only, read by any
    private volatile long connects;
    private volatile long disconnects;
    private volatile long openFailures;
    private volatile long telegrams;
    private volatile long parseErrors;
    private volatile FramerStatistics framerSnapshot;

    /** A reader with the {@linkplain Options#DEFAULTS default options}. */
    public TelegramReader(ByteSource source, TelegramListener listener) {
        this(source, listener, Options.DEFAULTS);
    }

    /** A reader whose back-off pauses really wait, and end early on {@link #close()}. */
    public TelegramReader(ByteSource source, TelegramListener listener, Options options) {
        this(source, listener, options, null);
    }

    /** @param sleeper waits out each back-off pause; null waits for real, ending early on {@link #close()} */
    public TelegramReader(ByteSource source, TelegramListener listener, Options options, Sleeper sleeper) {
        this.source = Objects.requireNonNull(source, "source");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.options = Objects.requireNonNull(options, "options");
        this.sleeper = sleeper;
        this.decoder = new TelegramDecoder(new Delivery(), options.maxFrameBytes(), options.allowMissingCrc());
        this.backoff = new Backoff(options.initialBackoff(), options.maxBackoff());
        this.framerSnapshot = decoder.framerStatistics();
    }

    /**
     * Reads until {@link #close()}, the end of a finite source, or an interrupt during a back-off pause.
     *
     * @throws IOException when a finite source cannot be opened or read, or when the first open fails and
     *                     {@link Options#failOnFirstOpen()} is set; the message names the source
     * @throws IllegalStateException when called a second time
     */
    public void run() throws IOException {
        if (!started.compareAndSet(false, true)) {
            throw new IllegalStateException("this reader of " + source.describe() + " has already run");
        }
        boolean firstOpen = true;
        try {
            while (!closed) {
                InputStream in;
                try {
                    in = source.open();
                } catch (IOException e) {
                    if (closed) {
                        return;
                    }
                    if (firstOpen && options.failOnFirstOpen() || source.isFinite()) {
                        throw e;
                    }
                    firstOpen = false;
                    openFailures++;
                    listener.onOpenFailed(e, backoff.current());
                    if (!backOff()) {
                        return;
                    }
                    continue;
                }
                firstOpen = false;
                if (!track(in)) {
                    return;
                }
                IOException failure;
                try {
                    connects++;
                    listener.onConnected(source.describe());
                    failure = readUntilEnd(in);
                } finally {
                    current = null;
                    closeQuietly(in);
                }
                if (closed) {
                    return;
                }
                decoder.endOfStream();
                framerSnapshot = decoder.framerStatistics();
                disconnects++;
                listener.onDisconnected(failure);
                if (source.isFinite()) {
                    if (failure != null) {
                        throw failure;
                    }
                    return;
                }
                if (!backOff()) {
                    return;
                }
            }
        } finally {
            framerSnapshot = decoder.framerStatistics();
        }
    }

    /** Stops {@link #run()}: closes the open stream, ends a back-off pause; frames still buffered are not delivered. */
    @Override
    public void close() {
        closed = true;
        closeSignal.countDown();
        InputStream in = current;
        if (in != null) {
            closeQuietly(in);
        }
    }

    public boolean isClosed() {
        return closed;
    }

    /** Hands every byte read from now on to {@code tap} too, before it is framed; null stops it. */
    public void tap(ByteTap tap) {
        decoder.tap(tap);
    }

    /** A snapshot of the counts; the framer's part is as of the last chunk of bytes fed to it. */
    public Statistics statistics() {
        return new Statistics(connects, disconnects, openFailures, telegrams, parseErrors, framerSnapshot);
    }

    /** The source this reader reads. */
    public ByteSource source() {
        return source;
    }

    private IOException readUntilEnd(InputStream in) {
        try {
            while (!closed) {
                int n = in.read(buffer, 0, buffer.length);
                if (n < 0) {
                    return null;
                }
                // a stream with its own read timeout may hand back nothing: look at closed and read again
                if (n > 0) {
                    decoder.accept(buffer, 0, n);
                    framerSnapshot = decoder.framerStatistics();
                }
            }
            return null;
        } catch (IOException e) {
            return e;
        }
    }

    /** Makes {@code in} the stream {@link #close()} closes; false (and closed) when close() came first. */
    private boolean track(InputStream in) {
        current = in;
        if (closed) {
            current = null;
            closeQuietly(in);
            return false;
        }
        return true;
    }

    /** Waits the current back-off and doubles it up to the maximum; false when the reader was closed meanwhile. */
    private boolean backOff() {
        Duration pause = backoff.failed();
        try {
            if (sleeper != null) {
                sleeper.sleep(pause);
            } else {
                closeSignal.await(pause.toNanos(), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            // an interrupt is a request to stop: keep the flag for the caller and end run()
            Thread.currentThread().interrupt();
            return false;
        }
        return !closed;
    }

    private static void closeQuietly(InputStream in) {
        try {
            in.close();
        } catch (IOException | RuntimeException ignored) {
            // the stream is given up either way
        }
    }

    /** Passes the decoder's telegrams on while the reader is open; runs inside {@link TelegramDecoder#accept}. */
    private final class Delivery implements TelegramListener {
        @Override
        public void onTelegram(Telegram telegram) {
            if (closed) {
                return;     // closed from a listener: the rest of this chunk is not delivered
            }
            telegrams++;
            backoff.reset();
            listener.onTelegram(telegram);
        }

        @Override
        public void onGarbage(long bytes) {
            if (!closed) {
                listener.onGarbage(bytes);
            }
        }

        @Override
        public void onParseError(P1FormatException error) {
            if (!closed) {
                parseErrors++;
                listener.onParseError(error);
            }
        }

        @Override
        public void onRejected(Rejection reason, String detail) {
            if (!closed) {
                listener.onRejected(reason, detail);
            }
        }
    }
}
