package org.meterkast.server.notify;

import java.util.List;

/**
 * Who hears of a meter's notifications by e-mail. The accounts provide the real list (as a {@code @Component}, so
 * that it replaces {@link NotifyConfiguration}'s fallback, which tells nobody).
 */
public interface MeterRecipients {
    /** The recipients of the meter with this name (the name the API calls it by); empty when nobody. */
    List<Recipient> of(String meterId);
}
