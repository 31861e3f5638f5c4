package org.meterkast.server.notify;

import java.util.List;

/**
 * Who hears of a meter's notifications by e-mail: the account whose address shows it
 * ({@code location.AccountRecipients}).
 */
public interface MeterRecipients {
    /** The recipients of the meter with this name (the name the API calls it by); empty when nobody. */
    List<Recipient> of(String meterId);
}
