package org.meterkast.server.ingest;

import java.time.Clock;
import java.util.List;
import java.util.Locale;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The live sources given to addresses in the app (V12), read again at every start. */
@Repository
class AddedSources {
    /** One meter's source: its kind and the address typed. */
    record Added(String meter, MeterSettings.SourceType type, String address) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    AddedSources(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    List<Added> all() {
        return jdbc.sql("SELECT m.name, s.kind, s.address FROM meter_source s JOIN meter m ON m.id = s.meter_id ORDER BY m.name")
                .query((rs, n) -> new Added(rs.getString(1),
                        MeterSettings.SourceType.valueOf(rs.getString(2).toUpperCase(Locale.ROOT)), rs.getString(3)))
                .list();
    }

    void save(String meter, MeterSettings.SourceType type, String address) {
        jdbc.sql("""
                        INSERT INTO meter_source (meter_id, kind, address, saved_epoch)
                        SELECT id, ?, ?, ? FROM meter WHERE name = ?
                        ON CONFLICT (meter_id) DO UPDATE SET kind = excluded.kind, address = excluded.address,
                                                             saved_epoch = excluded.saved_epoch""")
                .params(type.name().toLowerCase(Locale.ROOT), address, clock.instant().getEpochSecond(), meter)
                .update();
    }

    boolean remove(String meter) {
        return jdbc.sql("DELETE FROM meter_source WHERE meter_id = (SELECT id FROM meter WHERE name = ?)").param(meter)
                .update() > 0;
    }
}
