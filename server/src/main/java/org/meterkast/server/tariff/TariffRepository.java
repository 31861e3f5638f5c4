package org.meterkast.server.tariff;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Every change to a location's tariffs, kept: a save or a deletion of the version from a date. */
@Repository
class TariffRepository {
    /** One change as stored; {@code tariff} is the JSON of a {@link TariffForm}, null for a deletion. */
    record Change(LocalDate validFrom, Instant savedAt, boolean deleted, String tariff) {
    }

    private final JdbcClient jdbc;

    TariffRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    void add(int meterId, LocalDate validFrom, Instant savedAt, String tariff) {
        jdbc.sql("""
                        INSERT INTO tariff_change (meter_id, valid_from, saved_epoch, seq, deleted, tariff)
                        SELECT ?, ?, ?, COALESCE(MAX(seq), 0) + 1, ?, ? FROM tariff_change WHERE meter_id = ?""")
                .params(meterId, validFrom.toString(), savedAt.getEpochSecond(), tariff == null, tariff, meterId)
                .update();
    }

    /** The meter's changes, oldest first. */
    List<Change> changes(int meterId) {
        return jdbc.sql("""
                        SELECT valid_from, saved_epoch, deleted, tariff FROM tariff_change WHERE meter_id = ?
                        ORDER BY seq""")
                .param(meterId)
                .query((rs, n) -> new Change(LocalDate.parse(rs.getString(1)), Instant.ofEpochSecond(rs.getLong(2)),
                        rs.getBoolean(3), rs.getString(4)))
                .list();
    }
}
