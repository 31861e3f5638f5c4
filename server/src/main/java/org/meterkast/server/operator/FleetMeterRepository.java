package org.meterkast.server.operator;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads fleet_meter_status (V25, one row per meter and node, written by every node) for the operator: the database
 * sums each meter's rows, joins its address and account, filters, sorts and cuts the page, so a fleet of 10,000
 * meters never passes through the heap (docs/BENCHMARKS.md, "Fleet page").
 */
@Repository
class FleetMeterRepository {
    /**
     * Each meter once: last telegram the newest of its nodes', counters summed, then whether it is known, silent and
     * rejecting as of the instant given, and its place in the order (rejecting, silent, unknown, the rest).
     */
    private static final String JUDGED = """
            WITH heard AS (
                SELECT meter_name, MIN(first_heard_ms) AS first_heard_ms, MAX(last_telegram_ms) AS last_telegram_ms,
                       SUM(telegrams) AS telegrams, SUM(rejected) AS rejected, MAX(last_problem_ms) AS last_problem_ms
                FROM fleet_meter_status
                GROUP BY meter_name
            ), judged AS (
                SELECT h.meter_name, h.first_heard_ms, h.last_telegram_ms, h.telegrams, h.rejected, h.last_problem_ms,
                       l.ean_electricity AS ean, a.email AS email,
                       CASE WHEN m.id IS NULL THEN 1 ELSE 0 END AS is_unknown,
                       CASE WHEN h.last_telegram_ms IS NULL OR h.last_telegram_ms < :silentBefore THEN 1 ELSE 0 END
                           AS is_silent,
                       CASE WHEN h.last_problem_ms >= :silentBefore THEN 1 ELSE 0 END AS is_rejecting
                FROM heard h
                LEFT JOIN meter m ON m.name = h.meter_name
                LEFT JOIN location l ON l.meter_id = m.id
                LEFT JOIN account a ON a.id = l.account_id
            )
            """;
    private static final String RANK = "CASE WHEN is_rejecting = 1 THEN 0 WHEN is_silent = 1 THEN 1 "
            + "WHEN is_unknown = 1 THEN 2 ELSE 3 END";

    private final JdbcClient jdbc;

    FleetMeterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** How many meters the nodes heard, and how many of them are unknown, silent and rejecting. */
    record Counts(long meters, long unknown, long silent, long rejecting) {
    }

    /** One page of the list, and how many meters the search and state match in all. */
    record Page(List<FleetMeter> meters, long total) {
    }

    Counts counts(Instant silentBefore) {
        return jdbc.sql(JUDGED + """
                        SELECT COUNT(*) AS meters, COALESCE(SUM(is_unknown), 0) AS unknown,
                               COALESCE(SUM(is_silent), 0) AS silent, COALESCE(SUM(is_rejecting), 0) AS rejecting
                        FROM judged""")
                .param("silentBefore", silentBefore.toEpochMilli())
                .query((rs, n) -> new Counts(rs.getLong("meters"), rs.getLong("unknown"), rs.getLong("silent"),
                        rs.getLong("rejecting")))
                .single();
    }

    /**
     * The meters of one state whose id or EAN starts with {@code prefix} (any when null), problems first, then by
     * meter id; {@code size} of them from {@code offset}.
     */
    Page page(Instant silentBefore, FleetState state, String prefix, int offset, int size) {
        List<String> conditions = new ArrayList<>();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("silentBefore", silentBefore.toEpochMilli());
        switch (state) {
            case ALL -> { }
            case SILENT -> conditions.add("is_silent = 1");
            case UNKNOWN -> conditions.add("is_unknown = 1");
            case REJECTING -> conditions.add("is_rejecting = 1");
        }
        if (prefix != null) {
            // substr rather than LIKE: a meter id may hold _ and the match is case-sensitive in both databases
            conditions.add("(substr(meter_name, 1, :length) = :prefix OR substr(ean, 1, :length) = :prefix)");
            params.put("length", prefix.length());
            params.put("prefix", prefix);
        }
        params.put("size", size);
        params.put("offset", offset);
        String where = conditions.isEmpty() ? "" : " WHERE " + String.join(" AND ", conditions);
        // the newest problem's text is looked up for the page's meters only, not for the whole fleet
        String sql = JUDGED + """
                SELECT p.*, (SELECT s.last_problem FROM fleet_meter_status s
                             WHERE s.meter_name = p.meter_name AND s.last_problem_ms = p.last_problem_ms
                             ORDER BY s.node LIMIT 1) AS last_problem
                FROM (SELECT judged.*, %1$s AS problem_rank, COUNT(*) OVER () AS total FROM judged%2$s
                      ORDER BY problem_rank, meter_name LIMIT :size OFFSET :offset) p
                ORDER BY p.problem_rank, p.meter_name""".formatted(RANK, where);
        long[] total = {0};
        List<FleetMeter> meters = jdbc.sql(sql).params(params).query((rs, n) -> {
            total[0] = rs.getLong("total");
            return meter(rs);
        }).list();
        if (meters.isEmpty() && offset > 0) {
            total[0] = jdbc.sql(JUDGED + "SELECT COUNT(*) FROM judged" + where).params(params).query(Long.class).single();
        }
        return new Page(meters, total[0]);
    }

    private static FleetMeter meter(ResultSet rs) throws SQLException {
        return new FleetMeter(rs.getString("meter_name"), rs.getInt("is_unknown") == 0, rs.getString("ean"),
                rs.getString("email"), instant(rs, "first_heard_ms"), instant(rs, "last_telegram_ms"),
                rs.getLong("telegrams"), rs.getLong("rejected"), rs.getString("last_problem"),
                instant(rs, "last_problem_ms"), rs.getInt("is_silent") == 1, rs.getInt("is_rejecting") == 1);
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        long ms = rs.getLong(column);
        return rs.wasNull() ? null : Instant.ofEpochMilli(ms);
    }
}
