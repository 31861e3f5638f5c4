package org.meterkast.server.ingest;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.p1.Telegram;

/**
 * Handed by ingest to every {@link Listener} for every decoded telegram, on the meter's reading thread; listeners must
 * not block. It goes to them directly, not as an application event, as a meter replaying its history delivers
 * hundreds of thousands a second ({@link ReceivedTelegrams}).
 */
public record TelegramReceived(String meter, Instant receivedAt, Telegram telegram) {
    public TelegramReceived {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(telegram, "telegram");
    }

    /**
     * A part that follows the meters live. A bean implementing it is handed every telegram; an {@code @EventListener}
     * method for this record would see none from ingest.
     */
    @FunctionalInterface
    public interface Listener {
        /** On the meter's reading thread: an exception is counted as that telegram's failure. */
        void on(TelegramReceived event);
    }
}
