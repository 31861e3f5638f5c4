package org.meterkast.server.ev;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meterkast.server.ev.ChargedQuarters.Charged;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;
import org.springframework.transaction.support.TransactionTemplate;

/** The charge points registered per address, their sessions and the energy each session charged per quarter. */
@Repository
class ChargePointRepository {
    /**
     * A charge point as registered by its device's settings, with what it said when it last booted; {@code withdrawn}
     * is when its adapter was removed in the app (it is no longer let in), null while it is registered.
     */
    record Registration(String chargePointId, long locationId, String device, String passwordHash, int phases,
                        String vendor, String model, String serialNumber, String firmware, Instant lastSeen,
                        Instant withdrawn) {
    }

    /**
     * What a charger was set to do when a quarter of its session was written: its mode and, in mode plan, its goal.
     *
     * @param mode       the mode's name as the preferences store it ({@code plan}, {@code now}, …)
     * @param normalUpTo "normal charging" up to this level, %; null when not set
     * @param targetSoc  the plan's target, %; null when not set
     */
    record Goal(String mode, Integer normalUpTo, Integer targetSoc) {
    }

    /** A session as stored; {@code stop} is null while it runs. */
    record StoredSession(int transactionId, String chargePointId, int connectorId, String idTag, Instant start,
                         long meterStartWh, Instant stop, Long meterStopWh, String stopReason, long quartersWh) {
        /** The energy it charged: stop minus start once stopped, the quarters stored so far while it runs. */
        long chargedWh() {
            return meterStopWh != null ? meterStopWh - meterStartWh : quartersWh;
        }
    }

    private static final String REGISTRATION = "SELECT charge_point_id, location_id, device, password_hash, phases, "
            + "vendor, model, serial_number, firmware, last_seen_epoch, withdrawn_epoch FROM charge_point";
    private static final String SESSION = "SELECT s.transaction_id, s.charge_point_id, s.connector_id, s.id_tag, "
            + "s.start_epoch, s.meter_start_wh, s.stop_epoch, s.meter_stop_wh, s.stop_reason, "
            + "(SELECT COALESCE(SUM(q.wh), 0) FROM charge_quarter q WHERE q.transaction_id = s.transaction_id) AS "
            + "quarters_wh FROM charge_session s";

    private final JdbcClient jdbc;
    private final TransactionTemplate transactions;

    ChargePointRepository(JdbcClient jdbc, TransactionTemplate transactions) {
        this.jdbc = jdbc;
        this.transactions = transactions;
    }

    /** The charge point's registration, withdrawn or not. */
    Optional<Registration> find(String chargePointId) {
        return jdbc.sql(REGISTRATION + " WHERE charge_point_id = ?").param(chargePointId).query(this::registration)
                .optional();
    }

    /** The charge point's registration while it is let in (not withdrawn). */
    Optional<Registration> registered(String chargePointId) {
        return find(chargePointId).filter(r -> r.withdrawn() == null);
    }

    /** The address's registered charge points (not the withdrawn ones), by device. */
    List<Registration> ofLocation(long locationId) {
        return jdbc.sql(REGISTRATION + " WHERE location_id = ? AND withdrawn_epoch IS NULL ORDER BY device")
                .param(locationId).query(this::registration).list();
    }

    Optional<Registration> ofDevice(long locationId, String device) {
        return jdbc.sql(REGISTRATION + " WHERE location_id = ? AND device = ?").params(locationId, device)
                .query(this::registration).optional();
    }

    /**
     * Registers the charge point for the device at its address, or updates its password and phases; a withdrawn
     * registration at the same address is taken up again, by this device (with its sessions: the same charger). A
     * device that had another charge point id gives it up (with its sessions). Returns false, changing nothing,
     * when the id is another device's at this address, or is registered (or withdrawn) at another address.
     */
    boolean register(String chargePointId, long locationId, String device, String passwordHash, int phases) {
        Boolean done = transactions.execute(tx -> {
            Optional<Registration> existing = find(chargePointId);
            if (existing.isPresent() && (existing.get().locationId() != locationId
                    || !existing.get().device().equals(device) && existing.get().withdrawn() == null)) {
                return false;
            }
            // the device took another charge point id: the old registration goes, its sessions with it
            jdbc.sql("DELETE FROM charge_point WHERE location_id = ? AND device = ? AND charge_point_id <> ?")
                    .params(locationId, device, chargePointId).update();
            if (existing.isPresent()) {
                jdbc.sql("UPDATE charge_point SET device = ?, password_hash = ?, phases = ?, withdrawn_epoch = NULL "
                        + "WHERE charge_point_id = ?").params(device, passwordHash, phases, chargePointId).update();
                return true;
            }
            jdbc.sql("INSERT INTO charge_point (charge_point_id, location_id, device, password_hash, phases) "
                    + "VALUES (?, ?, ?, ?, ?)").params(chargePointId, locationId, device, passwordHash, phases).update();
            return true;
        });
        return Boolean.TRUE.equals(done);
    }

