package org.meterkast.server.notify;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/** The notifications and, per meter and kind, the last state told. */
@Repository
class NotificationRepository {
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };

    private static final String SELECT =
            "SELECT id, meter_id, kind, state, arguments, created_epoch, read_epoch FROM notification";

    private final JdbcClient jdbc;
    private final JsonMapper json;

    NotificationRepository(JdbcClient jdbc, JsonMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /**
     * Keeps {@code state} as the meter's last state of this kind.
     *
     * @return whether it is a change (or the first state seen): only the caller whose write changed it tells it
     */
    boolean changeState(int meterId, String kind, String state, Instant at) {
        return jdbc.sql("""
                        INSERT INTO notified_state (meter_id, kind, state, changed_epoch) VALUES (?, ?, ?, ?)
                        ON CONFLICT (meter_id, kind) DO UPDATE SET state = excluded.state,
                            changed_epoch = excluded.changed_epoch
                        WHERE notified_state.state <> excluded.state""")
                .params(meterId, kind, state, at.getEpochSecond())
                .update() > 0;
    }

    Optional<String> lastState(int meterId, String kind) {
        return jdbc.sql("SELECT state FROM notified_state WHERE meter_id = ? AND kind = ?")
                .params(meterId, kind).query(String.class).optional();
    }

    Notification add(int meterId, String kind, String state, List<String> arguments, Instant at) {
        jdbc.sql("INSERT INTO notification (meter_id, kind, state, arguments, created_epoch) VALUES (?, ?, ?, ?, ?)")
                .params(meterId, kind, state, json.writeValueAsString(arguments), at.getEpochSecond())
                .update();
        // the meter's highest id: written in the caller's transaction, so it is the one just added
        return jdbc.sql(SELECT + " WHERE meter_id = ? ORDER BY id DESC LIMIT 1").param(meterId).query(this::row)
                .single();
    }

    /** The meter's notifications, newest first. */
    List<Notification> list(int meterId) {
        return jdbc.sql(SELECT + " WHERE meter_id = ? ORDER BY created_epoch DESC, id DESC").param(meterId)
                .query(this::row).list();
    }

    private Notification row(java.sql.ResultSet rs, int n) throws java.sql.SQLException {
        long read = rs.getLong("read_epoch");
        Instant readAt = rs.wasNull() ? null : Instant.ofEpochSecond(read);
        return new Notification(rs.getLong("id"), rs.getInt("meter_id"), rs.getString("kind"), rs.getString("state"),
                json.readValue(rs.getString("arguments"), STRINGS), Instant.ofEpochSecond(rs.getLong("created_epoch")),
                readAt);
    }

    /** Marks it read (once: a second time keeps the first time); false when the meter has no such notification. */
    boolean markRead(int meterId, long id, Instant at) {
        jdbc.sql("UPDATE notification SET read_epoch = ? WHERE meter_id = ? AND id = ? AND read_epoch IS NULL")
                .params(at.getEpochSecond(), meterId, id).update();
        return jdbc.sql("SELECT COUNT(*) FROM notification WHERE meter_id = ? AND id = ?")
                .params(meterId, id).query(Long.class).single() > 0;
    }
}
