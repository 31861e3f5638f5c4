package org.meterkast.server.store;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The meters and, per meter, where its quarter builder stands. */
@Repository
public class MeterRepository {
    private final JdbcClient jdbc;

    MeterRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** The meter with this name, made if new; its source description is updated to {@code source}. */
    public Meter register(String name, String source) {
        jdbc.sql("INSERT INTO meter (name, source) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET source = excluded.source")
                .params(name, source)
                .update();
        return find(name).orElseThrow(() -> new IllegalStateException("meter '" + name + "' was not stored"));
    }

    public Optional<Meter> find(String name) {
        return jdbc.sql("SELECT id, name, source FROM meter WHERE name = ?")
                .param(name)
                .query((rs, n) -> new Meter(rs.getInt("id"), rs.getString("name"), rs.getString("source")))
                .optional();
    }

    /** The meter with this name; throws {@link UnknownMeterException} naming it when there is none. */
    public Meter require(String name) {
        return find(name).orElseThrow(() -> new UnknownMeterException(name));
    }

    /** Every meter, by name. */
    public List<Meter> all() {
        return jdbc.sql("SELECT id, name, source FROM meter ORDER BY name")
                .query((rs, n) -> new Meter(rs.getInt("id"), rs.getString("name"), rs.getString("source")))
                .list();
    }

    /** Where the meter's quarter builder stood when last saved; empty for a meter never read. */
    public Optional<MeterState> state(int meterId) {
        return jdbc.sql("""
                        SELECT boundary_epoch, segment, import_day_wh, import_night_wh, export_day_wh, export_night_wh
                        FROM meter_state WHERE meter_id = ?""")
                .param(meterId)
                .query((rs, n) -> new MeterState(new RegisterSnapshot(
                        Instant.ofEpochSecond(rs.getLong("boundary_epoch")),
                        new Registers(rs.getLong("import_day_wh"), rs.getLong("import_night_wh"),
                                rs.getLong("export_day_wh"), rs.getLong("export_night_wh"))),
                        rs.getInt("segment")))
                .optional();
    }

    public void saveState(int meterId, MeterState state) {
        Registers r = state.boundary().registers();
        jdbc.sql("""
                        INSERT INTO meter_state (meter_id, boundary_epoch, segment,
                            import_day_wh, import_night_wh, export_day_wh, export_night_wh)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        ON CONFLICT (meter_id) DO UPDATE SET boundary_epoch = excluded.boundary_epoch,
                            segment = excluded.segment, import_day_wh = excluded.import_day_wh,
                            import_night_wh = excluded.import_night_wh, export_day_wh = excluded.export_day_wh,
                            export_night_wh = excluded.export_night_wh""")
                .params(meterId, state.boundary().at().getEpochSecond(), state.segment(),
                        r.importDay(), r.importNight(), r.exportDay(), r.exportNight())
                .update();
    }
}
