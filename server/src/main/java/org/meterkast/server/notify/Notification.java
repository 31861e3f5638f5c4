package org.meterkast.server.notify;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * A notification as stored: of a meter, of a kind ({@code prepaid}) and the state it tells of ({@code LIMITED}),
 * with the arguments of its texts; its words come from the message keys {@code notify.<kind>.<state>.title} and
 * {@code .text}, in the reader's language.
 *
 * @param readAt null while unread
 */
public record Notification(long id, int meterId, String kind, String state, List<String> arguments,
                           Instant createdAt, Instant readAt) {
    public Notification {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(createdAt, "createdAt");
        arguments = List.copyOf(arguments);
    }

    /** Its arguments for MessageFormat: amounts and watts as numbers, so each language writes them its own way. */
    Object[] formatArguments() {
        return arguments.stream().map(a -> {
            try {
                return (Object) new java.math.BigDecimal(a);
            } catch (NumberFormatException e) {
                return a;
            }
        }).toArray();
    }

    /** The message key of one of its texts: {@code title} or {@code text}. */
    String key(String part) {
        return "notify." + kind + "." + state.toLowerCase(java.util.Locale.ROOT) + "." + part;
    }
}
