package org.meterkast.server.store;

import java.time.Instant;
import java.time.YearMonth;
import java.util.Collection;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.energy.quarter.Registers;
import org.meterkast.energy.quarter.VolumeBoundary;
import org.meterkast.p1.Medium;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The meters and, per meter, where its quarter builder stands. */
@Repository
public class MeterRepository {
    private final JdbcClient jdbc;

    public MeterRepository(JdbcClient jdbc) {
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

    /** Where the meter's gas and water builders stood when last saved, per medium. */
    public Map<Medium, VolumeBoundary> volumeStates(int meterId) {
        Map<Medium, VolumeBoundary> states = new EnumMap<>(Medium.class);
        jdbc.sql("SELECT medium, boundary_epoch, segment, litres FROM volume_state WHERE meter_id = ?")
                .param(meterId)
                .query(rs -> {
                    states.put(Medium.valueOf(rs.getString("medium").toUpperCase(Locale.ROOT)),
                            new VolumeBoundary(Instant.ofEpochSecond(rs.getLong("boundary_epoch")),
                                    rs.getLong("litres"), rs.getInt("segment")));
                });
        return states;
    }

    public void saveVolumeState(int meterId, Medium medium, VolumeBoundary boundary) {
        jdbc.sql("""
                        INSERT INTO volume_state (meter_id, medium, boundary_epoch, segment, litres)
                        VALUES (?, ?, ?, ?, ?)
                        ON CONFLICT (meter_id, medium) DO UPDATE SET boundary_epoch = excluded.boundary_epoch,
                            segment = excluded.segment, litres = excluded.litres""")
                .params(meterId, medium.name().toLowerCase(Locale.ROOT), boundary.at().getEpochSecond(),
                        boundary.segment(), boundary.litres())
                .update();
    }

    /** Stores the meter's own monthly peaks; a month already stored takes the new value. */
    public void saveMonthPeaks(int meterId, Collection<MeterMonthPeak> peaks) {
        for (MeterMonthPeak peak : peaks) {
            jdbc.sql("""
                            INSERT INTO meter_month_peak (meter_id, month, peak_w, occurred_epoch) VALUES (?, ?, ?, ?)
                            ON CONFLICT (meter_id, month) DO UPDATE SET peak_w = excluded.peak_w,
                                occurred_epoch = excluded.occurred_epoch""")
                    .params(meterId, peak.month().toString(), peak.watts(),
                            peak.occurredAt() == null ? null : peak.occurredAt().getEpochSecond())
                    .update();
        }
    }

    /** The meter's own monthly peaks, oldest month first. */
    public List<MeterMonthPeak> monthPeaks(int meterId) {
        return jdbc.sql("SELECT month, peak_w, occurred_epoch FROM meter_month_peak WHERE meter_id = ? ORDER BY month")
                .param(meterId)
                .query((rs, n) -> {
                    long occurred = rs.getLong("occurred_epoch");
                    Instant at = rs.wasNull() ? null : Instant.ofEpochSecond(occurred);
                    return new MeterMonthPeak(YearMonth.parse(rs.getString("month")), rs.getLong("peak_w"), at);
                })
                .list();
    }
}
