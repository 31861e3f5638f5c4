package org.meterkast.server.notify;

import java.util.Locale;
import java.util.Objects;

/** Someone told of a meter's notifications by e-mail, in their language. */
public record Recipient(String email, Locale language) {
    public Recipient {
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(language, "language");
    }
}
