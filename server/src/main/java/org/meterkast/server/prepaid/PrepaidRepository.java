package org.meterkast.server.prepaid;

import java.math.BigDecimal;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.prepaid.TopUp;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** A Prepaid household's terms and top-ups. */
@Repository
class PrepaidRepository {
    /** The stored terms: the JSON of a {@link PrepaidTermsForm} and the date Prepaid started. */
    record StoredTerms(LocalDate since, String terms) {
    }

    private final JdbcClient jdbc;

    PrepaidRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void saveTerms(int meterId, LocalDate since, String terms, Instant saved) {
        jdbc.sql("""
                        INSERT INTO prepaid_terms (meter_id, since, terms, saved_epoch) VALUES (?, ?, ?, ?)
                        ON CONFLICT (meter_id) DO UPDATE SET since = excluded.since, terms = excluded.terms,
                            saved_epoch = excluded.saved_epoch""")
                .params(meterId, since.toString(), terms, saved.getEpochSecond())
                .update();
    }

    Optional<StoredTerms> terms(int meterId) {
        return jdbc.sql("SELECT since, terms FROM prepaid_terms WHERE meter_id = ?")
                .param(meterId)
                .query((rs, n) -> new StoredTerms(LocalDate.parse(rs.getString(1)), rs.getString(2)))
                .optional();
    }

    /** The row ids of the meters that have terms. */
    List<Integer> metersWithTerms() {
        return jdbc.sql("SELECT meter_id FROM prepaid_terms ORDER BY meter_id").query(Integer.class).list();
    }

    void addTopUp(int meterId, TopUp topUp) {
        jdbc.sql("""
                        INSERT INTO prepaid_top_up (meter_id, seq, at_epoch, amount_cents, channel)
                        SELECT ?, COALESCE(MAX(seq), 0) + 1, ?, ?, ? FROM prepaid_top_up WHERE meter_id = ?""")
                .params(meterId, topUp.at().getEpochSecond(), topUp.amount().movePointRight(2).longValueExact(),
                        topUp.channel(), meterId)
                .update();
    }

    /** The top-ups, oldest first. */
    List<TopUp> topUps(int meterId) {
        return jdbc.sql("SELECT at_epoch, amount_cents, channel FROM prepaid_top_up WHERE meter_id = ? ORDER BY at_epoch, seq")
                .param(meterId)
                .query((rs, n) -> new TopUp(Instant.ofEpochSecond(rs.getLong(1)), BigDecimal.valueOf(rs.getLong(2), 2),
                        rs.getString(3)))
                .list();
    }
}
