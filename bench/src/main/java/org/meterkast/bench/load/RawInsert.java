package org.meterkast.bench.load;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The anchor for the store: the rows a run stored, read back and written with plain JDBC batches in one
 * transaction into a fresh copy of the server's schema on the same database server (or SQLite file system).
 */
final class RawInsert {
    /** One batch as the server's history fill sends them. */
    static final int BATCH = 4096;

    static final String INSERT_QUARTER = """
            INSERT INTO quarter (meter_id, start_epoch, segment,
                import_day_wh, import_night_wh, export_day_wh, export_night_wh, estimated)
            VALUES (?, ?, ?, ?, ?, ?, ?, ?)""";
    static final String INSERT_VOLUME = """
            INSERT INTO hourly_volume (meter_id, medium, start_epoch, segment, litres, estimated)
            VALUES (?, ?, ?, ?, ?, ?)""";
    /** The statements the server's QuarterRepository sends: the same insert, idempotent. */
    static final String UPSERT_QUARTER = INSERT_QUARTER + """

            ON CONFLICT (meter_id, start_epoch) DO UPDATE SET segment = excluded.segment,
                import_day_wh = excluded.import_day_wh, import_night_wh = excluded.import_night_wh,
                export_day_wh = excluded.export_day_wh, export_night_wh = excluded.export_night_wh,
                estimated = excluded.estimated
            WHERE quarter.estimated > excluded.estimated""";
    static final String UPSERT_VOLUME = INSERT_VOLUME + """

            ON CONFLICT (meter_id, medium, start_epoch) DO UPDATE SET segment = excluded.segment,
                litres = excluded.litres, estimated = excluded.estimated
            WHERE hourly_volume.estimated > excluded.estimated""";

    /** A quarter row: start, segment, the four energies, estimated. */
    record QuarterRow(long start, int segment, long importDay, long importNight, long exportDay, long exportNight,
                      boolean estimated) {
    }

    /** An hourly gas or water row. */
    record VolumeRow(String medium, long start, int segment, long litres, boolean estimated) {
    }

    /** What one run stored for a meter. */
    record Rows(List<QuarterRow> quarters, List<VolumeRow> volumes) {
        int size() {
            return quarters.size() + volumes.size();
        }

        Rows quartersOnly() {
            return new Rows(quarters, List.of());
        }
    }

    private RawInsert() {
    }

