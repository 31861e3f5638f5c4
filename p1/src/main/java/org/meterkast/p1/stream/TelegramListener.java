package org.meterkast.p1.stream;

import java.io.IOException;
import java.time.Duration;
import org.meterkast.p1.P1FormatException;
import org.meterkast.p1.Rejection;
import org.meterkast.p1.Telegram;

/**
 * Receives what a {@link TelegramReader} reads, on the reader's thread. An exception thrown here ends
 * {@link TelegramReader#run()}.
 */
@FunctionalInterface
public interface TelegramListener {
    /** A telegram with a valid CRC (or none, when allowed), decoded. */
    void onTelegram(Telegram telegram);

    /** A frame the framer dropped, and why; {@code detail} says what was seen. */
    default void onRejected(Rejection reason, String detail) {
    }

    /** Bytes outside any telegram were skipped (noise, a dongle sending something else); {@code bytes} since the last call. */
    default void onGarbage(long bytes) {
    }

    /** A frame with a valid CRC that could not be decoded at all. */
    default void onParseError(P1FormatException error) {
    }

    /** The source was opened (again). */
    default void onConnected(String source) {
    }

    /** Opening the source failed; the reader waits {@code retryIn} and tries again. */
    default void onOpenFailed(IOException cause, Duration retryIn) {
    }

    /**
     * The stream ended: {@code cause} is the read error, or null when the other end closed it (or a file ended).
     * A source that is not finite is opened again after a back-off.
     */
    default void onDisconnected(IOException cause) {
    }
}