    /** Whether {@link #register} would take this id for this device, changing nothing. */
    boolean isFree(String chargePointId, long locationId, String device) {
        return find(chargePointId).map(r -> r.locationId() == locationId
                && (r.device().equals(device) || r.withdrawn() != null)).orElse(true);
    }

    /** Withdraws a registration: the charge point is no longer let in; its sessions stay. */
    void withdraw(String chargePointId, Instant at) {
        jdbc.sql("UPDATE charge_point SET withdrawn_epoch = ? WHERE charge_point_id = ? AND withdrawn_epoch IS NULL")
                .params(at.getEpochSecond(), chargePointId).update();
    }

    /** Deletes a registration with its sessions and their quarters (its device was removed from its address). */
    void delete(String chargePointId) {
        jdbc.sql("DELETE FROM charge_point WHERE charge_point_id = ?").param(chargePointId).update();
    }

    /** The charge point id registered (or withdrawn) for the device at its address, if any. */
    Optional<String> idOf(long locationId, String device) {
        return jdbc.sql("SELECT charge_point_id FROM charge_point WHERE location_id = ? AND device = ?")
                .params(locationId, device).query(String.class).optional();
    }

    void booted(String chargePointId, OcppMessages.BootNotification boot, Instant at) {
        jdbc.sql("UPDATE charge_point SET vendor = ?, model = ?, serial_number = ?, firmware = ?, last_seen_epoch = ? "
                        + "WHERE charge_point_id = ?")
                .params(boot.vendor(), boot.model(), boot.serialNumber(), boot.firmware(), at.getEpochSecond(),
                        chargePointId).update();
    }

    void seen(String chargePointId, Instant at) {
        jdbc.sql("UPDATE charge_point SET last_seen_epoch = ? WHERE charge_point_id = ?")
                .params(at.getEpochSecond(), chargePointId).update();
    }

    /** Stores a new session and returns the transaction id it was given. */
    int startSession(String chargePointId, int connectorId, String idTag, Instant start, long meterStartWh) {
        return jdbc.sql("INSERT INTO charge_session (charge_point_id, connector_id, id_tag, start_epoch, "
                        + "meter_start_wh) VALUES (?, ?, ?, ?, ?) RETURNING transaction_id")
                .params(chargePointId, connectorId, idTag, start.getEpochSecond(), meterStartWh)
                .query(Integer.class).single();
    }

    /** Stores a session's stop with the quarters its stop closed, together, each with the charger's goal. */
    void stopSession(int transactionId, Instant stop, long meterStopWh, String reason, List<Charged> quarters,
                     Goal goal) {
        transactions.executeWithoutResult(tx -> {
            jdbc.sql("UPDATE charge_session SET stop_epoch = ?, meter_stop_wh = ?, stop_reason = ? "
                            + "WHERE transaction_id = ? AND stop_epoch IS NULL")
                    .params(stop.getEpochSecond(), meterStopWh, reason, transactionId).update();
            saveQuarters(transactionId, quarters, goal);
        });
    }

    /**
     * Writes quarters of a session with what the charger was set to do; writing one twice keeps the last value (a
     * replay changes nothing).
     */
    void saveQuarters(int transactionId, List<Charged> quarters, Goal goal) {
        for (Charged q : quarters) {
            jdbc.sql("INSERT INTO charge_quarter (transaction_id, start_epoch, wh, end_register_wh, mode, normal_up_to, "
                            + "target_soc) VALUES (?, ?, ?, ?, ?, ?, ?) "
                            + "ON CONFLICT (transaction_id, start_epoch) DO UPDATE SET wh = excluded.wh, "
                            + "end_register_wh = excluded.end_register_wh, mode = excluded.mode, "
                            + "normal_up_to = excluded.normal_up_to, target_soc = excluded.target_soc")
                    .params(transactionId, q.start().getEpochSecond(), q.wh(), q.endRegisterWh(),
                            goal == null ? null : goal.mode(), goal == null ? null : goal.normalUpTo(),
                            goal == null ? null : goal.targetSoc()).update();
        }
    }

    Optional<StoredSession> session(int transactionId) {
        return jdbc.sql(SESSION + " WHERE s.transaction_id = ?").param(transactionId).query(this::storedSession).optional();
    }

    /** The charge point's session still running, if any (the latest begun). */
    Optional<StoredSession> openSession(String chargePointId) {
        return jdbc.sql(SESSION + " WHERE s.charge_point_id = ? AND s.stop_epoch IS NULL "
                + "ORDER BY s.start_epoch DESC, s.transaction_id DESC LIMIT 1").param(chargePointId)
                .query(this::storedSession).optional();
    }