    /** The quarters and hourly volumes stored for the meter of this name. */
    static Rows read(Database db, String meter) throws SQLException {
        List<QuarterRow> quarters = new ArrayList<>();
        List<VolumeRow> volumes = new ArrayList<>();
        try (Connection c = db.connect()) {
            int id;
            try (PreparedStatement ps = c.prepareStatement("SELECT id FROM meter WHERE name = ?")) {
                ps.setString(1, meter);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new IllegalStateException("no meter '" + meter + "' in " + db);
                    }
                    id = rs.getInt(1);
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT start_epoch, segment, import_day_wh, import_night_wh, export_day_wh, export_night_wh,
                        estimated FROM quarter WHERE meter_id = ? ORDER BY start_epoch""")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        quarters.add(new QuarterRow(rs.getLong(1), rs.getInt(2), rs.getLong(3), rs.getLong(4),
                                rs.getLong(5), rs.getLong(6), rs.getBoolean(7)));
                    }
                }
            }
            try (PreparedStatement ps = c.prepareStatement("""
                    SELECT medium, start_epoch, segment, litres, estimated FROM hourly_volume
                    WHERE meter_id = ? ORDER BY medium, start_epoch""")) {
                ps.setInt(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        volumes.add(new VolumeRow(rs.getString(1), rs.getLong(2), rs.getInt(3), rs.getLong(4),
                                rs.getBoolean(5)));
                    }
                }
            }
        }
        return new Rows(quarters, volumes);
    }

    /**
     * Makes {@code target} fresh with the server's schema and one meter, then times writing the rows in batches
     * of {@link #BATCH} in one transaction, commit included. Returns nanoseconds.
     */
    static long insert(Database target, Path serverJar, Rows rows, boolean upsert) throws SQLException {
        target.create();
        target.createSchema(serverJar);
        try (Connection c = target.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter (id, name, source) VALUES (1, 'home', 'raw')")) {
                ps.executeUpdate();
            }
            c.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement q = c.prepareStatement(upsert ? UPSERT_QUARTER : INSERT_QUARTER);
                 PreparedStatement v = c.prepareStatement(upsert ? UPSERT_VOLUME : INSERT_VOLUME)) {
                int n = 0;
                for (QuarterRow r : rows.quarters()) {
                    q.setInt(1, 1);
                    q.setLong(2, r.start());
                    q.setInt(3, r.segment());
                    q.setLong(4, r.importDay());
                    q.setLong(5, r.importNight());
                    q.setLong(6, r.exportDay());
                    q.setLong(7, r.exportNight());
                    q.setBoolean(8, r.estimated());
                    q.addBatch();
                    if (++n % BATCH == 0) {
                        q.executeBatch();
                    }
                }
                q.executeBatch();
                n = 0;
                for (VolumeRow r : rows.volumes()) {
                    v.setInt(1, 1);
                    v.setString(2, r.medium());
                    v.setLong(3, r.start());
                    v.setInt(4, r.segment());
                    v.setLong(5, r.litres());
                    v.setBoolean(6, r.estimated());
                    v.addBatch();
                    if (++n % BATCH == 0) {
                        v.executeBatch();
                    }
                }
                v.executeBatch();
            }
            c.commit();
            long elapsed = System.nanoTime() - started;
            try (var s = c.createStatement(); var rs = s.executeQuery("SELECT COUNT(*) FROM quarter")) {
                rs.next();
                if (rs.getLong(1) != rows.quarters().size()) {
                    throw new IllegalStateException("raw insert stored " + rs.getLong(1) + " quarters, not "
                            + rows.quarters().size());
                }
            }
            return elapsed;
        }
    }

    static final String UPSERT_STATE = """
            INSERT INTO meter_state (meter_id, boundary_epoch, segment,
                import_day_wh, import_night_wh, export_day_wh, export_night_wh)
            VALUES (?, ?, ?, ?, ?, ?, ?)
            ON CONFLICT (meter_id) DO UPDATE SET boundary_epoch = excluded.boundary_epoch,
                segment = excluded.segment, import_day_wh = excluded.import_day_wh,
                import_night_wh = excluded.import_night_wh, export_day_wh = excluded.export_day_wh,
                export_night_wh = excluded.export_night_wh""";

    /**
     * The shape of the live ingest's writes: each quarter in a transaction of its own, with the upsert of the
     * quarter and of the meter's resume state, as the server does when a quarter closes. Returns nanoseconds.
     */
    static long insertEach(Database target, Path serverJar, Rows rows) throws SQLException {
        target.create();
        target.createSchema(serverJar);
        try (Connection c = target.connect()) {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO meter (id, name, source) VALUES (1, 'home', 'raw')")) {
                ps.executeUpdate();
            }
            c.setAutoCommit(false);
            long started = System.nanoTime();
            try (PreparedStatement q = c.prepareStatement(UPSERT_QUARTER);
                 PreparedStatement s = c.prepareStatement(UPSERT_STATE)) {
                for (QuarterRow r : rows.quarters()) {
                    q.setInt(1, 1);
                    q.setLong(2, r.start());
                    q.setInt(3, r.segment());
                    q.setLong(4, r.importDay());
                    q.setLong(5, r.importNight());
                    q.setLong(6, r.exportDay());
                    q.setLong(7, r.exportNight());
                    q.setBoolean(8, r.estimated());
                    q.executeUpdate();
                    s.setInt(1, 1);
                    s.setLong(2, r.start() + 900);
                    s.setInt(3, r.segment());
                    s.setLong(4, r.importDay());
                    s.setLong(5, r.importNight());
                    s.setLong(6, r.exportDay());
                    s.setLong(7, r.exportNight());
                    s.executeUpdate();
                    c.commit();
                }
            }
            return System.nanoTime() - started;
        }
    }
}
