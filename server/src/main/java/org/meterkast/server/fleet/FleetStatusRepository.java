package org.meterkast.server.fleet;

import java.sql.Types;
import java.util.List;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Repository;

/**
 * This node's rows of {@code fleet_meter_status} (V25): what it heard of each meter. The counts written are what the
 * node heard since its last write, added to the row's, so a write that failed and is made again counts nothing twice
 * and nothing is lost when the node's counts start again from zero.
 */
@Repository
class FleetStatusRepository {
    private static final String UPSERT = """
            INSERT INTO fleet_meter_status (meter_name, node, first_heard_ms, last_telegram_ms, telegrams, rejected,
                last_problem, last_problem_ms, updated_ms)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_name, node) DO UPDATE SET
                last_telegram_ms = COALESCE(excluded.last_telegram_ms, fleet_meter_status.last_telegram_ms),
                telegrams = fleet_meter_status.telegrams + excluded.telegrams,
                rejected = fleet_meter_status.rejected + excluded.rejected,
                last_problem = COALESCE(excluded.last_problem, fleet_meter_status.last_problem),
                last_problem_ms = COALESCE(excluded.last_problem_ms, fleet_meter_status.last_problem_ms),
                updated_ms = excluded.updated_ms""";

    private final JdbcTemplate jdbc;

    FleetStatusRepository(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * What a node heard of one meter since its last write.
     *
     * @param telegrams     messages since the last write
     * @param rejected      of which not taken (not a telegram, no registers, clock far off, unknown meter excluded)
     * @param lastProblem   the newest problem since the last write, or null
     */
    record Heard(String meterName, long firstHeardMs, Long lastTelegramMs, long telegrams, long rejected,
                 String lastProblem, Long lastProblemMs) {
    }

    /** Adds this node's rows in one batch. */
    void save(String node, List<Heard> heard, long nowMs) {
        if (heard.isEmpty()) {
            return;
        }
        jdbc.batchUpdate(UPSERT, heard, heard.size(), (ps, h) -> {
            ps.setString(1, h.meterName());
            ps.setString(2, node);
            ps.setLong(3, h.firstHeardMs());
            setLong(ps, 4, h.lastTelegramMs());
            ps.setLong(5, h.telegrams());
            ps.setLong(6, h.rejected());
            if (h.lastProblem() == null) {
                ps.setNull(7, Types.VARCHAR);
            } else {
                ps.setString(7, h.lastProblem());
            }
            setLong(ps, 8, h.lastProblemMs());
            ps.setLong(9, nowMs);
        });
    }

    private static void setLong(java.sql.PreparedStatement ps, int i, Long value) throws java.sql.SQLException {
        if (value == null) {
            ps.setNull(i, Types.BIGINT);
        } else {
            ps.setLong(i, value);
        }
    }
}
