package org.meterkast.server.fleet;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import org.meterkast.energy.quarter.ClosedQuarter;
import org.meterkast.energy.quarter.MeterReadings;
import org.meterkast.energy.quarter.QuarterBuilder;
import org.meterkast.energy.quarter.RegisterSnapshot;
import org.meterkast.p1.Telegram;
import org.meterkast.p1.TelegramParser;
import org.meterkast.sim.fleet.Fleet;
import org.meterkast.sim.fleet.FleetMeter;

/**
 * The quarters one node makes of a meter's whole stream of telegrams, in order, exactly as a single Meterkast
 * computes them (the parser, then {@link QuarterBuilder} with its default gap and the main fuse's limit): what a
 * fleet of nodes must have stored, whatever way the telegrams were spread over them; and the comparison of that with
 * what they stored.
 */
final class SingleNodeQuarters {
    private final TreeMap<Long, Row> rows = new TreeMap<>();
    private final TelegramParser parser = new TelegramParser();
    private final QuarterBuilder builder = new QuarterBuilder();
    private final String meter;

    SingleNodeQuarters(String meter) {
        this.meter = Objects.requireNonNull(meter, "meter");
    }

    /**
     * A quarter as the {@code quarter} table holds it, without its segment (a number only the one builder that saw
     * every reading of a meter can count) and without the meter's own demand.
     */
    record Row(String meter, long startEpoch, long importDayWh, long importNightWh, long exportDayWh,
               long exportNightWh, boolean estimated) {
        @Override
        public String toString() {
            return meter + " " + java.time.Instant.ofEpochSecond(startEpoch) + " import " + importDayWh + "+"
                    + importNightWh + " Wh, export " + exportDayWh + "+" + exportNightWh + " Wh"
                    + (estimated ? ", estimated" : "");
        }
    }

    /** Takes the meter's next telegram, as the dongle published it. */
    SingleNodeQuarters accept(byte[] telegram) {
        Telegram t = parser.parse(telegram);
        Optional<RegisterSnapshot> reading = MeterReadings.registers(t);
        if (reading.isPresent()) {
            for (ClosedQuarter q : builder.accept(reading.get())) {
                rows.put(q.quarter().start().getEpochSecond(), new Row(meter, q.quarter().start().getEpochSecond(),
                        q.energy().importDay(), q.energy().importNight(), q.energy().exportDay(),
                        q.energy().exportNight(), q.estimated()));
            }
        }
        return this;
    }

    /** The quarters closed so far, oldest first. */
    List<Row> rows() {
        return List.copyOf(rows.values());
    }

    /**
     * What differs between the expected quarters and the stored ones, each list in the order of the expected.
     *
     * @param missing   expected, not stored
     * @param extra     stored, not expected
     * @param different stored with other values: pairs of (expected, stored)
     */
    record Differences(List<Row> missing, List<Row> extra, List<Row[]> different) {
        boolean none() {
            return missing.isEmpty() && extra.isEmpty() && different.isEmpty();
        }

        /** The counts and up to {@code shown} rows of each kind, for a failure message. */
        String describe(int shown) {
            StringBuilder s = new StringBuilder();
            s.append(missing.size()).append(" missing, ").append(extra.size()).append(" not expected, ")
                    .append(different.size()).append(" with other values");
            missing.stream().limit(shown).forEach(r -> s.append("\n  missing: ").append(r));
            extra.stream().limit(shown).forEach(r -> s.append("\n  not expected: ").append(r));
            different.stream().limit(shown).forEach(p -> s.append("\n  expected: ").append(p[0])
                    .append("\n    stored: ").append(p[1]));
            return s.toString();
        }
    }

    /** What one node makes of the first {@code meters} meters of {@code fleet}, {@code telegrams} telegrams each. */
    static List<Row> of(Fleet fleet, int meters, int telegrams) {
        List<Row> rows = new ArrayList<>();
        for (int n = 1; n <= meters; n++) {
            FleetMeter meter = fleet.meter(n);
            SingleNodeQuarters quarters = new SingleNodeQuarters(meter.id());
            for (int i = 0; i < telegrams; i++) {
                quarters.accept(meter.next());
            }
            rows.addAll(quarters.rows());
        }
        return rows;
    }

    /** The quarters stored for the simulated fleet's meters ({@code fleet-…}), in the database of {@code c}. */
    static List<Row> stored(Connection c) throws SQLException {
        List<Row> rows = new ArrayList<>();
        try (Statement s = c.createStatement();
             ResultSet r = s.executeQuery("SELECT m.name, q.start_epoch, q.import_day_wh, q.import_night_wh, "
                     + "q.export_day_wh, q.export_night_wh, q.estimated FROM quarter q JOIN meter m ON m.id = q.meter_id "
                     + "WHERE m.name LIKE 'fleet-%' ORDER BY m.name, q.start_epoch")) {
            while (r.next()) {
                rows.add(new Row(r.getString(1), r.getLong(2), r.getLong(3), r.getLong(4), r.getLong(5), r.getLong(6),
                        r.getBoolean(7)));
            }
        }
        return rows;
    }

    /** Compares quarters keyed by (meter, start): {@code expected} against {@code stored}. */
    static Differences compare(List<Row> expected, List<Row> stored) {
        Map<String, Row> byKey = new TreeMap<>();
        for (Row r : stored) {
            byKey.put(key(r), r);
        }
        List<Row> missing = new ArrayList<>();
        List<Row[]> different = new ArrayList<>();
        for (Row e : expected) {
            Row s = byKey.remove(key(e));
            if (s == null) {
                missing.add(e);
            } else if (!s.equals(e)) {
                different.add(new Row[] {e, s});
            }
        }
        return new Differences(missing, List.copyOf(byKey.values()), different);
    }

    private static String key(Row r) {
        return r.meter() + "@" + r.startEpoch();
    }
}
