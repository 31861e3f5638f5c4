package org.meterkast.server.ingest;

import java.time.Instant;
import java.util.Objects;
import org.meterkast.p1.Telegram;

/** Published by ingest for every decoded telegram, on the meter's reading thread; listeners must not block. */
public record TelegramReceived(String meter, Instant receivedAt, Telegram telegram) {
    public TelegramReceived {
        Objects.requireNonNull(meter, "meter");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(telegram, "telegram");
    }
}