    /** The last quarter stored of a session. */
    Optional<Charged> lastQuarter(int transactionId) {
        return jdbc.sql("SELECT start_epoch, wh, end_register_wh FROM charge_quarter WHERE transaction_id = ? "
                        + "ORDER BY start_epoch DESC LIMIT 1").param(transactionId)
                .query((rs, n) -> new Charged(Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2), rs.getLong(3)))
                .optional();
    }

    /** A session's quarters, oldest first. */
    List<Charged> quarters(int transactionId) {
        return jdbc.sql("SELECT start_epoch, wh, end_register_wh FROM charge_quarter WHERE transaction_id = ? "
                        + "ORDER BY start_epoch").param(transactionId)
                .query((rs, n) -> new Charged(Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2), rs.getLong(3)))
                .list();
    }

    /** The charge point's sessions, newest first, a page at a time. */
    List<StoredSession> sessions(String chargePointId, int offset, int limit) {
        return jdbc.sql(SESSION + " WHERE s.charge_point_id = ? ORDER BY s.start_epoch DESC, s.transaction_id DESC "
                + "LIMIT ? OFFSET ?").params(chargePointId, limit, offset).query(this::storedSession).list();
    }

    long countSessions(String chargePointId) {
        return jdbc.sql("SELECT COUNT(*) FROM charge_session WHERE charge_point_id = ?").param(chargePointId)
                .query(Long.class).single();
    }

    /** The energy the charge point charged per quarter in [from, to), summed over its sessions, oldest first. */
    List<Charged> chargedQuarters(String chargePointId, Instant from, Instant to) {
        return jdbc.sql("SELECT q.start_epoch, SUM(q.wh) FROM charge_quarter q JOIN charge_session s "
                        + "ON s.transaction_id = q.transaction_id WHERE s.charge_point_id = ? AND q.start_epoch >= ? "
                        + "AND q.start_epoch < ? GROUP BY q.start_epoch ORDER BY q.start_epoch")
                .params(chargePointId, from.getEpochSecond(), to.getEpochSecond())
                .query((rs, n) -> new Charged(Instant.ofEpochSecond(rs.getLong(1)), rs.getLong(2), 0)).list();
    }

    /**
     * A quarter a session charged in mode plan, with the session it belongs to and the plan's goal then.
     *
     * @param normalUpTo null when "normal charging" was not set
     * @param targetSoc  null when the plan had no target
     */
    record PlannedQuarter(int transactionId, String idTag, Instant start, long wh, Integer normalUpTo,
                          Integer targetSoc) {
    }

    /**
     * The quarters in [from, to) that the address's chargers (withdrawn ones too) charged in mode plan, by session
     * and time.
     */
    List<PlannedQuarter> plannedQuarters(long locationId, Instant from, Instant to) {
        return jdbc.sql("""
                        SELECT s.transaction_id, s.id_tag, q.start_epoch, q.wh, q.normal_up_to, q.target_soc
                        FROM charge_quarter q
                        JOIN charge_session s ON s.transaction_id = q.transaction_id
                        JOIN charge_point p ON p.charge_point_id = s.charge_point_id
                        WHERE p.location_id = ? AND q.start_epoch >= ? AND q.start_epoch < ? AND q.mode = 'plan'
                        ORDER BY s.transaction_id, q.start_epoch""")
                .params(locationId, from.getEpochSecond(), to.getEpochSecond())
                .query((rs, n) -> new PlannedQuarter(rs.getInt(1), rs.getString(2),
                        Instant.ofEpochSecond(rs.getLong(3)), rs.getLong(4), rs.getObject(5, Integer.class),
                        rs.getObject(6, Integer.class)))
                .list();
    }

    private Registration registration(ResultSet rs, int n) throws SQLException {
        long seen = rs.getLong("last_seen_epoch");
        Instant lastSeen = rs.wasNull() ? null : Instant.ofEpochSecond(seen);
        long withdrawnEpoch = rs.getLong("withdrawn_epoch");
        Instant withdrawn = rs.wasNull() ? null : Instant.ofEpochSecond(withdrawnEpoch);
        return new Registration(rs.getString("charge_point_id"), rs.getLong("location_id"), rs.getString("device"),
                rs.getString("password_hash"), rs.getInt("phases"), rs.getString("vendor"), rs.getString("model"),
                rs.getString("serial_number"), rs.getString("firmware"), lastSeen, withdrawn);
    }

    private StoredSession storedSession(ResultSet rs, int n) throws SQLException {
        long stop = rs.getLong("stop_epoch");
        Instant stopAt = rs.wasNull() ? null : Instant.ofEpochSecond(stop);
        long meterStop = rs.getLong("meter_stop_wh");
        Long meterStopWh = rs.wasNull() ? null : meterStop;
        return new StoredSession(rs.getInt("transaction_id"), rs.getString("charge_point_id"),
                rs.getInt("connector_id"), rs.getString("id_tag"), Instant.ofEpochSecond(rs.getLong("start_epoch")),
                rs.getLong("meter_start_wh"), stopAt, meterStopWh, rs.getString("stop_reason"),
                rs.getLong("quarters_wh"));
    }
}
