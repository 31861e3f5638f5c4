package org.meterkast.server.ingest;

import org.meterkast.p1.stream.TelegramListener;

/**
 * Where one meter's telegrams come from. An adapter reads on a thread of its own and delivers to the listener
 * on it; {@link #close()} stops it and waits for that thread, so nothing is delivered after it returns.
 */
interface MeterSource extends AutoCloseable {
    /** What the source is, for the API and messages: {@code 192.168.1.50:2000}, {@code file capture.txt}. */
    String describe();

    void start(TelegramListener listener);

    @Override
    void close();
}
