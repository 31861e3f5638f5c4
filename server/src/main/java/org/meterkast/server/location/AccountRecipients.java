package org.meterkast.server.location;

import java.util.List;
import java.util.Locale;
import org.meterkast.server.notify.MeterRecipients;
import org.meterkast.server.notify.Recipient;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** A meter's notifications go to the account whose address shows it, in that account's language. */
@Component
class AccountRecipients implements MeterRecipients {
    private final JdbcClient jdbc;

    AccountRecipients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public List<Recipient> of(String meterId) {
        return jdbc.sql("""
                        SELECT a.email, a.language FROM location l JOIN meter m ON m.id = l.meter_id
                        JOIN account a ON a.id = l.account_id WHERE m.name = ?""")
                .param(meterId)
                .query((rs, n) -> new Recipient(rs.getString(1), Locale.forLanguageTag(rs.getString(2))))
                .list();
    }
}
